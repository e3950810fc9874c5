const fns = [];
for (let i = 0; i < 10; i++) {
  fns.push(() => i);
  i += 2;
}
console.log(fns.map(f => f()).join(","));
const seen = [];
for (let i = 0; i < 6; i++) {
  const get = () => i;
  i++;
  seen.push(get);
}
console.log(seen.map(f => f()).join(","));

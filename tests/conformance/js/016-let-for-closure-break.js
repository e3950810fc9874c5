const fns = [];
let k;
for (let i = 0; ; i++) {
  fns.push(() => i);
  if (i === 3) {
    k = i;
    break;
  }
}
console.log(fns.map(f => f()).join(","), k);
const found = [];
for (let i = 0; i < 100; i++) {
  if (i * i > 20) {
    found.push(() => "first square over 20 is " + i * i);
    break;
  }
}
console.log(found[0]());

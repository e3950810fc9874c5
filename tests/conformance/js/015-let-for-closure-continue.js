const fns = [];
for (let i = 0; i < 6; i++) {
  if (i % 2 === 0) continue;
  fns.push(() => i * 10);
}
console.log(fns.map(f => f()).join(","));
const more = [];
for (let i = 0; i < 4; i++) {
  more.push(() => "before-" + i);
  if (i === 1) continue;
  more.push(() => "after-" + i);
}
console.log(more.map(f => f()).join(" "));

const fns = [];
for (let i = 0; i < 5; i++) {
  fns.push(() => i);
}
console.log(fns.map(f => f()).join(","));
const vars = [];
for (var j = 0; j < 3; j++) {
  vars.push(() => j);
}
console.log(vars.map(f => f()).join(","));
const pairs = [];
for (let a = 0, b = 10; a < 3; a++, b--) {
  pairs.push(() => a + ":" + b);
}
console.log(pairs.map(f => f()).join(" "));

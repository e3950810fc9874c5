const fns = [];
for (const word of ["red", "green", "blue"]) {
  fns.push(() => word.length);
}
console.log(fns.map(f => f()).join(","));
const letFns = [];
for (let n of [1, 2, 3, 4]) {
  n = n * 100;
  letFns.push(() => n);
  if (n === 300) break;
}
console.log(letFns.map(f => f()).join(","));
const labeled = [];
outer: for (const a of ["p", "q"]) {
  for (const b of [1, 2, 3]) {
    if (b === 3) continue outer;
    labeled.push(() => a + b);
  }
}
console.log(labeled.map(f => f()).join(" "));

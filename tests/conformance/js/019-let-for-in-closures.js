const obj = { alpha: 1, beta: 2, gamma: 3 };
const fns = [];
for (let key in obj) {
  fns.push(() => key + "=" + obj[key]);
}
console.log(fns.map(f => f()).join("&"));
const skip = [];
for (const key in obj) {
  if (key === "beta") continue;
  skip.push(() => key.toUpperCase());
}
console.log(skip.map(f => f()).join(","));
const arrFns = [];
for (let idx in ["x", "y"]) {
  arrFns.push(() => typeof idx + ":" + idx);
}
console.log(arrFns.map(f => f()).join(" "));

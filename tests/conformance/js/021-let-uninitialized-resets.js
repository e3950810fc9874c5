const out = [];
for (let i = 0; i < 4; i++) {
  let seen;
  if (i % 2 === 0) seen = "set@" + i;
  out.push(String(seen));
}
console.log(out.join(","));
const fns = [];
for (const x of [1, 2, 3]) {
  let acc;
  acc = (acc || 0) + x;
  fns.push(() => acc);
}
console.log(fns.map(f => f()).join(","));
let n = 0;
while (n < 3) {
  let v;
  console.log("iteration", n, v === undefined);
  v = n;
  n++;
}

let total = 0;
for (const n of [1, 2, 3, 4]) total += n;
console.log(total);
const chars = [];
for (const ch of "abc") chars.push(ch.toUpperCase());
console.log(chars.join("-"));
const holes = [];
for (const v of [1, , 3]) holes.push(String(v));
console.log(holes.join(","));
const arr = [1, 2, 3];
const seen = [];
for (const v of arr) {
  if (v === 1) arr.push(4);
  seen.push(v);
}
console.log(seen.join(","));
for (const x of []) console.log("never");
let last;
for (last of ["p", "q"]);
console.log(last);

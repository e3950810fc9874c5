const opts = { color: null, size: 0, name: "n" };
opts.color ??= "blue";
opts.size ||= 12;
opts.name &&= opts.name.toUpperCase();
opts.extra ??= "added";
console.log(JSON.stringify(opts));
const counts = {};
for (const w of ["a", "b", "a", "c", "a"]) {
  counts[w] ??= 0;
  counts[w]++;
}
console.log(JSON.stringify(counts));
let keyEvals = 0;
const key = () => {
  keyEvals++;
  return "k";
};
const target = { k: 1 };
target[key()] ??= 2;
target[key()] ||= 3;
target[key()] &&= 4;
console.log(target.k, keyEvals);
const groups = {};
["x1", "y1", "x2"].forEach(s => (groups[s[0]] ||= []).push(s));
console.log(JSON.stringify(groups));

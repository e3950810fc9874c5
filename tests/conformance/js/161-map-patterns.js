const words = "the cat and the hat and the bat".split(" ");
const freq = new Map();
for (const w of words) freq.set(w, (freq.get(w) || 0) + 1);
console.log(JSON.stringify([...freq]));
const top = [...freq].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
console.log(top.join("="));
const cache = new Map();
function slowSquare(n) {
  if (cache.has(n)) return "cached " + cache.get(n);
  const v = n * n;
  cache.set(n, v);
  return "computed " + v;
}
console.log(slowSquare(4), "|", slowSquare(4), "|", cache.size);
const grouped = new Map();
for (const n of [1, 2, 3, 4, 5, 6]) {
  const key = n % 2 ? "odd" : "even";
  if (!grouped.has(key)) grouped.set(key, []);
  grouped.get(key).push(n);
}
for (const [k, v] of grouped) console.log(k, v.join(","));
const copy = new Map(grouped);
copy.delete("odd");
console.log(grouped.size, copy.size);

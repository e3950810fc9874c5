const text = `It was the best of times, it was the worst of times,
it was the age of wisdom, it was the age of foolishness`;
const words = text.toLowerCase().match(/[a-z]+/g);
console.log(words.length);
const counts = new Map();
for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
const top = [...counts.entries()]
  .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
  .slice(0, 5)
  .map(([w, c]) => `${w}:${c}`);
console.log(top.join(" "));
const longest = words.reduce((best, w) => (w.length > best.length ? w : best), "");
console.log(longest, new Set(words).size);
const lines = text.split("\n").map((l, i) => `${String(i + 1).padStart(2, "0")}: ${l.trimEnd()}`);
console.log(lines.join(" / "));

const items = [];
const groups = ["b", "a", "c", "a", "b", "c", "a", "b", "a", "c", "b", "a"];
groups.forEach((g, i) => items.push({ g, i }));
const stable = [...items].sort((x, y) => (x.g < y.g ? -1 : x.g > y.g ? 1 : 0));
console.log(stable.map(o => o.g + o.i).join(" "));
const scores = [
  ["ann", 2], ["bob", 1], ["cy", 2], ["dee", 1], ["eve", 3], ["fay", 2], ["gus", 1],
  ["hal", 3], ["ivy", 2], ["jo", 1], ["kim", 3], ["lu", 2],
];
const byScore = [...scores].sort((a, b) => b[1] - a[1]);
console.log(byScore.map(([n]) => n).join(","));
const many = Array.from({ length: 40 }, (_, i) => ({ key: i % 3, id: i }));
const sortedMany = many.sort((a, b) => a.key - b.key);
console.log(sortedMany.map(o => o.id).join(","));

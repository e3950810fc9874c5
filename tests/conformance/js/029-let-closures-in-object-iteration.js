const scores = new Map([["ann", 3], ["bob", 5], ["cy", 1]]);
const report = [];
for (const [who, score] of scores) {
  report.push(() => `${who}:${score}`);
}
console.log(report.map(f => f()).join(" "));
const fns = [];
for (let { id, tag = "none" } of [{ id: 1 }, { id: 2, tag: "x" }]) {
  fns.push(() => id + tag);
}
console.log(fns.map(f => f()).join(","));
const arr = [];
for (let [i, ch] of Array.from("xyz").map((c, n) => [n, c])) {
  arr.push(() => ch.repeat(i + 1));
}
console.log(arr.map(f => f()).join(","));

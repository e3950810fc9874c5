function area({ width, height = width }) {
  return width * height;
}
console.log(area({ width: 3, height: 4 }), area({ width: 5 }));
function first([a, b] = [0, 0]) {
  return a + b;
}
console.log(first([1, 2]), first());
const fmt = ({ name, tags: [firstTag = "none", ...more] = [] } = {}) =>
  `${name}:${firstTag}:${more.length}`;
console.log(fmt({ name: "x", tags: ["a", "b", "c"] }));
console.log(fmt({ name: "y" }));
console.log(fmt());
const pairs = [[1, "one"], [2, "two"]];
console.log(pairs.map(([num, word]) => `${word}=${num}`).join("&"));
function opts(required, { verbose = false, level = 1 } = {}) {
  return `${required} ${verbose} ${level}`;
}
console.log(opts("r"), "|", opts("r", { level: 3 }));

class Point {
  constructor(x, y) {
    this.x = x;
    this.y = y;
  }
  get length() {
    return Math.sqrt(this.x ** 2 + this.y ** 2);
  }
}
const name = "report";
const data = {
  name,
  points: [new Point(3, 4), new Point(0, 1)],
  ["computed" + "Key"]: true,
  nested: { list: [1, "two", null, undefined, () => 1], flag: false },
  skip: undefined,
  fn() {},
};
console.log(JSON.stringify(data));
console.log(JSON.stringify(data.points, null, 2));
console.log(JSON.stringify({ a: [1, { b: 2 }] }, null, "--"));
console.log(JSON.stringify(data, ["name", "points", "x"]));
console.log(JSON.stringify({ n: 1, s: "two" }, (k, v) => (typeof v === "number" ? v * 10 : v)));
console.log(JSON.stringify("quote\" backslash\\ newline\n tab\t"));
console.log(JSON.stringify({ toJSON() { return { custom: true }; } }));
console.log(JSON.stringify([NaN, Infinity, null]), JSON.stringify(undefined));

const key = "color";
let i = 0;
const obj = {
  [key]: "red",
  [key + "Dark"]: "maroon",
  [`item${++i}`]: i,
  [`item${++i}`]: i,
  ["method" + "Name"]() {
    return "computed method";
  },
};
console.log(JSON.stringify(obj));
console.log(obj.methodName());
const fields = ["first", "second"];
const fromFields = fields.reduce((acc, f, idx) => ({ ...acc, [f]: idx }), {});
console.log(JSON.stringify(fromFields));
const dup = { a: 1, ["a"]: 2 };
console.log(dup.a);
const order = [];
const ordered = {
  [(order.push("k1"), "k1")]: (order.push("v1"), 1),
  [(order.push("k2"), "k2")]: (order.push("v2"), 2),
};
console.log(order.join(","), Object.keys(ordered).join(","));

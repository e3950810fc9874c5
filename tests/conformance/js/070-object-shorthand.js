const name = "widget";
const price = 9.5;
const tags = ["a", "b"];
const item = { name, price, tags };
console.log(JSON.stringify(item));
function make(id, label) {
  return { id, label, kind: "made" };
}
console.log(JSON.stringify(make(1, "one")));
const x = 1, y = 2;
const point = { x, y, sum: x + y };
console.log(point.x, point.y, point.sum);
const undef = undefined;
console.log(JSON.stringify({ undef, n: null }), "undef" in { undef });

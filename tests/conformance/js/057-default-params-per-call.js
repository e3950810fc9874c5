function append(item, list = []) {
  list.push(item);
  return list;
}
console.log(append(1).join(","), append(2).join(","));
let counter = 0;
function stamp(id = ++counter) {
  return id;
}
console.log(stamp(), stamp(), stamp(99), stamp());
function withObj(o = { hits: 0 }) {
  o.hits++;
  return o.hits;
}
console.log(withObj(), withObj());
const shared = { hits: 10 };
console.log(withObj(shared), withObj(shared));
function lazy(x = thrower()) {
  return x;
}
function thrower() {
  throw new Error("should not run");
}
console.log(lazy("given"));

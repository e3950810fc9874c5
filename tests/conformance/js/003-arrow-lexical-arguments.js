function outer() {
  const first = () => arguments[0];
  const all = () => Array.prototype.slice.call(arguments).join("-");
  const nested = () => () => arguments.length;
  return [first(), all(), nested()()];
}
console.log(outer("a", "b", "c").join("|"));
function sum() {
  const reducer = () => {
    let s = 0;
    for (let i = 0; i < arguments.length; i++) s += arguments[i];
    return s;
  };
  return reducer(100, 200);
}
console.log(sum(1, 2, 3));
function wrap(x) {
  return [10, 20].map((v) => v + arguments[0]);
}
console.log(wrap(5).join(","));

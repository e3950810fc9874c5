const x = "outer";
function f(a = () => x) {
  const x = "inner";
  return a();
}
console.log(f());
function g(getter = () => value, value = 5) {
  return getter();
}
console.log(g());
function makeMultiplier(factor = 2) {
  return (n, by = factor) => n * by;
}
console.log(makeMultiplier()(10), makeMultiplier(3)(10), makeMultiplier(3)(10, 4));
function args(a = 1, b = 2) {
  return arguments.length;
}
console.log(args(), args(undefined), args(1, 2));

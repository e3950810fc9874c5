function greet(name, times) {
  return `hi ${name}`.repeat(times ?? 1);
}
console.log(greet("a"), greet("b", 2));
const add = (a, b = 10) => a + b;
console.log(add(1), add(1, 2));
function rest(first, ...others) {
  return others.length;
}
console.log(rest("a", "b", "c"));
function destruct({ x, y }, [z]) {
  return x + y + z;
}
console.log(destruct({ x: 1, y: 2 }, [3]));
function nothing() {
  return;
}
console.log(nothing());

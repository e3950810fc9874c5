function collect(first, ...others) {
  return `${first}:${others.length}:${others.join("+")}`;
}
console.log(collect(1));
console.log(collect(1, 2, 3));
function isArray(...xs) {
  return Array.isArray(xs);
}
console.log(isArray(), isArray(1));
const sum = (...nums) => nums.reduce((a, b) => a + b, 0);
console.log(sum(), sum(1, 2, 3, 4));
function lengthOf(a, b, ...c) {}
console.log(lengthOf.length);
const obj = {
  log(prefix, ...parts) {
    return prefix + parts.map(p => `[${p}]`).join("");
  },
};
console.log(obj.log(">", "a", "b"));
function restDestructure(...[a, b]) {
  return a + b;
}
console.log(restDestructure(3, 4, 5));

const nums = [5, 1, 9, 3];
console.log(Math.max(...nums), Math.min(...nums));
function three(a, b, c) {
  return [a, b, c].join("/");
}
console.log(three(...["x", "y", "z"]));
console.log(three(1, ...[2], 3));
console.log(three(...[1], ...[2, 3, 4]));
console.log(three(..."ab"));
const obj = {
  base: 100,
  add(...xs) {
    return xs.reduce((s, x) => s + x, this.base);
  },
};
console.log(obj.add(...[1, 2, 3]));
console.log(obj["add"](...nums));
const arr = [];
arr.push(...[1, 2], ...new Set([3, 3, 4]));
console.log(arr.join(","));

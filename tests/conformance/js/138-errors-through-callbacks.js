function tryMap(list, fn) {
  try {
    return list.map(fn).join(",");
  } catch (e) {
    return "failed: " + e.message;
  }
}
console.log(tryMap([1, 2, 3], x => x * 2));
console.log(tryMap([1, 2, 3], x => {
  if (x === 2) throw new Error(`bad ${x}`);
  return x;
}));
const obj = {
  get broken() {
    throw new RangeError("getter failed");
  },
};
try {
  const { broken } = obj;
  console.log("unreachable", broken);
} catch (e) {
  console.log(e.name, e.message);
}
const results = [];
[() => 1, () => { throw new TypeError("t"); }, () => 3].forEach((f, i) => {
  try {
    results.push(f());
  } catch ({ name }) {
    results.push(`${i}:${name}`);
  }
});
console.log(results.join(" "));

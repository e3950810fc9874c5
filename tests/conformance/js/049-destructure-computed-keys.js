const key = "dynamic";
const { [key]: value } = { dynamic: "found" };
console.log(value);
const prefix = "item";
const { [`${prefix}A`]: a, [prefix + "B"]: b = "defaultB" } = { itemA: 1 };
console.log(a, b);
const pick = (obj, k) => {
  const { [k]: picked, ...others } = obj;
  return `${picked}|${Object.keys(others).join(",")}`;
};
console.log(pick({ p: 1, q: 2, r: 3 }, "q"));
let n = 0;
const { [(n++, "x")]: x } = { x: "once" };
console.log(x, n);

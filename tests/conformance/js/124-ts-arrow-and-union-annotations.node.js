const format = (value, width) => String(value).padStart(width ?? 4, "0");
console.log(format(7), format("ab", 3));
const apply = (fn, x) => fn(x);
console.log(apply(n => n * 3, 5));
let mode = "on";
mode = "off";
console.log(mode);
function total(items) {
  return items.reduce((s, { price, qty = 1 }) => s + price * qty, 0);
}
console.log(total([{ price: 2, qty: 3 }, { price: 5 }]));
const parsed = JSON.parse("[1,2]");
console.log(parsed.length);

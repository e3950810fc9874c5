const rows = [
  { item: "Tea", qty: 2, price: 3.5 },
  { item: "Biscuits", qty: 10, price: 0.25 },
  { item: "Cake", qty: 1, price: 12 },
];
const widths = { item: Math.max(4, ...rows.map(r => r.item.length)), qty: 3, total: 8 };
const line = (item, qty, total) =>
  `${item.padEnd(widths.item)} | ${String(qty).padStart(widths.qty)} | ${total.padStart(widths.total)}`;
console.log(line("Item", "Qty", "Total"));
console.log("-".repeat(widths.item + widths.qty + widths.total + 6));
let sum = 0;
for (const { item, qty, price } of rows) {
  const total = qty * price;
  sum += total;
  console.log(line(item, qty, total.toFixed(2)));
}
console.log(line("Sum", "", sum.toFixed(2)));

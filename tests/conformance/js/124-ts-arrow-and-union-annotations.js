const format = (value: number | string, width?: number): string => String(value).padStart(width ?? 4, "0");
console.log(format(7), format("ab", 3));
const apply = (fn: (x: number) => number, x: number): number => fn(x);
console.log(apply(n => n * 3, 5));
let mode: "on" | "off" = "on";
mode = "off";
console.log(mode);
function total(items: { price: number; qty?: number }[]): number {
  return items.reduce((s, { price, qty = 1 }) => s + price * qty, 0);
}
console.log(total([{ price: 2, qty: 3 }, { price: 5 }]));
const parsed = JSON.parse("[1,2]") as number[];
console.log(parsed.length);

const m = new Map([["a", 1], ["b", 2]]);
const visited = [];
for (const [k, v] of m) {
  visited.push(k);
  if (k === "a") m.set("c", 3);
  if (k === "b") m.delete("c") || visited.push("never");
  if (visited.length > 10) break;
}
console.log(visited.join(","), m.size);
const m2 = new Map([["x", 1], ["y", 2], ["z", 3]]);
const seen = [];
for (const k of m2.keys()) {
  seen.push(k);
  if (k === "x") m2.delete("y");
}
console.log(seen.join(","));
const s = new Set([1, 2, 3]);
const order = [];
for (const v of s) {
  order.push(v);
  if (v === 1) { s.delete(2); s.add(4); }
  if (order.length > 6) break;
}
console.log(order.join(","));

function deepEqual(a, b) {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a), kb = Object.keys(b);
  return ka.length === kb.length && ka.every(k => deepEqual(a[k], b[k]));
}
function deepClone(v) {
  if (Array.isArray(v)) return v.map(deepClone);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, deepClone(x)]));
  return v;
}
const original = { a: [1, { b: 2 }], c: { d: { e: "f" } }, g: null };
const copy = deepClone(original);
console.log(deepEqual(original, copy), copy === original, copy.a[1] === original.a[1]);
copy.c.d.e = "changed";
console.log(deepEqual(original, copy), original.c.d.e);
console.log(deepEqual([1, 2], { 0: 1, 1: 2 }), deepEqual({ x: undefined }, { y: undefined }));
console.log(deepEqual({ x: [1, [2, [3]]] }, { x: [1, [2, [3]]] }));

const sizes = new WeakMap();
let computeCount = 0;
function sizeOf(obj) {
  if (sizes.has(obj)) return sizes.get(obj);
  computeCount++;
  const size = JSON.stringify(obj).length;
  sizes.set(obj, size);
  return size;
}
const a = { name: "alpha", list: [1, 2, 3] };
const b = { name: "b" };
console.log(sizeOf(a), sizeOf(b), sizeOf(a), computeCount);
const tags = new WeakMap([[a, "tag-a"]]);
console.log(tags.get(a), tags.has(b), tags.get(b));
const chain = new WeakMap();
console.log(chain.set(a, 1) === chain, chain.get(a));

let calls = 0;
function getObj() {
  calls++;
  return { value: 42, method() { return this.value; } };
}
console.log(getObj()?.value, calls);
console.log(getObj()?.method(), calls);
console.log(getObj()?.method?.(), calls);
let idx = 0;
const arr = [10, 20, 30];
console.log(arr?.[idx++], idx);
const map = new Map([["k", { v: 1 }]]);
let lookups = 0;
const get = k => { lookups++; return map.get(k); };
console.log(get("k")?.v, get("zz")?.v, lookups);

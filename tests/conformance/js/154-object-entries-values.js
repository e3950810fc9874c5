const inventory = { apples: 3, pears: 0, plums: 12 };
console.log(JSON.stringify(Object.entries(inventory)));
console.log(JSON.stringify(Object.values(inventory)));
const total = Object.values(inventory).reduce((a, b) => a + b, 0);
console.log(total);
for (const [fruit, count] of Object.entries(inventory)) {
  if (count > 0) console.log(`${fruit}: ${count}`);
}
class Thing {
  constructor() { this.own = 1; }
  method() {}
}
console.log(JSON.stringify(Object.entries(new Thing())));
console.log(Object.entries({}).length, Object.values("ab").join("+"));

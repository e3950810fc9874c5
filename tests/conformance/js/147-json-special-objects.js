class Base {
  constructor() {
    this.base = "b";
  }
}
class Derived extends Base {
  derived = "d";
  constructor() {
    super();
    this.after = "a";
  }
}
console.log(JSON.stringify(new Derived()));
console.log(JSON.stringify({ map: new Map([["k", 1]]), set: new Set([1]) }));
console.log(JSON.stringify([new Map(), new WeakMap()]));
const withNested = { list: [{ a: [] }, {}], empty: "" };
console.log(JSON.stringify(withNested, null, 1));
const arr = [1, 2];
arr.extra = "ignored";
console.log(JSON.stringify(arr));
console.log(JSON.stringify({ date: { toJSON: () => "custom-date" } }));
console.log(JSON.stringify(Object.create({ inherited: 1 })));

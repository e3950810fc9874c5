const meta = new WeakMap();
const a = { name: "a" };
const b = { name: "b" };
meta.set(a, { visits: 1 });
console.log(meta.has(a), meta.has(b), meta.get(a).visits, meta.get(b));
meta.set(b, "bee");
meta.get(a).visits++;
console.log(meta.get(a).visits, meta.get(b));
console.log(meta.delete(a), meta.has(a), meta.delete(a));
const privates = new WeakMap();
class Person {
  constructor(name, secret) {
    this.name = name;
    privates.set(this, { secret });
  }
  reveal() {
    return `${this.name} says ${privates.get(this).secret}`;
  }
}
const p = new Person("ann", "psst");
console.log(p.reveal(), JSON.stringify(p));
let threw = false;
try {
  meta.set("string key", 1);
} catch (e) {
  threw = e instanceof TypeError;
}
console.log(threw);

class Counter {
  constructor(start) {
    this.value = start;
  }
  increment() {
    this.value++;
    return this;
  }
  toString() {
    return `Counter(${this.value})`;
  }
}
const c = new Counter(5);
c.increment().increment();
console.log(c.value, String(c));
console.log(c instanceof Counter, typeof Counter);
console.log(Object.keys(c).join(","));
const methods = [];
for (const k in c) methods.push(k);
console.log(methods.join(","));
console.log(c.hasOwnProperty("increment"), "increment" in c);
console.log(Object.getPrototypeOf(c) === Counter.prototype);

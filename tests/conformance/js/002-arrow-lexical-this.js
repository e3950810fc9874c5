const counter = {
  count: 0,
  label: "clicks",
  incrementAll(values) {
    values.forEach(v => { this.count += v; });
    return this.count;
  },
  describe() {
    const inner = () => `${this.label}: ${this.count}`;
    return inner();
  },
  later() {
    return () => () => this.label.toUpperCase();
  },
};
console.log(counter.incrementAll([1, 2, 3]));
console.log(counter.describe());
const f = counter.later();
console.log(f()());
const other = { label: "other", count: 0 };
console.log(f.call(other)());
console.log(counter.describe.call(other));

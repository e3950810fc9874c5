const calc = {
  value: 0,
  add(n) {
    this.value += n;
    return this;
  },
  mul(n) {
    this.value *= n;
    return this;
  },
  "quoted method"() {
    return "quoted";
  },
  42() {
    return "numeric name";
  },
  toString() {
    return `calc(${this.value})`;
  },
};
console.log(calc.add(3).mul(4).add(1).value);
console.log(String(calc));
console.log(calc["quoted method"](), calc[42]());
console.log(typeof calc.add, calc.add.length);
const nested = {
  inner: {
    hello() { return "hi from inner"; },
  },
};
console.log(nested.inner.hello());

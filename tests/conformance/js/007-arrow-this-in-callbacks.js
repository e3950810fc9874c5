function Timer(name) {
  this.name = name;
  this.ticks = [];
  [1, 2, 3].forEach(function (n) {
    this.ticks.push(n);
  }, this);
  [4, 5].forEach(n => this.ticks.push(n * 10));
}
const t = new Timer("t1");
console.log(t.name, t.ticks.join(","));
const obj = {
  values: [3, 1, 2],
  factor: 3,
  scaled() {
    return this.values.map(v => v * this.factor).sort((a, b) => a - b);
  },
  nestedFn() {
    const self = this;
    return function () {
      return (() => self.factor + (this === self ? 100 : 0))();
    }.call(self);
  },
};
console.log(obj.scaled().join(","));
console.log(obj.nestedFn());

class Base {
  constructor() {
    this._v = 1;
  }
  get value() {
    return this._v;
  }
  set value(v) {
    this._v = v;
  }
}
class Doubler extends Base {
  get value() {
    return super.value * 2;
  }
  set value(v) {
    super.value = v + 1;
  }
}
const d = new Doubler();
console.log(d.value);
d.value = 10;
console.log(d.value, d._v);
class Plain extends Base {}
const p = new Plain();
p.value = 7;
console.log(p.value, Object.keys(p).join(","));

let evaluations = 0;
const value = (v) => {
  evaluations++;
  return v;
};
let x = "present";
x ??= value("fallback");
x ||= value("fallback");
console.log(x, evaluations);
let y = 0;
y &&= value("never");
console.log(y, evaluations);
const log = [];
const obj = {
  _v: 1,
  get v() {
    log.push("get");
    return this._v;
  },
  set v(n) {
    log.push("set " + n);
    this._v = n;
  },
};
obj.v ||= 10;
console.log(log.join(","));
obj.v &&= 0;
obj.v ??= 5;
obj.v ||= 7;
console.log(log.join(","), obj._v);

const o = {
  get: 1,
  set: 2,
  static: 3,
  default: "d",
  class: "c",
  new() { return "new method"; },
  if: true,
  get get2() { return "getter named get2"; },
  of: "of",
  let: "let",
};
console.log(o.get, o.set, o.static, o.default, o.class, o.new(), o.if, o.get2, o.of, o.let);
class K {
  get() { return "method named get"; }
  set(v) { return "method named set " + v; }
  static static() { return "static named static"; }
  delete() { return "delete method"; }
}
const k = new K();
console.log(k.get(), k.set(1), K.static(), k.delete());
const { default: d, class: c } = o;
console.log(d, c);

const Named = class Inner {
  who() {
    return typeof Inner;
  }
};
console.log(new Named().who());
const Anon = class {
  constructor(v) {
    this.v = v;
  }
};
console.log(new Anon(3).v);
function mixin(Base) {
  return class extends Base {
    mixed() {
      return "mixed:" + this.base();
    }
  };
}
class Root {
  base() {
    return "root";
  }
}
const Mixed = mixin(Root);
const m = new Mixed();
console.log(m.mixed(), m instanceof Root);
const factories = [1, 2].map(n => class { value() { return n * 10; } });
console.log(factories.map(C => new C().value()).join(","));

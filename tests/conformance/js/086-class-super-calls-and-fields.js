class Base {
  tag = "base-field";
  constructor(x) {
    this.x = x;
    this.log = ["Base ctor"];
  }
  info() {
    return `x=${this.x}`;
  }
}
class Derived extends Base {
  extra = this.x * 2;
  constructor(x, y) {
    super(x + 1);
    this.y = y;
    this.log.push("Derived ctor");
  }
  info() {
    return super.info() + ` y=${this.y} extra=${this.extra}`;
  }
}
const d = new Derived(1, 5);
console.log(d.info());
console.log(d.tag, d.log.join(" > "));
console.log(JSON.stringify(Object.keys(d)));

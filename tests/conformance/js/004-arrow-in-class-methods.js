class Basket {
  constructor(owner) {
    this.owner = owner;
    this.items = [];
  }
  addAll(list) {
    list.forEach(item => this.items.push(`${this.owner}:${item}`));
    return this;
  }
  summary() {
    const fmt = (prefix) => items => prefix + items.length + " for " + this.owner;
    return fmt("count=")(this.items);
  }
  static create(name) {
    const build = () => new this(name);
    return build();
  }
}
const b = Basket.create("ann").addAll(["apple", "pear"]);
console.log(b.items.join(","));
console.log(b.summary());
console.log(b instanceof Basket);

class Item {
  constructor({ sku, name, price = 0, qty = 0 }) {
    Object.assign(this, { sku, name, price, qty });
  }
  get value() {
    return this.price * this.qty;
  }
  toJSON() {
    return { sku: this.sku, value: this.value };
  }
}
class Perishable extends Item {
  constructor({ days = 3, ...rest }) {
    super(rest);
    this.days = days;
  }
  get value() {
    return this.days <= 1 ? super.value / 2 : super.value;
  }
}
const stock = [
  new Item({ sku: "A1", name: "hammer", price: 12, qty: 3 }),
  new Perishable({ sku: "P1", name: "milk", price: 2, qty: 10, days: 1 }),
  new Perishable({ sku: "P2", name: "cheese", price: 8, qty: 2 }),
  new Item({ sku: "Z9", name: "ghost" }),
];
console.log(JSON.stringify(stock));
const total = stock.reduce((s, i) => s + i.value, 0);
console.log(total, stock.filter(i => i instanceof Perishable).map(i => i.name).join(","));
console.log(stock.find(i => i.value === 0)?.name ?? "none");

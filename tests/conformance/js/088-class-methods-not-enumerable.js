class Shape {
  constructor() {
    this.sides = 0;
  }
  area() {
    return 0;
  }
  static create() {
    return new Shape();
  }
  get label() {
    return "shape";
  }
}
const s = new Shape();
const keys = [];
for (const k in s) keys.push(k);
console.log(keys.join(","));
console.log(Object.keys(Shape.prototype).length);
console.log(Object.getOwnPropertyNames(Shape.prototype).sort().join(","));
console.log(Object.getOwnPropertyDescriptor(Shape.prototype, "area").enumerable);
console.log(Object.keys(Shape).length);
console.log(JSON.stringify(s));
console.log(Shape.prototype.constructor === Shape);

class Shape {
  area() {
    throw new Error("abstract");
  }
  toString() {
    return `${this.constructor.name}:${this.area().toFixed(1)}`;
  }
}
class Circle extends Shape {
  constructor(r) {
    super();
    this.r = r;
  }
  area() {
    return 3 * this.r * this.r;
  }
}
class Square extends Shape {
  constructor(s) {
    super();
    this.s = s;
  }
  area() {
    return this.s ** 2;
  }
}
const shapes = [new Circle(1), new Square(2), new Circle(2)];
console.log(shapes.map(s => s.area()).join(","));
console.log(shapes.map(String).join(" "));
try {
  new Shape().area();
} catch (e) {
  console.log("abstract:", e.message);
}
const total = shapes.reduce((sum, s) => sum + s.area(), 0);
console.log(total);

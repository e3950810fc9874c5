class Shape {
  static count = 0;
  static registry = new Map();
  static register(kind, ctor) {
    this.registry.set(kind, ctor);
  }
  static create(kind, ...args) {
    const Ctor = Shape.registry.get(kind);
    return Ctor ? new Ctor(...args) : null;
  }
  constructor() {
    Shape.count++;
    this.id = Shape.count;
  }
  get label() {
    return `${this.kind}#${this.id}`;
  }
}
class Circle extends Shape {
  kind = "circle";
  constructor(r) {
    super();
    this.r = r;
  }
}
class Square extends Shape {
  kind = "square";
}
Shape.register("circle", Circle);
Shape.register("square", Square);
const shapes = ["circle", "square", "hexagon", "circle"].map((k, i) => Shape.create(k, i + 1));
console.log(shapes.map(s => s?.label ?? "unknown").join(" "));
console.log(Shape.count, Circle.count, Object.prototype.hasOwnProperty.call(Circle, "count"));
console.log(shapes[3].r, shapes[0] instanceof Shape);

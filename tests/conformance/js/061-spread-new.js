class Point {
  constructor(x, y, z = 0) {
    this.x = x;
    this.y = y;
    this.z = z;
  }
  toString() {
    return `(${this.x},${this.y},${this.z})`;
  }
}
const coords = [1, 2];
console.log(String(new Point(...coords)));
console.log(String(new Point(...coords, 3)));
console.log(String(new Point(...[7, 8, 9, 10])));
function Legacy(a, b) {
  this.sum = a + b;
}
const l = new Legacy(...[20, 22]);
console.log(l.sum, l instanceof Legacy);
const m = new Map(...[[["k", "v"]]]);
console.log(m.get("k"));
const d = new Array(...[3]);
console.log(d.length);

class Rect {
  constructor(w, h) {
    this.w = w;
    this.h = h;
  }
  get area() {
    return this.w * this.h;
  }
  set size(s) {
    this.w = s;
    this.h = s;
  }
  get size() {
    return this.w === this.h ? this.w : null;
  }
  static get unit() {
    return new Rect(1, 1);
  }
}
const r = new Rect(2, 3);
console.log(r.area, r.size);
r.size = 4;
console.log(r.area, r.size, r.w);
console.log(Rect.unit.area);
console.log(Object.keys(r).join(","));
console.log(JSON.stringify(r));
const desc = Object.getOwnPropertyDescriptor(Rect.prototype, "area");
console.log(typeof desc.get, desc.set, desc.enumerable);

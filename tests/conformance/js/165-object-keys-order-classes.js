class A {
  first = 1;
  constructor() {
    this.second = 2;
  }
}
class B extends A {
  third = 3;
  constructor() {
    super();
    this.fourth = 4;
  }
}
console.log(Object.keys(new B()).join(","));
const o = { z: 1, y: 2 };
o.x = 3;
o.z = 4;
console.log(Object.keys(o).join(","), Object.values(o).join(","));
const merged = { ...o, a: 0, ...{ y: 9, b: 8 } };
console.log(Object.entries(merged).map(([k, v]) => k + v).join(" "));

class MathUtil {
  static square(x) {
    return x * x;
  }
  static cube(x) {
    return x * MathUtil.square(x);
  }
  static viaThis(x) {
    return this.square(x) + 1;
  }
}
console.log(MathUtil.square(3), MathUtil.cube(3), MathUtil.viaThis(3));
console.log(typeof new MathUtil().square);
class Registry {
  static count = 0;
  static items = [];
  static register(name) {
    Registry.count++;
    this.items.push(name);
    return this.count;
  }
}
Registry.register("a");
console.log(Registry.register("b"), Registry.items.join(","));
class Sub extends MathUtil {
  static cube(x) {
    return "sub:" + super.cube(x);
  }
}
console.log(Sub.cube(2), Sub.square(5));

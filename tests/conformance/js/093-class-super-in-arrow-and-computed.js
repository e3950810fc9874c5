const suffix = "Name";
class Base {
  greet(who) {
    return `hello ${who}`;
  }
  ["get" + suffix]() {
    return "base-name";
  }
  static make() {
    return "base-make";
  }
}
class Child extends Base {
  greetAll(list) {
    return list.map(w => super.greet(w)).join("; ");
  }
  ["get" + suffix]() {
    const later = () => () => super["get" + suffix]();
    return "child+" + later()();
  }
  static make() {
    const f = () => super.make();
    return "child-" + f();
  }
}
const c = new Child();
console.log(c.greetAll(["a", "b"]));
console.log(c.getName());
console.log(Child.make());
let threw = false;
try {
  Base();
} catch (e) {
  threw = e instanceof TypeError;
}
console.log("calling a class without new throws TypeError:", threw);

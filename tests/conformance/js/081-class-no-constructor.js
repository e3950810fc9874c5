class Empty {}
const e = new Empty();
console.log(e instanceof Empty, Object.keys(e).length);
class Greeter {
  greet(name) {
    return "hello " + name;
  }
}
console.log(new Greeter().greet("x"));
class Child extends Greeter {}
const ch = new Child();
console.log(ch.greet("child"), ch instanceof Greeter, ch instanceof Child);
class WithArgs {
  constructor(a, b) {
    this.args = [a, b];
  }
}
class PassThrough extends WithArgs {}
console.log(new PassThrough(1, 2).args.join(","));

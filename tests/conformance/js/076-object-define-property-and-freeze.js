const obj = { visible: 1 };
Object.defineProperty(obj, "hidden", { value: 2, enumerable: false });
Object.defineProperty(obj, "computed", {
  get() { return this.visible * 10; },
  enumerable: true,
});
console.log(JSON.stringify(obj), obj.hidden, Object.keys(obj).join(","));
console.log(JSON.stringify({ ...obj }), JSON.stringify(Object.assign({}, obj)));
const frozen = Object.freeze({ a: 1, nested: { b: 2 } });
frozen.nested.b = 3;
console.log(Object.isFrozen(frozen), frozen.nested.b);
let threw = false;
try {
  (function () { "use strict"; frozen.a = 5; })();
} catch (e) {
  threw = e instanceof TypeError;
}
console.log(threw, frozen.a);

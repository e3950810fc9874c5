const proto = {
  hello() {
    return "proto hello " + this.kind;
  },
  kind: "proto",
};
const obj = {
  __proto__: proto,
  kind: "own",
};
console.log(obj.hello(), Object.getPrototypeOf(obj) === proto);
console.log(Object.keys(obj).join(","), "hello" in obj, obj.hasOwnProperty("hello"));
const plain = Object.create(proto);
plain.extra = 1;
console.log(plain.hello(), plain.kind, Object.keys(plain).join(","));
const computed = { ["__proto__"]: "just a key" };
console.log(typeof Object.getPrototypeOf(computed).hasOwnProperty, computed.hasOwnProperty("__proto__"));

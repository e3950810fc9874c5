const obj = {
  name: "obj",
  collect() {
    const fns = [];
    for (let i = 0; i < 2; i++) {
      fns.push(() => `${this.name}:${i}:${arguments.length}:${arguments[i]}`);
    }
    return fns.map(f => f());
  },
};
console.log(obj.collect("a", "b", "c").join(" "));
function legacy() {
  const out = [];
  for (const v of [1, 2]) {
    out.push(() => this.tag + v + arguments[0]);
  }
  return out.map(f => f()).join(",");
}
console.log(legacy.call({ tag: "T" }, "!"));
class Walker {
  constructor() {
    this.steps = [];
  }
  walk(n) {
    for (let i = 0; i < n; i++) {
      const step = () => this.steps.push(i);
      step();
    }
    return this.steps.join("");
  }
}
console.log(new Walker().walk(4));

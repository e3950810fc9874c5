const api = {
  name: "api",
  greet(who) {
    return `${this.name} greets ${who}`;
  },
  nested: { fn: null },
};
console.log(api.greet?.("you"));
console.log(api.missing?.("you"));
console.log(api.nested.fn?.());
console.log(api?.greet("chain"));
const maybeFn = undefined;
console.log(maybeFn?.());
const handlers = { click: () => "clicked" };
for (const ev of ["click", "hover"]) {
  console.log(ev, handlers[ev]?.() ?? "no handler");
}
const obj = { list: [() => "first"] };
console.log(obj.list?.[0]?.(), obj.list?.[1]?.());
console.log(api.greet?.call({ name: "other" }, "z"));

const prop = "extra";
let hits = 0;
const thing = {
  id: 1,
  prop,
  [prop]: true,
  get hits() {
    return ++hits;
  },
  describe() {
    return `${this.id}/${this.prop}/${this.extra}`;
  },
  nested: { deeper: { value: "deep" } },
  arrow: () => "arrow",
  "with-dash": "dash",
};
console.log(thing.describe());
console.log(thing.hits, thing.hits);
console.log(thing.nested.deeper.value, thing.arrow(), thing["with-dash"]);
console.log(Object.keys(thing).join(","));
const trailing = { a: 1, b: 2, };
console.log(Object.keys(trailing).length);

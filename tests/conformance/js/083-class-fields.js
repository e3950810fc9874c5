class Config {
  name = "default";
  retries = 3;
  list = [];
  derived = this.name + "!";
  constructor(name) {
    if (name) this.name = name;
  }
}
const a = new Config();
const b = new Config("custom");
a.list.push(1);
console.log(a.name, a.retries, a.derived, a.list.length, b.list.length);
console.log(b.name, b.derived);
console.log(JSON.stringify(a));
let created = 0;
class Tracked {
  id = ++created;
  untyped;
}
new Tracked();
const t = new Tracked();
console.log(t.id, t.untyped, "untyped" in t);
class Arrowed {
  label = "arrowed";
  getLabel = () => this.label;
}
const fn = new Arrowed().getLabel;
console.log(fn());

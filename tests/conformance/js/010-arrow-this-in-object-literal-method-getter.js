const store = {
  prefix: "#",
  items: ["a", "b"],
  get tagged() {
    return this.items.map(i => this.prefix + i).join(" ");
  },
  set tagged(v) {
    this.items = v.split(",").map(s => s.trim());
  },
  run(cb) {
    return cb();
  },
  self() {
    return this.run(() => this === store);
  },
};
console.log(store.tagged);
store.tagged = "x, y ,z";
console.log(store.tagged);
console.log(store.self());

class Emitter {
  listeners = new Map();
  on(event, fn) {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    this.listeners.get(event).add(fn);
    return () => this.listeners.get(event)?.delete(fn);
  }
  once(event, fn) {
    const off = this.on(event, (...args) => {
      off();
      fn(...args);
    });
    return off;
  }
  emit(event, ...args) {
    const set = this.listeners.get(event);
    if (!set) return 0;
    for (const fn of [...set]) fn(...args);
    return set.size;
  }
}
const log = [];
const bus = new Emitter();
const off = bus.on("msg", (a, b) => log.push(`on:${a}${b ?? ""}`));
bus.once("msg", a => log.push(`once:${a}`));
console.log(bus.emit("msg", 1, 2));
console.log(bus.emit("msg", 3));
off();
console.log(bus.emit("msg", 4), bus.emit("none"));
console.log(log.join(" "));

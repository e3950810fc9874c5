class LRU {
  constructor(capacity) {
    this.capacity = capacity;
    this.map = new Map();
  }
  get(key) {
    if (!this.map.has(key)) return undefined;
    const value = this.map.get(key);
    this.map.delete(key);
    this.map.set(key, value);
    return value;
  }
  set(key, value) {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.capacity) {
      const [oldest] = this.map.keys();
      this.map.delete(oldest);
    }
    return this;
  }
  get keys() {
    return [...this.map.keys()].join(",");
  }
}
const cache = new LRU(3);
cache.set("a", 1).set("b", 2).set("c", 3);
console.log(cache.keys);
cache.get("a");
cache.set("d", 4);
console.log(cache.keys, cache.get("b"), cache.get("c"));
cache.set("c", 30).set("e", 5);
console.log(cache.keys, cache.get("c"));

const range = (from, to) => ({
  [Symbol.iterator]() {
    let i = from;
    return { next: () => (i <= to ? { value: i++, done: false } : { value: undefined, done: true }) };
  },
});
console.log(JSON.stringify([...range(1, 4)]));
console.log(Math.max(...range(3, 7)));
class Pair {
  constructor(a, b) { this.a = a; this.b = b; }
}
const p = new Pair(...range(10, 11));
console.log(p.a, p.b);
const set = new Set(range(1, 3));
console.log(set.size, [...set, ...range(9, 9)].join(","));
const map = new Map([...range(1, 3)].map(n => [n * 2, `v${n}`]));
console.log(JSON.stringify([...map.values()]));
const [x, , z = "dz", w = "dw"] = range(5, 7);
console.log(x, z, w);

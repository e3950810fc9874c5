class Range {
  constructor(start, end) {
    this.start = start;
    this.end = end;
  }
  [Symbol.iterator]() {
    let current = this.start;
    const end = this.end;
    return {
      next() {
        if (current < end) return { value: current++, done: false };
        return { value: undefined, done: true };
      },
    };
  }
}
const out = [];
for (const n of new Range(1, 5)) out.push(n);
console.log(out.join(","));
console.log([...new Range(3, 6)].join(","));
console.log(Array.from(new Range(0, 3)).join(","));
const [a, b] = new Range(7, 100);
console.log(a, b);
console.log(Math.max(...new Range(0, 10)));

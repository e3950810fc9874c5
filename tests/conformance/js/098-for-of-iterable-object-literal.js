const countdown = {
  from: 3,
  [Symbol.iterator]() {
    let n = this.from;
    return {
      next: () => (n > 0 ? { value: n--, done: false } : { done: true }),
    };
  },
};
for (const n of countdown) console.log("T-" + n);
countdown.from = 2;
console.log([...countdown].join(" "));
const fib = {
  [Symbol.iterator]() {
    let [a, b] = [0, 1];
    return {
      next() {
        [a, b] = [b, a + b];
        return { value: a, done: false };
      },
    };
  },
};
const firstFibs = [];
for (const f of fib) {
  if (f > 50) break;
  firstFibs.push(f);
}
console.log(firstFibs.join(","));

function memoize(fn, { key = (...args) => JSON.stringify(args) } = {}) {
  const cache = new Map();
  const wrapped = (...args) => {
    const k = key(...args);
    if (cache.has(k)) {
      wrapped.hits++;
      return cache.get(k);
    }
    const v = fn(...args);
    cache.set(k, v);
    return v;
  };
  wrapped.hits = 0;
  return wrapped;
}
let slowCalls = 0;
const slowAdd = memoize((a, b) => {
  slowCalls++;
  return a + b;
});
console.log(slowAdd(1, 2), slowAdd(1, 2), slowAdd(2, 1), slowCalls, slowAdd.hits);
const paths = memoize((r, c) => (r === 0 || c === 0 ? 1 : paths(r - 1, c) + paths(r, c - 1)));
console.log(paths(10, 10), paths.hits > 0);
const byFirst = memoize(x => x.toUpperCase(), { key: x => x[0] });
console.log(byFirst("apple"), byFirst("avocado"), byFirst.hits);

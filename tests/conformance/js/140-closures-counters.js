function makeCounter(start = 0, step = 1) {
  let value = start;
  return {
    next() { value += step; return value; },
    peek: () => value,
    reset() { value = start; },
  };
}
const a = makeCounter();
const b = makeCounter(100, 10);
a.next(); a.next(); b.next();
console.log(a.peek(), b.peek());
a.reset();
console.log(a.peek(), a.next(), b.next());
function once(fn) {
  let done = false, result;
  return (...args) => {
    if (!done) {
      done = true;
      result = fn(...args);
    }
    return result;
  };
}
const init = once((x) => "initialized with " + x);
console.log(init(1), "|", init(2));
const adders = [1, 2, 3].map(n => x => x + n);
console.log(adders.map(f => f(10)).join(","));

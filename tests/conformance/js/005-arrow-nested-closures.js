const adder = a => b => c => a + b + c;
console.log(adder(1)(2)(3));
const compose = (...fns) => x => fns.reduceRight((acc, f) => f(acc), x);
const inc = x => x + 1;
const dbl = x => x * 2;
console.log(compose(inc, dbl)(5), compose(dbl, inc)(5));
const curry = f => a => b => f(a, b);
console.log(curry(Math.max)(3)(9));
const pipeline = [x => x - 1, x => x * 10, x => `v${x}`];
console.log(pipeline.reduce((v, f) => f(v), 4));
const memo = (fn) => {
  const cache = {};
  return n => (n in cache ? "hit:" + cache[n] : (cache[n] = fn(n)));
};
const m = memo(n => n * n);
console.log(m(4), m(4), m(5));

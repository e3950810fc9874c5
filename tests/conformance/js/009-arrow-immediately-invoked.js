const result = (() => {
  const secret = 7;
  return secret * 6;
})();
console.log(result);
const withArgs = ((a, b) => a ** b)(2, 10);
console.log(withArgs);
let log = [];
[1, 2, 3].forEach((n) => ((m) => log.push(m * n))(n + 1));
console.log(log.join(" "));
const counter = (() => {
  let c = 0;
  return { next: () => ++c, reset: () => { c = 0; } };
})();
counter.next(); counter.next();
console.log(counter.next());
counter.reset();
console.log(counter.next());

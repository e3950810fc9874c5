const add = (a, b) => a + b;
const square = x => x * x;
const answer = () => 42;
const makePoint = (x, y) => ({ x, y });
const block = (n) => {
  let total = 0;
  for (let i = 1; i <= n; i++) total += i;
  return total;
};
console.log(add(2, 3), square(7), answer());
console.log(JSON.stringify(makePoint(1, 2)));
console.log(block(10));
console.log([1, 2, 3].map(x => x * 2).join(","));
console.log(typeof add, add.length, square.length, answer.length);
const noReturn = () => { 5; };
console.log(noReturn());

function fact(n) {
  return n <= 1 ? 1 : n * fact(n - 1);
}
console.log(fact(10), fact(0));
const fib = (n) => (n < 2 ? n : fib(n - 1) + fib(n - 2));
console.log([0, 1, 2, 3, 10, 20].map(fib).join(","));
function flatten(tree) {
  return Array.isArray(tree) ? tree.reduce((acc, t) => acc.concat(flatten(t)), []) : [tree];
}
console.log(flatten([1, [2, [3, [4, [5]]]], 6]).join(","));
function permutations(list) {
  if (list.length <= 1) return [list];
  const out = [];
  list.forEach((x, i) => {
    const rest = [...list.slice(0, i), ...list.slice(i + 1)];
    for (const p of permutations(rest)) out.push([x, ...p]);
  });
  return out;
}
console.log(permutations(["a", "b", "c"]).map(p => p.join("")).join(" "));
const isEven = n => n === 0 ? true : isOdd(n - 1);
const isOdd = n => n === 0 ? false : isEven(n - 1);
console.log(isEven(10), isOdd(7));
function hanoi(n, from, to, via, moves = []) {
  if (n === 0) return moves;
  hanoi(n - 1, from, via, to, moves);
  moves.push(from + to);
  hanoi(n - 1, via, to, from, moves);
  return moves;
}
console.log(hanoi(3, "A", "C", "B").join(" "));

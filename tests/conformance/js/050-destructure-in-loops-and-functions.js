const entries = [["alpha", 1], ["beta", 2], ["gamma", 3]];
let sum = 0;
for (const [, v] of entries) sum += v;
console.log(sum);
const swapped = entries.map(([k, v]) => [v, k]);
console.log(JSON.stringify(swapped));
const fromPairs = Object.fromEntries(swapped.map(([v, k]) => [k, v * 2]));
console.log(JSON.stringify(fromPairs));
function minMax(list) {
  let [min, max] = [Infinity, -Infinity];
  for (const n of list) {
    [min, max] = [Math.min(min, n), Math.max(max, n)];
  }
  return { min, max };
}
const { min, max } = minMax([4, 9, -2, 7]);
console.log(min, max);

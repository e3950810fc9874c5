const matrix = [[1, 2, 3], [4, 5, 6], [7, 8, 9]];
const picked = [];
outer: for (const row of matrix) {
  for (const cell of row) {
    if (cell % 2 === 0) continue;
    if (cell > 6) break outer;
    picked.push(cell);
  }
}
console.log(picked.join(","));
function findPair(list, target) {
  for (const a of list) {
    for (const b of list) {
      if (a < b && a + b === target) return `${a}+${b}`;
    }
  }
  return "none";
}
console.log(findPair([1, 4, 6, 9], 10), findPair([1, 2], 10));
let count = 0;
for (const ch of "mississippi") {
  if (ch !== "s") continue;
  count++;
}
console.log(count);

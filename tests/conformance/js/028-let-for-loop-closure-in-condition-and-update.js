const fromBody = [];
for (let i = 0; i < 3; i++) {
  setLater(() => i);
}
function setLater(f) { fromBody.push(f); }
console.log(fromBody.map(f => f()).join(","));
let calls = 0;
const iters = [];
for (let i = 0; (calls++, i < 3); i++) {
  iters.push(i);
}
console.log(iters.join(","), calls);
const mixes = [];
for (let i = 0, j = 10; i < j; i += 4, j -= 1) {
  mixes.push(() => `${i}-${j}`);
}
console.log(mixes.map(f => f()).join(" "));

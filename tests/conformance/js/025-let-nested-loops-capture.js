const cells = [];
for (let r = 0; r < 3; r++) {
  for (let c = 0; c < 3; c++) {
    if (c === r) continue;
    cells.push(() => [r, c]);
  }
}
console.log(cells.map(f => f().join("")).join(","));
const m = [];
for (let i = 0; i < 2; i++) {
  let row = [];
  for (let i = 5; i < 7; i++) {
    row.push(() => i);
  }
  m.push(() => i + ":" + row.map(f => f()).join("/"));
}
console.log(m.map(f => f()).join(" "));

const fns = [];
outer: for (let i = 0; i < 3; i++) {
  for (let j = 0; j < 3; j++) {
    fns.push(() => `${i}${j}`);
    if (j === 1 && i === 1) break outer;
    if (j === i) continue outer;
  }
}
console.log(fns.map(f => f()).join(","));
const grid = [];
rows: for (let r = 0; r < 4; r++) {
  let cols = [];
  for (let c = 0; c < 4; c++) {
    if (c > r) {
      grid.push(() => cols.join(""));
      continue rows;
    }
    cols.push(r * c);
  }
}
console.log(grid.map(f => f()).join("|"));

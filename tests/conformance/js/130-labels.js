const found = [];
search: for (let i = 0; i < 5; i++) {
  for (let j = 0; j < 5; j++) {
    if (i * j === 6) {
      found.push(`${i}x${j}`);
      break search;
    }
  }
}
console.log(found.join(","));
let skipped = 0;
rows: for (let i = 0; i < 3; i++) {
  cols: for (let j = 0; j < 3; j++) {
    if (j > i) {
      skipped++;
      continue rows;
    }
    if (j === 2) continue cols;
  }
}
console.log(skipped);
block: {
  console.log("in block");
  if (found.length) break block;
  console.log("not printed");
}
console.log("after block");
let n = 0;
loop: while (true) {
  n++;
  do {
    if (n > 3) break loop;
    continue loop;
  } while (false);
}
console.log(n);

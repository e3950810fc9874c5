const data = { a: [1, 2], b: [3, -1, 4], c: [5] };
const taken = [];
groups: for (const key in data) {
  for (const n of data[key]) {
    if (n < 0) continue groups;
    taken.push(key + n);
  }
}
console.log(taken.join(","));
let depth = 0;
first: {
  second: {
    depth = 1;
    if (depth) break second;
    depth = 99;
  }
  depth += 10;
  if (depth > 5) break first;
  depth = -1;
}
console.log(depth);
let count = 0;
scan: for (let i = 0; i < 3; i++) {
  let j = 0;
  while (true) {
    j++;
    count++;
    if (j >= i) continue scan;
  }
}
console.log(count);

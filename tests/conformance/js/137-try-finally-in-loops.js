const log = [];
for (let i = 0; i < 4; i++) {
  try {
    if (i === 1) continue;
    if (i === 3) break;
    log.push("body" + i);
  } finally {
    log.push("fin" + i);
  }
}
console.log(log.join(" "));
function nested() {
  const out = [];
  for (const x of ["a", "b"]) {
    try {
      try {
        if (x === "b") return out.concat("return-" + x);
        out.push(x);
      } finally {
        out.push("inner-" + x);
      }
    } finally {
      out.push("outer-" + x);
    }
  }
  return out;
}
console.log(nested().join(" "));
let n = 0;
const fns = [];
while (n < 3) {
  const captured = n;
  try {
    fns.push(() => captured);
  } finally {
    n++;
  }
}
console.log(fns.map(f => f()).join(","));

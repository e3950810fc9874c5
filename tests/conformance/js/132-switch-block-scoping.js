function run(cmd) {
  switch (cmd) {
    case "a": {
      const msg = "alpha";
      return () => msg;
    }
    case "b": {
      const msg = "beta";
      return () => msg;
    }
  }
  return () => "none";
}
console.log(run("a")(), run("b")(), run("c")());
const fns = [];
for (let i = 0; i < 3; i++) {
  switch (i % 2) {
    case 0:
      fns.push(() => "even " + i);
      break;
    default:
      fns.push(() => "odd " + i);
  }
}
console.log(fns.map(f => f()).join(", "));
let out = [];
for (const v of [1, 2, 3, 4]) {
  switch (v) {
    case 2:
      continue;
    case 4:
      break;
    default:
      out.push(v);
  }
}
console.log(out.join(","));

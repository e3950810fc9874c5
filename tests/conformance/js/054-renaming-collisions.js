var x = "outer";
var _x = "underscore";
var x1 = "x1";
var x_1 = "x_1";
var x$1 = "x$1";
var _x2 = "_x2";
const fns = [];
{
  let x = "block";
  let _x = "block_";
  fns.push(() => [x, _x, x1, x_1, x$1, _x2].join(","));
  {
    let x = "inner";
    fns.push(() => x);
    let x1 = "inner-x1";
    fns.push(() => x1 + x_1);
  }
}
console.log(fns.map(f => f()).join(" | "));
console.log(x, _x, x1, x_1, x$1, _x2);
function f() {
  let i = "fn";
  for (let i = 0; i < 1; i++) {
    let i2 = i;
    { let i = "deep"; fns.push(() => i + i2); }
  }
  return i;
}
console.log(f(), fns[3]());

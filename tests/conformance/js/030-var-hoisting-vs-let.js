function hoist() {
  const out = [];
  out.push(typeof early);
  var early = 1;
  out.push(typeof early);
  out.push(typeof later());
  function later() { return "fn"; }
  return out.join(",");
}
console.log(hoist());
function varInBlock() {
  if (true) {
    var v = "visible";
  }
  return v;
}
console.log(varInBlock());
function loopVar() {
  for (var i = 0; i < 3; i++) {}
  return i;
}
console.log(loopVar());
let counter = 0;
function bump() { counter++; return counter; }
bump(); bump();
console.log(counter);

function classify(x) {
  switch (typeof x) {
    case "number":
      if (x < 0) return "negative";
      return x === 0 ? "zero" : "positive";
    case "string":
    case "symbol":
      return "text-ish";
    default:
      return "other:" + typeof x;
  }
}
console.log(classify(-1), classify(0), classify(5), classify("s"), classify(null));
function fallthrough(n) {
  const out = [];
  switch (n) {
    case 1:
      out.push("one");
    case 2:
      out.push("two");
      break;
    case 3:
      out.push("three");
    default:
      out.push("default");
    case 4:
      out.push("four");
  }
  return out.join(",");
}
console.log(fallthrough(1), "|", fallthrough(2), "|", fallthrough(3), "|", fallthrough(4), "|", fallthrough(9));
function strict(v) {
  switch (v) {
    case "1": return "string one";
    case 1: return "number one";
  }
  return "none";
}
console.log(strict(1), strict("1"), strict(true));
const key = 2;
switch (true) {
  case key > 5: console.log("big"); break;
  case key > 1: console.log("medium"); break;
  default: console.log("small");
}

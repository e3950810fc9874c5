function describe(kind) {
  let result = "?";
  switch (kind) {
    case 1: {
      let result = "inner one";
      return result;
    }
    case 2: {
      const text = "two";
      result = text;
      break;
    }
    default: {
      const text = "other";
      result = text + kind;
    }
  }
  return result;
}
console.log(describe(1), describe(2), describe(3));
let e = "outer e";
try {
  throw new Error("boom");
} catch (e) {
  let inner = e.message;
  console.log(inner);
}
console.log(e);
const fns = [];
for (let i = 0; i < 3; i++) {
  try {
    if (i === 1) throw i;
    fns.push(() => "ok" + i);
  } catch (err) {
    fns.push(() => "caught" + err);
  }
}
console.log(fns.map(f => f()).join(" "));

function attempt(shouldThrow) {
  const log = [];
  try {
    log.push("try");
    if (shouldThrow) throw new Error("fail");
    log.push("no throw");
  } catch (e) {
    log.push("catch " + e.message);
  } finally {
    log.push("finally");
  }
  return log.join(" > ");
}
console.log(attempt(false));
console.log(attempt(true));
function finallyOverrides() {
  try {
    return "from try";
  } finally {
    console.log("finally runs before return");
  }
}
console.log(finallyOverrides());
function finallyReturn() {
  try {
    throw new Error("lost");
  } finally {
    return "finally wins";
  }
}
console.log(finallyReturn());
try {
  try {
    throw new TypeError("inner");
  } finally {
    console.log("inner finally");
  }
} catch (e) {
  console.log("outer caught", e.name, e instanceof TypeError);
}

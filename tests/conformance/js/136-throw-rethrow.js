class NotFound extends Error {
  constructor(what) {
    super(`${what} not found`);
    this.name = "NotFound";
    this.what = what;
  }
}
function find(db, key) {
  if (!(key in db)) throw new NotFound(key);
  return db[key];
}
function lookup(db, key) {
  try {
    return find(db, key);
  } catch (e) {
    if (e instanceof NotFound) return `default for ${e.what}`;
    throw e;
  }
}
const db = { a: "A" };
console.log(lookup(db, "a"), "|", lookup(db, "z"));
try {
  lookup(null, "x");
} catch (e) {
  console.log("rethrown", e instanceof TypeError, e instanceof NotFound);
}
function depth(n) {
  try {
    if (n === 0) throw new Error("bottom");
    return depth(n - 1);
  } finally {
    console.log("unwind", n);
  }
}
try { depth(2); } catch (e) { console.log(e.message); }

const log = [];
function tracked(n) {
  return {
    [Symbol.iterator]() {
      let i = 0;
      return {
        next() {
          log.push("next");
          return i < n ? { value: i++, done: false } : { value: undefined, done: true };
        },
        return() {
          log.push("return");
          return { done: true };
        },
      };
    },
  };
}
for (const x of tracked(5)) {
  if (x === 1) break;
}
console.log(log.join(","));
log.length = 0;
for (const x of tracked(2)) {}
console.log(log.join(","));
log.length = 0;
try {
  for (const x of tracked(3)) {
    throw new Error("stop");
  }
} catch (e) {
  log.push("caught " + e.message);
}
console.log(log.join(","));

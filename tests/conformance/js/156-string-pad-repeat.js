console.log("5".padStart(3, "0"), "abc".padStart(2), "x".padStart(5));
console.log("7".padStart(6, "ab"), "7".padEnd(6, "ab"));
console.log("left".padEnd(8, ".") + "|", "abc".padEnd(3, "z"), "a".padEnd(3, ""));
const rows = [["id", "name"], ["1", "ann"], ["22", "bob"]];
for (const [id, name] of rows) console.log(id.padStart(4) + " | " + name.padEnd(5) + "|");
console.log("ab".repeat(3), "x".repeat(0).length, "-".repeat(10));
let threw = false;
try {
  "a".repeat(-1);
} catch (e) {
  threw = e instanceof RangeError;
}
console.log(threw);

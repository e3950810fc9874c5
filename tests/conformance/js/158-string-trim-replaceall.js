const padded = "  \t spaced out \n ";
console.log(JSON.stringify(padded.trimStart()), JSON.stringify(padded.trimEnd()), JSON.stringify(padded.trim()));
console.log("a-b-c".replaceAll("-", "+"), "a-b-c".replace("-", "+"));
console.log("aaa".replaceAll("a", "ba"), "x.y.z".replaceAll(".", ""));
console.log("1 2 3".replaceAll(/\d/g, d => d * 2));
console.log("no match".replaceAll("zz", "!"));
console.log("abab".replaceAll("ab", (m, offset) => `[${m}@${offset}]`));
console.log("a.b".replaceAll(".", "$&$&"));
console.log("".replaceAll("", "_"), "ab".replaceAll("", "_"));
let threw = false;
try {
  "abc".replaceAll(/b/, "x");
} catch (e) {
  threw = e instanceof TypeError;
}
console.log(threw);

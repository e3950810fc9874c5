function safeParse(text) {
  try {
    return JSON.parse(text);
  } catch {
    return "invalid";
  }
}
console.log(safeParse('{"a":1}').a, safeParse("{oops"));
let cleaned = false;
try {
  null.x;
} catch {
  console.log("caught without binding");
} finally {
  cleaned = true;
}
console.log(cleaned);
const results = [];
for (const input of ["1", "x", "[2]"]) {
  try {
    results.push(JSON.parse(input));
  } catch {
    results.push(null);
    continue;
  }
  results.push("ok");
}
console.log(JSON.stringify(results));

function raw(strings, ...values) {
  return strings.raw.map((s, i) => s + (i < values.length ? `[${values[i]}]` : "")).join("");
}
console.log(raw`a\nb${1}\tc`);
function both(strings) {
  return JSON.stringify({ cooked: strings[0], raw: strings.raw[0] });
}
console.log(both`x\ty\\z`);
const rawJoin = (strings, ...values) => strings.raw.reduce((acc, s, i) => acc + String(values[i - 1]) + s);
console.log(rawJoin`C:\path\to${"\\"}file ${1 + 1}`);
console.log(rawJoin`no escapes \u0041`.length, rawJoin`\n`.length);

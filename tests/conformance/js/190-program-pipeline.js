const pipe = (...fns) => input => fns.reduce((v, f) => f(v), input);
const trim = s => s.trim();
const words = s => s.split(/\s+/);
const capitalize = ws => ws.map(([first, ...rest]) => first.toUpperCase() + rest.join("").toLowerCase());
const join = sep => ws => ws.join(sep);
const titleCase = pipe(trim, words, capitalize, join(" "));
const camel = pipe(trim, words, ([h, ...t]) => [h.toLowerCase(), ...capitalize(t)], join(""));
for (const s of ["  hello big WORLD ", "one", "make it camel case"]) {
  console.log(`${titleCase(s)} | ${camel(s)}`);
}
const stats = pipe(
  xs => xs.filter(Number.isFinite),
  xs => ({ n: xs.length, sum: xs.reduce((a, b) => a + b, 0) }),
  ({ n, sum }) => ({ n, mean: n ? sum / n : 0 })
);
console.log(JSON.stringify(stats([1, 2, "3", NaN, 6, Infinity])));

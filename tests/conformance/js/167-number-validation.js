function validateAge(input) {
  const n = Number(input);
  if (!Number.isFinite(n)) return `${JSON.stringify(input)}: not a number`;
  if (!Number.isInteger(n)) return `${JSON.stringify(input)}: not an integer`;
  if (n < 0 || n > 150) return `${JSON.stringify(input)}: out of range`;
  return `${JSON.stringify(input)}: ok ${n}`;
}
for (const v of ["42", "4.2", "abc", "-1", "151", "0", " 7 ", "0x10", "1e2", "Infinity"]) {
  console.log(validateAge(v));
}
const money = [0.1, 0.2, 0.3].map(x => Math.round(x * 100)).reduce((a, b) => a + b) / 100;
console.log(money, Number.isInteger(money * 10));

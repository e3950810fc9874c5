console.log(Number.isInteger(5), Number.isInteger(5.0), Number.isInteger(5.5));
console.log(Number.isInteger("5"), Number.isInteger(NaN), Number.isInteger(Infinity));
console.log(Number.isFinite(1), Number.isFinite("1"), Number.isFinite(Infinity), Number.isFinite(NaN));
console.log(isFinite("1"), Number.isNaN("x"), isNaN("x"));
const inputs = ["12", "12.5", "abc", "", "1e3"];
for (const s of inputs) {
  const n = Number(s);
  console.log(JSON.stringify(s), Number.isInteger(n) ? "int" : Number.isFinite(n) ? "float" : "not a number");
}
console.log(Number.parseFloat("2.5kg"), Number.parseInt("42px", 10));

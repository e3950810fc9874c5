const arr = [1, 2, 3, NaN, "x"];
console.log(arr.includes(2), arr.includes(4), arr.includes("x"), arr.includes("2"));
console.log(arr.includes(NaN), arr.indexOf(NaN));
console.log(arr.includes(1, 1), arr.includes(3, -3), arr.includes(1, -100));
console.log([].includes(undefined), [undefined].includes(), [, ,].includes(undefined));
const allowed = ["GET", "POST"];
for (const m of ["GET", "PUT", "POST"]) console.log(m, allowed.includes(m) ? "allowed" : "denied");

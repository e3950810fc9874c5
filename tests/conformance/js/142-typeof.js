console.log(typeof 1, typeof "s", typeof true, typeof undefined, typeof null);
console.log(typeof {}, typeof [], typeof function () {}, typeof (() => 1), typeof class {});
console.log(typeof undeclaredName, typeof NaN, typeof new Map(), typeof Symbol.iterator === "symbol" || typeof Symbol.iterator === "string");
let x;
console.log(typeof x, typeof typeof x);
const values = [0, "", null, [], {}, () => {}, 1.5];
console.log(values.map(v => typeof v).join(","));
console.log(typeof new String("boxed"), typeof String("plain"));
console.log(Array.isArray([]), Array.isArray({ length: 0 }));

const obj = { a: { b: 1, c: 2 } };
console.log(delete obj?.a?.b, JSON.stringify(obj));
const none = null;
console.log(delete none?.a, delete none?.a.b.c);
const arr = [{ x: 1 }];
console.log(delete arr[0]?.x, JSON.stringify(arr), delete arr[5]?.x);

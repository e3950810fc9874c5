let count = 0;
const next = () => ++count;
const none = null;
none?.[next()];
none?.method(next());
none?.a.b.c(next()).d;
console.log("count after short-circuit", count);
const some = { a: { b: () => ({ c: 5 }) } };
console.log(some?.a.b().c);
let threw = false;
try {
  (none?.a).b;
} catch (e) {
  threw = e instanceof TypeError;
}
console.log("parenthesized chain throws", threw);
const deep = { x: null };
console.log(deep.x?.y.z.w, deep?.x?.y);
console.log(count);

const people = [{ name: "a", age: 1 }, { name: "b", age: 2 }];
for (const { name, age } of people) {
  console.log(name, age);
}
for (const [k, v] of Object.entries({ x: 1, y: 2 })) {
  console.log(k + "->" + v);
}
for (const [key, { count = 0 }] of new Map([["m", { count: 3 }], ["n", {}]])) {
  console.log(key, count);
}
let u, w;
for ([u, w] of [[1, 2], [3, 4]]) {
  console.log(u * w);
}
console.log(u, w);
for (const [i, [a, b]] of [[0, ["p", "q"]]]) {
  console.log(i, a, b);
}

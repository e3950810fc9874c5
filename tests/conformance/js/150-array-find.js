const users = [
  { id: 1, name: "ann", admin: false },
  { id: 2, name: "bob", admin: true },
  { id: 3, name: "cy", admin: true },
];
console.log(users.find(u => u.admin).name);
console.log(users.find(u => u.id > 10));
console.log(users.findIndex(u => u.name === "cy"), users.findIndex(u => u.name === "zed"));
console.log([5, 12, 8].find((x, i, arr) => x > 10 && arr.length === 3 && i === 1));
const ctx = { min: 6 };
console.log([3, 7, 9].find(function (x) { return x > this.min; }, ctx));
console.log([undefined, 1].findIndex(x => x === undefined));
console.log([].find(() => true), [NaN].findIndex(Number.isNaN));

const obj = { a: 1, b: 2, c: 3 };
const keys = [];
for (const k in obj) keys.push(k);
console.log(keys.join(","));
function Parent() { this.own = 1; }
Parent.prototype.inherited = 2;
const child = new Parent();
const all = [];
for (const k in child) all.push(k + (child.hasOwnProperty(k) ? "(own)" : "(proto)"));
console.log(all.join(","));
let sum = 0;
for (const k in obj) {
  if (k === "b") continue;
  sum += obj[k];
}
console.log(sum);
let prop;
for (prop in { only: true });
console.log(prop);
for (const k in null) console.log("never");
console.log("done");

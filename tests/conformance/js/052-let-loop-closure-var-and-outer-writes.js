const fns = [];
let total = 0;
for (let i = 0; i < 3; i++) {
  var lastSeen = i;
  total += i;
  fns.push(() => i + total);
}
console.log(lastSeen, total, fns.map(f => f()).join(","));
function sumBody(list) {
  let acc = 0;
  for (const x of list) {
    var doubled = x * 2;
    const add = () => { acc += doubled; };
    add();
  }
  return acc + ":" + doubled;
}
console.log(sumBody([1, 2, 3]));

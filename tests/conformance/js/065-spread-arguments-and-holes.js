function toArray() {
  return [...arguments];
}
console.log(JSON.stringify(toArray(1, "b", null)));
function forward() {
  return Math.max(...arguments);
}
console.log(forward(3, 9, 2));
const holey = [1, , 3];
const spreadHoles = [...holey];
console.log(spreadHoles.length, 1 in spreadHoles, String(spreadHoles[1]));
console.log(JSON.stringify([...holey]));
function countArgs(...a) { return a.length + ":" + a.map(String).join(","); }
console.log(countArgs(...holey));
const args = [1, 2];
function mutate(a, b) { return a + b; }
console.log(mutate(...args, ...args.reverse()));

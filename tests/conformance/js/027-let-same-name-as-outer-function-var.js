var name = "var-name";
function test() {
  const out = [name];
  {
    let name = "block-name";
    out.push(name);
  }
  out.push(name);
  return out.join(",");
}
console.log(test());
let total = 0;
for (let total = 0; total < 3; total++) {
  // the loop variable shadows the outer total
}
console.log(total);
const items = ["a", "b"];
for (const items2 of items) {
  const items = items2 + "!";
  console.log(items);
}
console.log(items.join(""));

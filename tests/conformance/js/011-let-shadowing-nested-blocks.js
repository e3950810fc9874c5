let x = 1;
{
  let x = 2;
  {
    let x = 3;
    console.log("inner", x);
  }
  console.log("middle", x);
}
console.log("outer", x);
const y = "a";
if (true) {
  const y = "b";
  if (y === "b") {
    const y = "c";
    console.log(y);
  }
  console.log(y);
}
console.log(y);
function f() {
  let x = 10;
  { let x = 20; x++; }
  return x;
}
console.log(f(), x);

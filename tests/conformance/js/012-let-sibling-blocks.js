const out = [];
{
  let v = "first";
  out.push(() => v);
}
{
  let v = "second";
  out.push(() => v);
}
{
  const v = "third";
  out.push(() => v);
}
console.log(out.map(f => f()).join(","));
function g(flag) {
  if (flag) {
    let msg = "yes";
    return () => msg;
  } else {
    let msg = "no";
    return () => msg;
  }
}
console.log(g(true)(), g(false)());
for (let i = 0; i < 1; i++) { let tmp = "loop1"; out.push(() => tmp); }
for (let i = 0; i < 1; i++) { let tmp = "loop2"; out.push(() => tmp); }
console.log(out.slice(3).map(f => f()).join(","));

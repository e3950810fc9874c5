// `async` and `await` are ordinary property names (only async functions are
// unsupported in WebX).
const o = { async: "a", await: "w", yield: "y" };
console.log(o.async, o.await, o.yield);
o.async = "changed";
console.log(o.async);
const { async: a, await: w } = o;
console.log(a, w);
class Job {
  async() {
    return "method named async";
  }
}
console.log(new Job().async());

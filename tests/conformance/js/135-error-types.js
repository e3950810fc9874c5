const cases = [
  () => null.prop,
  () => undefinedVariable,
  () => { throw new RangeError("custom range"); },
  () => JSON.parse("{"),
  () => (1).toFixed(1000),
  () => { throw "a string"; },
  () => { throw 42; },
  () => new (class { constructor() { throw new SyntaxError("made up"); } })(),
];
for (const fn of cases) {
  try {
    fn();
    console.log("no error");
  } catch (e) {
    if (e instanceof Error) {
      console.log(e.name, e instanceof TypeError, e instanceof ReferenceError, e instanceof RangeError, e instanceof SyntaxError);
    } else {
      console.log("non-error", typeof e, e);
    }
  }
}
const err = new Error("msg");
console.log(err.message, err.name, String(err), err instanceof Object);

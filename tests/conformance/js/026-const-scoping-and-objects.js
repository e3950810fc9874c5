const config = { debug: false, level: 1 };
config.debug = true;
config.level++;
console.log(JSON.stringify(config));
const list = [1];
list.push(2);
console.log(list.length);
const makeGetter = () => {
  const hidden = "secret";
  return () => hidden;
};
const getA = makeGetter();
const getB = makeGetter();
console.log(getA(), getB() === getA());
let reassign = 1;
reassign = reassign + 1;
console.log(reassign);
function shadowParam(value) {
  {
    const value = "shadowed";
    console.log(value);
  }
  return value;
}
console.log(shadowParam("param"));

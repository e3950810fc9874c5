function greet(name = "guest", greeting = "Hi") {
  return `${greeting}, ${name}`;
}
console.log(greet());
console.log(greet("Ann"));
console.log(greet("Bob", "Yo"));
console.log(greet(undefined, "Hey"));
console.log(greet(null));
console.log(greet(0, ""));
console.log(greet.length);
function withFalsy(x = "d") {
  return x;
}
console.log(withFalsy(false), withFalsy(""), withFalsy(NaN), withFalsy(undefined));

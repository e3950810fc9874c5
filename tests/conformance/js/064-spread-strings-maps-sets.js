const word = "spread";
console.log([...word].reverse().join(""));
console.log(Math.max(...[..."3917"].map(Number)));
const set = new Set(["b", "a", "c"]);
set.add("a");
console.log([...set].join(","));
console.log([...set].sort().join(","));
const map = new Map();
map.set("one", 1).set("two", 2);
const doubled = new Map([...map].map(([k, v]) => [k, v * 2]));
console.log(JSON.stringify([...doubled]));
const union = new Set([...set, ..."cd"]);
console.log([...union].join(""));
const intersect = [...set].filter(x => new Set("abz").has(x));
console.log(intersect.join(""));
function count(...args) { return args.length; }
console.log(count(...set, ...map, ..."xy"));

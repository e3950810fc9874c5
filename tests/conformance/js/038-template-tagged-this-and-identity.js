const formatter = {
  prefix: ">>",
  tag(strings, ...values) {
    return this.prefix + strings.join("|") + values.length;
  },
};
console.log(formatter.tag`a${1}b`);
console.log(formatter["tag"]`x${1}y${2}z`);
const seen = [];
function remember(strings) {
  seen.push(strings);
  return strings.length;
}
for (let i = 0; i < 2; i++) remember`same site ${i}`;
remember`other site ${0}`;
console.log(seen[0] === seen[1], seen[0] === seen[2]);
console.log(Array.isArray(seen[0]), Array.isArray(seen[0].raw), Object.isFrozen(seen[0]));
const nestedTag = (s, ...v) => s.raw.join("_") + v.join("");
console.log(nestedTag`outer ${`inner ${1}`} end`);

function tag(strings, ...values) {
  return JSON.stringify({ strings: Array.from(strings), values });
}
console.log(tag`a${1}b${2}c`);
console.log(tag`${"only"}`);
console.log(tag`plain`);
function upper(strings, ...values) {
  let out = strings[0];
  values.forEach((v, i) => {
    out += String(v).toUpperCase() + strings[i + 1];
  });
  return out;
}
const who = "world";
console.log(upper`hello ${who}, count ${3}!`);
function count(strings) {
  return strings.length;
}
console.log(count`x${1}y${2}z${3}`);

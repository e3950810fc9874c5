const name = "Ada";
const n = 3;
console.log(`Hello, ${name}!`);
console.log(`${n} + ${n} = ${n + n}`);
console.log(`${name.toUpperCase()} has ${name.length} letters`);
console.log(`ternary: ${n > 2 ? "big" : "small"}`);
console.log(`${1}${2}${3}`);
console.log(`no substitutions`);
console.log(``.length);
console.log(`${null} ${undefined} ${true} ${[1, 2]} ${{}}`);
const multi = `line one
line two
  indented`;
console.log(JSON.stringify(multi));

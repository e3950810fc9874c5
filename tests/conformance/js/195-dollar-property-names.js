// Names starting with '$' are reserved for variables, not for properties:
// object keys, accessors, methods, class fields and members may use them.
const o = { $a: 1, b$: 2, get $n() { return 3; }, $m() { return 4; }, ["$" + "c"]: 5 };
class K {
  $x = 10;
  $y() { return this.$x + 1; }
  static $s = "static";
}
const { $a: first, ...others } = o;
const a$b = o.$a + o["$m"]();
console.log(first, JSON.stringify(Object.keys(others)));
console.log(a$b, o.$n, o.$c);
console.log(new K().$y(), K.$s);

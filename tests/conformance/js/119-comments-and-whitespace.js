/* leading block comment */
const /* inline */ x = /* value */ 5; // trailing
// a line comment with code: console.log("no")
console.log(x /* after arg */, "a//b", "c/*d*/e");
const url = "http://example.com"; // the // in the string is not a comment
console.log(url);
const re = /\/\*not a comment\*\//;
console.log(re.test("/*not a comment*/"));
const tpl = `// not a comment ${/* comment in substitution */ x}`;
console.log(tpl);
const obj = {
  // comment before key
  a: 1, /* between */ b: 2,
};
console.log(JSON.stringify(obj));
const div = 10 / 2 / 5;
console.log(div);

const s = "Hello, WebX world";
console.log(s.startsWith("Hello"), s.startsWith("hello"), s.startsWith("WebX", 7));
console.log(s.endsWith("world"), s.endsWith("Hello", 5), s.endsWith(""));
console.log(s.includes("WebX"), s.includes("webx"), s.includes("o", 20), s.includes(""));
const files = ["index.html", "app.js", "style.css", "README"];
console.log(files.filter(f => f.endsWith(".js") || f.endsWith(".css")).join(","));
console.log(files.filter(f => f.includes(".")).length);
let threw = false;
try {
  s.startsWith(/Hello/);
} catch (e) {
  threw = e instanceof TypeError;
}
console.log(threw);

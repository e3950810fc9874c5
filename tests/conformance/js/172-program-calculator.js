function tokenize(src) {
  const tokens = [];
  const re = /\s*(\d+\.?\d*|\*\*|[-+*/()])/g;
  let m;
  while ((m = re.exec(src)) !== null) tokens.push(m[1]);
  return tokens;
}
function parse(tokens) {
  let pos = 0;
  const peek = () => tokens[pos];
  const next = () => tokens[pos++];
  function primary() {
    const t = next();
    if (t === "(") {
      const v = expr();
      next();
      return v;
    }
    if (t === "-") return -unary();
    return Number(t);
  }
  function unary() {
    const base = primary();
    if (peek() === "**") {
      next();
      return base ** unary();
    }
    return base;
  }
  function term() {
    let v = unary();
    while (peek() === "*" || peek() === "/") v = next() === "*" ? v * unary() : v / unary();
    return v;
  }
  function expr() {
    let v = term();
    while (peek() === "+" || peek() === "-") v = next() === "+" ? v + term() : v - term();
    return v;
  }
  return expr();
}
for (const src of ["1 + 2 * 3", "(1 + 2) * 3", "2 ** 3 ** 2", "10 / 4 - 1", "-(3 - 5) * 2.5"]) {
  console.log(src, "=", parse(tokenize(src)));
}

const pairs = { ")": "(", "]": "[", "}": "{" };
function check(src) {
  const stack = [];
  for (const [i, ch] of [...src].map((c, j) => [j, c])) {
    if ("([{".includes(ch)) stack.push({ ch, i });
    else if (ch in pairs) {
      const top = stack.pop();
      if (!top || top.ch !== pairs[ch]) return `mismatch at ${i}`;
    }
  }
  return stack.length ? `unclosed at ${stack[stack.length - 1].i}` : "ok";
}
for (const s of ["(a[b]{c})", "(]", "((", "x)", "", "{[()()]}"]) {
  console.log(JSON.stringify(s), check(s));
}

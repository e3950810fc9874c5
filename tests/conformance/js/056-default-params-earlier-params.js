function box(w, h = w, d = w * h) {
  return [w, h, d].join("x");
}
console.log(box(2), box(2, 3), box(2, 3, 4));
function range(start, end = start + 3, step = end > start ? 1 : -1) {
  const out = [];
  for (let i = start; step > 0 ? i < end : i > end; i += step) out.push(i);
  return out.join(",");
}
console.log(range(1));
console.log(range(5, 2));
console.log(range(0, 10, 4));
const label = (text, upper = text.toUpperCase(), both = `${text}/${upper}`) => both;
console.log(label("abc"));

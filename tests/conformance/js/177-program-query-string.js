function parseQuery(qs) {
  return qs
    .replace(/^\?/, "")
    .split("&")
    .filter(Boolean)
    .map(pair => pair.split("=").map(s => decodeURIComponent(s.replaceAll("+", " "))))
    .reduce((acc, [k, v = ""]) => {
      if (k in acc) acc[k] = [].concat(acc[k], v);
      else acc[k] = v;
      return acc;
    }, {});
}
function buildQuery(params) {
  return Object.entries(params)
    .flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map(x => `${encodeURIComponent(k)}=${encodeURIComponent(x)}`))
    .join("&");
}
const parsed = parseQuery("?q=hello+world&tag=a&tag=b&empty=&flag&x=%26%3D");
console.log(JSON.stringify(parsed));
console.log(buildQuery(parsed));
console.log(buildQuery({ "a b": "c&d", list: [1, 2] }));

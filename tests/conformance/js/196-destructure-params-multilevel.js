function connect({ host = "localhost", port = 80, auth: { user = "anon", pass } = {}, opts: [first = "x", ...more] = [] } = {}) {
  return `${user}${pass ? ":" + pass : ""}@${host}:${port} ${first}+${more.length}`;
}
console.log(connect());
console.log(connect({ port: 8080 }));
console.log(connect({ host: "db", auth: { user: "root", pass: "pw" }, opts: ["a", "b", "c"] }));
console.log(connect({ auth: {}, opts: [] }));
const mapper = ([k, { v = 0 } = {}], index) => `${index}:${k}=${v}`;
console.log([["a", { v: 1 }], ["b"], ["c", {}]].map(mapper).join(" "));
const swap = ({ a, b, ...rest }) => ({ a: b, b: a, ...rest });
console.log(JSON.stringify(swap({ a: 1, b: 2, c: 3 })));

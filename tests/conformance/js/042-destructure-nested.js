const data = {
  user: { id: 7, profile: { first: "Grace", langs: ["COBOL", "FLOW-MATIC"] } },
  points: [[1, 2], [3, 4]],
};
const {
  user: { id, profile: { first, langs: [lang1, lang2] } },
  points: [[x1, y1], [x2, y2]],
} = data;
console.log(id, first, lang1, lang2);
console.log(x1 + x2, y1 + y2);
const { a: { b: { c = "deep default" } = {} } = {} } = {};
console.log(c);
const [[inner = "d"] = []] = [];
console.log(inner);
const { list: [head, ...tail] } = { list: [1, 2, 3] };
console.log(head, tail.join(","));

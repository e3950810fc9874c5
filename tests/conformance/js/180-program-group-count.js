const groupBy = (list, keyFn) =>
  list.reduce((acc, item) => {
    const key = keyFn(item);
    (acc[key] ||= []).push(item);
    return acc;
  }, {});
const countBy = (list, keyFn) => Object.fromEntries(Object.entries(groupBy(list, keyFn)).map(([k, v]) => [k, v.length]));
const words = ["apple", "avocado", "banana", "blueberry", "cherry", "apricot"];
console.log(JSON.stringify(groupBy(words, w => w[0])));
console.log(JSON.stringify(countBy(words, w => (w.length > 6 ? "long" : "short"))));
const people = [
  { name: "ann", dept: "eng", salary: 100 },
  { name: "bob", dept: "ops", salary: 80 },
  { name: "cy", dept: "eng", salary: 120 },
];
const byDept = groupBy(people, p => p.dept);
for (const [dept, staff] of Object.entries(byDept)) {
  const total = staff.reduce((s, { salary }) => s + salary, 0);
  console.log(dept, staff.map(({ name }) => name).join("+"), total / staff.length);
}

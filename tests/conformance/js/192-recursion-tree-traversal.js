const tree = {
  name: "root",
  children: [
    { name: "a", children: [{ name: "a1", children: [] }, { name: "a2", children: [] }] },
    { name: "b", children: [{ name: "b1", children: [{ name: "b1x", children: [] }] }] },
  ],
};
const depthFirst = ({ name, children }) => [name, ...children.flatMap(depthFirst)];
console.log(depthFirst(tree).join(" "));
function breadthFirst(root) {
  const out = [];
  const queue = [root];
  while (queue.length) {
    const { name, children } = queue.shift();
    out.push(name);
    queue.push(...children);
  }
  return out;
}
console.log(breadthFirst(tree).join(" "));
const height = ({ children }) => 1 + Math.max(0, ...children.map(height));
console.log(height(tree));
const render = ({ name, children }, indent = "") =>
  [indent + name, ...children.map(c => render(c, indent + "  "))].join("\n");
console.log(JSON.stringify(render(tree)));
function find(node, target, path = []) {
  const here = [...path, node.name];
  if (node.name === target) return here;
  for (const c of node.children) {
    const r = find(c, target, here);
    if (r) return r;
  }
  return null;
}
console.log(find(tree, "b1x")?.join("/"), find(tree, "zz"));

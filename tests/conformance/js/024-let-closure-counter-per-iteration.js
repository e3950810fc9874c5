const counters = [];
for (let i = 0; i < 3; i++) {
  let count = i * 10;
  counters.push({ inc: () => ++count, get: () => count });
}
counters[0].inc();
counters[0].inc();
counters[2].inc();
console.log(counters.map(c => c.get()).join(","));
const handlers = {};
for (const name of ["save", "load"]) {
  let calls = 0;
  handlers[name] = () => `${name} called ${++calls}`;
}
console.log(handlers.save());
console.log(handlers.save());
console.log(handlers.load());

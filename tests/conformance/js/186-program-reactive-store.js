function createStore(initial) {
  let state = { ...initial };
  const subscribers = [];
  const store = {
    get state() {
      return state;
    },
    subscribe(fn) {
      subscribers.push(fn);
      return () => subscribers.splice(subscribers.indexOf(fn), 1);
    },
    update(patch) {
      const prev = state;
      state = { ...state, ...(typeof patch === "function" ? patch(state) : patch) };
      subscribers.forEach(fn => fn(state, prev));
    },
  };
  return store;
}
const store = createStore({ count: 0, user: null });
const log = [];
const unsub = store.subscribe((s, prev) => log.push(`${prev.count}->${s.count}`));
store.update({ count: 1 });
store.update(s => ({ count: s.count * 10, user: "ann" }));
unsub();
store.update({ count: 99 });
console.log(log.join(" "));
console.log(JSON.stringify(store.state));

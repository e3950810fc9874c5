class TodoStore {
  static nextId = 1;
  items = [];
  add(title, { tags = [], done = false } = {}) {
    const todo = { id: TodoStore.nextId++, title, tags, done };
    this.items = [...this.items, todo];
    return todo.id;
  }
  toggle(id) {
    this.items = this.items.map(t => (t.id === id ? { ...t, done: !t.done } : t));
  }
  get remaining() {
    return this.items.filter(({ done }) => !done).length;
  }
  byTag() {
    const out = {};
    for (const { title, tags } of this.items) for (const tag of tags) (out[tag] ??= []).push(title);
    return out;
  }
}
const store = new TodoStore();
const milk = store.add("milk", { tags: ["shop"] });
store.add("code", { tags: ["work", "fun"] });
store.add("bread", { tags: ["shop"], done: true });
store.toggle(milk);
console.log(store.remaining);
console.log(JSON.stringify(store.items));
console.log(JSON.stringify(store.byTag()));

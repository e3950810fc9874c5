class ListNode {
  constructor(value, next = null) {
    this.value = value;
    this.next = next;
  }
}
class LinkedList {
  head = null;
  size = 0;
  static from(iterable) {
    const list = new LinkedList();
    for (const v of iterable) list.push(v);
    return list;
  }
  push(value) {
    const node = new ListNode(value);
    if (!this.head) this.head = node;
    else {
      let cur = this.head;
      while (cur.next) cur = cur.next;
      cur.next = node;
    }
    this.size++;
    return this;
  }
  reverse() {
    let prev = null, cur = this.head;
    while (cur) {
      const next = cur.next;
      cur.next = prev;
      [prev, cur] = [cur, next];
    }
    this.head = prev;
    return this;
  }
  [Symbol.iterator]() {
    let cur = this.head;
    return {
      next: () => {
        if (!cur) return { done: true, value: undefined };
        const value = cur.value;
        cur = cur.next;
        return { done: false, value };
      },
    };
  }
}
const list = LinkedList.from("abcd");
console.log([...list].join(""), list.size);
console.log([...list.reverse()].join(""));
const [first, ...others] = list.push("z");
console.log(first, others.join(""));
console.log(Array.from(list, (v, i) => v + i).join(","));

class PriorityQueue {
  heap = [];
  constructor(compare = (a, b) => a - b) {
    this.compare = compare;
  }
  get size() {
    return this.heap.length;
  }
  push(...values) {
    for (const v of values) {
      this.heap.push(v);
      let i = this.heap.length - 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (this.compare(this.heap[i], this.heap[parent]) >= 0) break;
        [this.heap[i], this.heap[parent]] = [this.heap[parent], this.heap[i]];
        i = parent;
      }
    }
    return this;
  }
  pop() {
    const top = this.heap[0];
    const last = this.heap.pop();
    if (this.heap.length) {
      this.heap[0] = last;
      let i = 0;
      for (;;) {
        const [l, r] = [2 * i + 1, 2 * i + 2];
        let m = i;
        if (l < this.heap.length && this.compare(this.heap[l], this.heap[m]) < 0) m = l;
        if (r < this.heap.length && this.compare(this.heap[r], this.heap[m]) < 0) m = r;
        if (m === i) break;
        [this.heap[i], this.heap[m]] = [this.heap[m], this.heap[i]];
        i = m;
      }
    }
    return top;
  }
  static drain(q) {
    const out = [];
    while (q.size) out.push(q.pop());
    return out;
  }
}
console.log(PriorityQueue.drain(new PriorityQueue().push(5, 3, 8, 1, 9, 2)).join(","));
const tasks = new PriorityQueue((a, b) => b.pri - a.pri).push({ n: "low", pri: 1 }, { n: "high", pri: 9 }, { n: "mid", pri: 5 });
console.log(PriorityQueue.drain(tasks).map(({ n }) => n).join(" > "));

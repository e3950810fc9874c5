const counter = {
  n: 0,
  inc() {
    this.n++;
    return this.n;
  },
};
counter?.inc();
counter.inc?.();
counter?.["inc"]?.();
console.log(counter.n);
const holder = { inner: counter };
holder?.inner?.inc();
console.log(counter.n);
const arr = [1, 2, 3];
console.log(arr?.map?.(x => x * 2).join(","));
console.log(arr.notAMethod?.(1), "skipped");

function binarySearch(sorted, target) {
  let lo = 0, hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] === target) return mid;
    if (sorted[mid] < target) lo = mid + 1;
    else hi = mid - 1;
  }
  return -(lo + 1);
}
const data = [1, 3, 5, 7, 9, 11];
console.log([1, 7, 11, 4, 0, 12].map(t => binarySearch(data, t)).join(","));
function insertionSort(list, cmp = (a, b) => a - b) {
  const a = [...list];
  for (let i = 1; i < a.length; i++) {
    const v = a[i];
    let j = i - 1;
    while (j >= 0 && cmp(a[j], v) > 0) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
  return a;
}
const mergeSort = (list) => {
  if (list.length < 2) return list;
  const mid = list.length >> 1;
  const [l, r] = [mergeSort(list.slice(0, mid)), mergeSort(list.slice(mid))];
  const out = [];
  while (l.length && r.length) out.push(l[0] <= r[0] ? l.shift() : r.shift());
  return [...out, ...l, ...r];
};
const input = [5, 2, 9, 1, 5, 6, -3];
console.log(insertionSort(input).join(","), insertionSort(input, (a, b) => b - a).join(","));
console.log(mergeSort(input).join(","), input.join(","));

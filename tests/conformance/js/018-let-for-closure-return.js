function firstOver(list, limit) {
  for (let i = 0; i < list.length; i++) {
    const value = list[i];
    if (value > limit) {
      return () => `index ${i} value ${value}`;
    }
  }
  return () => "none";
}
console.log(firstOver([1, 5, 9, 12], 6)());
console.log(firstOver([1, 2], 6)());
function collectUntil(stop) {
  const fns = [];
  for (let i = 0; i < 10; i++) {
    fns.push(() => i);
    if (i === stop) return fns.map(f => f());
  }
  return [];
}
console.log(collectUntil(4).join(","));

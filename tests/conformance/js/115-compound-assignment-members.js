let objEvals = 0;
const store = { n: 2 };
const getStore = () => {
  objEvals++;
  return store;
};
getStore().n **= 3;
console.log(store.n, objEvals);
getStore().n ??= 100;
console.log(store.n, objEvals);
getStore()["n"] += 1;
console.log(store.n, objEvals);
const arr = [1, 2, 3];
let i = 0;
arr[i++] ||= 50;
arr[i++] &&= 60;
console.log(arr.join(","), i);

const fns = [];
let i = 0;
while (i < 4) {
  let captured = i * i;
  fns.push(() => captured);
  i++;
}
console.log(fns.map(f => f()).join(","));
const dos = [];
let j = 3;
do {
  const label = "d" + j;
  dos.push(() => label);
  j--;
} while (j > 0);
console.log(dos.map(f => f()).join(","));
const shared = [];
let k = 0;
while (k < 3) {
  shared.push(() => k);
  k++;
}
console.log(shared.map(f => f()).join(","));

const nums = [10, 1, 5, 100, 25];
console.log([...nums].sort().join(","));
console.log([...nums].sort((a, b) => a - b).join(","));
console.log([...nums].sort((a, b) => b - a).join(","));
const words = ["banana", "Apple", "cherry", "apple"];
console.log([...words].sort().join(","));
console.log([...words].sort((a, b) => a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : a < b ? -1 : 1).join(","));
const people = [
  { name: "Cy", age: 30 },
  { name: "Ann", age: 25 },
  { name: "Bob", age: 30 },
  { name: "Dee", age: 22 },
];
const byAgeThenName = [...people].sort((a, b) => a.age - b.age || (a.name < b.name ? -1 : 1));
console.log(byAgeThenName.map(p => p.name).join(","));
const sorted = nums.sort((a, b) => a - b);
console.log(sorted === nums, nums[0]);
console.log([3, undefined, 1].sort().map(String).join(","));

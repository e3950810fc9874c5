const money = {
  cents: 250,
  valueOf() {
    return this.cents;
  },
  toString() {
    return `$${(this.cents / 100).toFixed(2)}`;
  },
};
console.log(`${money}`);
console.log("" + money);
console.log(money + 1);
console.log(String(money));
console.log(`${money}`.length, ("" + money).length);
const onlyValueOf = { valueOf: () => 7 };
console.log(`${onlyValueOf}`, "" + onlyValueOf);
const arr = [1, [2, 3]];
console.log(`${arr}`);

const bank = (() => {
  let balance = 0;
  const history = [];
  function record(kind, amount) {
    history.push({ kind, amount, balance });
  }
  return {
    deposit(amount) {
      balance += amount;
      record("in", amount);
      return this;
    },
    withdraw(amount) {
      if (amount > balance) return this;
      balance -= amount;
      record("out", amount);
      return this;
    },
    get balance() {
      return balance;
    },
    report: () => history.map(({ kind, amount, balance: b }) => `${kind}${amount}=${b}`).join(" "),
  };
})();
bank.deposit(100).withdraw(30).withdraw(500).deposit(5);
console.log(bank.balance, typeof balance);
console.log(bank.report());
bank.balance = 1e9;
console.log(bank.balance);

class Account {
  owner;
  balance = 0;
  history = [];
  static bank = "WXB";
  constructor(owner, initial) {
    this.owner = owner;
    if (initial) this.deposit(initial);
  }
  deposit(amount) {
    this.balance += amount;
    this.history.push(`+${amount}`);
    return this;
  }
  get summary() {
    return `${this.owner}@${Account.bank}: ${this.balance}`;
  }
}
const acc = new Account("ann", 10).deposit(5);
console.log(acc.summary, acc.history.join(" "));
console.log(new Account("bob").summary);

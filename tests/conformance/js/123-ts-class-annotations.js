class Account {
  owner: string;
  balance: number = 0;
  history: string[] = [];
  static bank: string = "WXB";
  constructor(owner: string, initial?: number) {
    this.owner = owner;
    if (initial) this.deposit(initial);
  }
  deposit(amount: number): Account {
    this.balance += amount;
    this.history.push(`+${amount}`);
    return this;
  }
  get summary(): string {
    return `${this.owner}@${Account.bank}: ${this.balance}`;
  }
}
const acc = new Account("ann", 10).deposit(5);
console.log(acc.summary, acc.history.join(" "));
console.log(new Account("bob").summary);

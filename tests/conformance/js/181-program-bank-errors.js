class BankError extends Error {
  constructor(message, code) {
    super(message);
    this.name = "BankError";
    this.code = code;
  }
}
class InsufficientFunds extends BankError {
  constructor(needed) {
    super(`need ${needed} more`, "NSF");
    this.name = "InsufficientFunds";
    this.needed = needed;
  }
}
class Account {
  balance = 0;
  log = [];
  deposit(n) {
    if (!(n > 0)) throw new BankError("bad amount", "AMOUNT");
    this.balance += n;
    this.log.push(`+${n}`);
  }
  withdraw(n) {
    if (n > this.balance) throw new InsufficientFunds(n - this.balance);
    this.balance -= n;
    this.log.push(`-${n}`);
  }
}
const acc = new Account();
const ops = [["deposit", 50], ["withdraw", 20], ["withdraw", 100], ["deposit", -5], ["deposit", 5]];
for (const [op, amount] of ops) {
  try {
    acc[op](amount);
    console.log(op, amount, "ok", acc.balance);
  } catch (e) {
    if (e instanceof InsufficientFunds) console.log(op, amount, e.name, e.code, e.needed, e.message);
    else if (e instanceof BankError) console.log(op, amount, e.name, e.code, e.message);
    else throw e;
  }
}
console.log(acc.log.join(" "));

class ValidationError extends Error {
  constructor(field, message) {
    super(message);
    this.name = "ValidationError";
    this.field = field;
  }
}
class RequiredError extends ValidationError {
  constructor(field) {
    super(field, `${field} is required`);
    this.name = "RequiredError";
  }
}
try {
  throw new RequiredError("email");
} catch (e) {
  console.log(e instanceof RequiredError, e instanceof ValidationError, e instanceof Error);
  console.log(e.name, e.field, e.message);
  console.log(String(e));
}
const plain = new ValidationError("age", "too young");
console.log(plain.message, plain.name, plain instanceof RequiredError);
class Quiet extends Error {}
const q = new Quiet("shh");
console.log(q.message, q instanceof Quiet, q.name);

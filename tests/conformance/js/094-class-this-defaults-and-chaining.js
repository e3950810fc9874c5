class Query {
  constructor(table) {
    this.table = table;
    this.parts = [];
  }
  where(field, value = this.defaultValue()) {
    this.parts.push(`${field}=${value}`);
    return this;
  }
  defaultValue() {
    return "?";
  }
  limit(n = this.parts.length * 10) {
    this.parts.push(`limit ${n}`);
    return this;
  }
  build() {
    return `select from ${this.table} ${this.parts.join(" and ")}`;
  }
}
console.log(new Query("users").where("id", 5).where("name").limit().build());
class Loud extends Query {
  defaultValue() {
    return "!";
  }
}
console.log(new Loud("t").where("x").build());

const temp = {
  _celsius: 20,
  get fahrenheit() {
    return this._celsius * 9 / 5 + 32;
  },
  set fahrenheit(f) {
    this._celsius = (f - 32) * 5 / 9;
  },
  get celsius() {
    return this._celsius;
  },
};
console.log(temp.fahrenheit);
temp.fahrenheit = 212;
console.log(temp.celsius);
temp.celsius = 5;
console.log(temp.celsius);
const log = [];
const watched = {
  set value(v) {
    log.push(`set ${v}`);
  },
};
watched.value = 1;
watched.value = "two";
console.log(log.join("; "), watched.value);
console.log(JSON.stringify(temp));
const computedAccessor = { get ["dyn" + "amic"]() { return "accessor"; } };
console.log(computedAccessor.dynamic);

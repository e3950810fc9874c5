class Animal {
  constructor(name) {
    this.name = name;
  }
  speak() {
    return `${this.name} makes a sound`;
  }
  describe() {
    return `[${this.kind()}] ${this.speak()}`;
  }
  kind() {
    return "animal";
  }
}
class Dog extends Animal {
  constructor(name, breed) {
    super(name);
    this.breed = breed;
  }
  speak() {
    return `${super.speak()} (woof)`;
  }
  kind() {
    return "dog:" + this.breed;
  }
}
class Puppy extends Dog {
  speak() {
    return super.speak().toUpperCase();
  }
}
const d = new Dog("Rex", "lab");
console.log(d.describe());
const p = new Puppy("Bit", "pug");
console.log(p.describe());
console.log(p instanceof Puppy, p instanceof Dog, p instanceof Animal, d instanceof Puppy);
console.log(Object.getPrototypeOf(Puppy) === Dog, Object.keys(p).join(","));

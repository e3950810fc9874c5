function process(list) {
  const log = [];
  const fns = [];
  outer: for (let i = 0; i < list.length; i++) {
    const item = list[i];
    fns.push(() => item);
    switch (item) {
      case "skip":
        continue;
      case "stop":
        break outer;
      case "ret":
        return "returned at " + i + " after " + fns.map(f => f()).join(",");
    }
    try {
      if (item === "boom") throw new Error("boom");
      log.push(item);
    } catch (e) {
      log.push("caught");
      continue outer;
    } finally {
      log.push("f" + i);
    }
  }
  return log.join(" ") + " | " + fns.map(f => f()).join(",");
}
console.log(process(["a", "skip", "b"]));
console.log(process(["a", "boom", "c", "stop", "d"]));
console.log(process(["x", "ret", "y"]));

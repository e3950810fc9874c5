function greet(name: string, times?: number): string {
  return `hi ${name}`.repeat(times ?? 1);
}
console.log(greet("a"), greet("b", 2));
const add = (a: number, b: number = 10): number => a + b;
console.log(add(1), add(1, 2));
function rest(first: string, ...others: string[]): number {
  return others.length;
}
console.log(rest("a", "b", "c"));
function destruct({ x, y }: { x: number; y: number }, [z]: number[]): number {
  return x + y + z;
}
console.log(destruct({ x: 1, y: 2 }, [3]));
function nothing(): void {
  return;
}
console.log(nothing());

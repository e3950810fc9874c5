const data = { list: null, map: new Map([["k", { x: 1 }]]) };
console.log(data.list?.length ?? 0);
console.log(data.map.get("k")?.x, data.map.get("j")?.x);
const fnOrNull = [null, () => "called"];
console.log(fnOrNull.map(f => f?.() ?? "skipped").join(","));
const chain = { a: () => ({ b: () => null }) };
console.log(chain.a?.().b?.()?.c?.d);

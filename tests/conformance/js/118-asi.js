let a = 1
let b = 2
const c = a + b
console.log(c)
function f() {
  return
  42
}
console.log(f())
let i = 0
let j = 5
i
++j
console.log(i, j)
const list = [1, 2, 3]
const total = list
  .map(x => x * 2)
  .reduce((s, x) => s + x, 0)
console.log(total)
let s = "str"
;[s] = ["destructured"]
console.log(s)
const t = `tpl`
console.log(t)
for (const x of [1]) console.log(x)

// Plain-JS reference for bench/lua/closures.lua (see bench/README.md): closures and upvalues.
const t0 = performance.now();

function counter(start) {
  let c = start;
  return (d) => (c += d);
}

let s = 0;
for (let i = 1; i <= 300000; i++) {
  const f = counter(i);
  for (let j = 1; j <= 8; j++) s += f(j);
  s %= 1000003;
}

const apply = (f, x) => f(x);
const k = 3;
for (let i = 1; i <= 3000000; i++) {
  s = (s + apply((x) => x * k + i, i)) % 1000003;
}
console.log(s);
process.stderr.write(`ms=${(performance.now() - t0).toFixed(3)}\n`);

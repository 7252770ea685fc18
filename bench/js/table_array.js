// Plain-JS reference for bench/lua/table_array.lua (see bench/README.md): arrays (0-based; same values).
const t0 = performance.now();

const N = 1000000;
let total = 0;
const t = [];
for (let rep = 1; rep <= 15; rep++) {
  for (let i = 0; i < N; i++) t[i] = (i + 1) * rep;
  let s = 0;
  for (let i = 0; i < N; i++) s += t[i];
  total = (total + s) % 1000000007;
}
const u = [];
for (let i = 1; i <= N; i++) u.push(i % 7);
let s = 0;
for (let i = u.length - 1; i >= 0; i--) s += u[i];
console.log([total, t.length, u.length, s].join("\t"));
process.stderr.write(`ms=${(performance.now() - t0).toFixed(3)}\n`);

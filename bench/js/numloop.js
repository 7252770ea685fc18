// Plain-JS reference for bench/lua/numloop.lua (see bench/README.md): float arithmetic on locals.
const t0 = performance.now();

let s = 0;
let h = 0;
let x = 1;
for (let i = 1; i <= 20000000; i++) {
  s = (s + i * i) % 1000003; // i*i stays exact (< 2^53)
  h += 1 / i;
  x = x * 1.0000001 - 0.00000005 * x;
}
const hh = h * 1e9;
const xx = x * 1e6;
console.log([s, Math.floor(hh), Math.floor(xx)].join("\t"));
process.stderr.write(`ms=${(performance.now() - t0).toFixed(3)}\n`);

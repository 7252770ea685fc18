// Plain-JS reference for bench/lua/fib.lua (see bench/README.md): recursive calls.
const t0 = performance.now();

function fib(n) {
  if (n < 2) return n;
  return fib(n - 1) + fib(n - 2);
}

console.log(fib(35));
process.stderr.write(`ms=${(performance.now() - t0).toFixed(3)}\n`);

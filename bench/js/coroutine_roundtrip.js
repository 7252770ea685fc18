// Plain-JS reference for bench/lua/coroutine_roundtrip.lua (see bench/README.md): generators for coroutines (resume = next(), wrap = for..of).
const t0 = performance.now();

const co = (function* () {
  let i = 0;
  for (;;) yield ++i;
})();
let s = 0;
for (let n = 0; n < 1000000; n++) {
  const v = co.next().value;
  s = (s + v) % 1000003;
}
function* range(n) {
  for (let i = 1; i <= n; i++) yield i;
}
let t = 0;
for (const i of range(1000000)) t = (t + i) % 1000003;
console.log(`${s}\t${t}`);
process.stderr.write(`ms=${(performance.now() - t0).toFixed(3)}\n`);

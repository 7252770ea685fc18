// Plain-JS reference for bench/lua/table_fields.lua (see bench/README.md): object literals as records.
const t0 = performance.now();

const N = 300000;
const rs = [];
for (let rep = 1; rep <= 5; rep++) {
  for (let i = 0; i < N; i++) {
    const v = i + 1;
    rs[i] = { x: v, y: v * 2, z: rep, tag: "r" };
  }
  for (let i = 0; i < N; i++) {
    const r = rs[i];
    r.x = r.x + r.y;
    r.z = r.z + (r.x % 3);
  }
}
let s = 0;
for (let i = 0; i < N; i++) {
  const r = rs[i];
  s = (s + r.x + r.y + r.z) % 1000000007;
}
console.log(`${s}\t${rs[N - 1].tag}`);
process.stderr.write(`ms=${(performance.now() - t0).toFixed(3)}\n`);

// Plain-JS reference for bench/lua/table_hash.lua (see bench/README.md): a plain object as the string-keyed table (a Map measured ~25% slower here), for..in for pairs().
const t0 = performance.now();

const keys = [];
for (let i = 1; i <= 1000; i++) keys.push("key" + i);
const t = {};
for (const k of keys) t[k] = 0;
for (let rep = 1; rep <= 30000; rep++) {
  for (let i = 0; i < 1000; i++) {
    const k = keys[i];
    t[k] = t[k] + i + 1;
  }
}
let s = 0, n = 0;
for (const k in t) {
  s = (s + t[k]) % 1000000007;
  n++;
}
console.log([s, n, t.key1, t.key1000].join("\t"));
process.stderr.write(`ms=${(performance.now() - t0).toFixed(3)}\n`);

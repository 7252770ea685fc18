// Plain-JS reference for bench/lua/lib_concat.lua (see bench/README.md): String() for tostring, Array#join for table.concat (slice for its i, j range).
const t0 = performance.now();

let total = 0;
for (let rep = 1; rep <= 10; rep++) {
  const t = [];
  for (let i = 1; i <= 200000; i++) t.push(String(i * rep) + ",");
  const s = t.join("");
  const u = t.slice(999, 150000).join(";");
  total += s.length + u.length;
}
console.log(total);
process.stderr.write(`ms=${(performance.now() - t0).toFixed(3)}\n`);

// Plain-JS reference for bench/lua/lib_patterns.lua (see bench/README.md): JS regexes for the Lua patterns (equivalent here: %d = \d, %w = [A-Za-z0-9], %u = [A-Z]), indexOf for the plain find, join for table.concat.
const t0 = performance.now();

const parts = [];
let seed = 12345;
const rnd = (n) => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed % n;
};
const words = ["GET", "POST", "alpha", "beta", "gamma", "/api/v1/users", "/tmp/x.sh", "error", "ok", "user=42"];
for (let i = 1; i <= 60000; i++) {
  parts.push(`${String(i).padStart(5, "0")} ${words[rnd(10)]} ${words[rnd(10)]} ${rnd(256)}.${rnd(256)}.${rnd(256)}.${rnd(256)} ${words[rnd(10)]}\n`);
}
const text = parts.join("");

let n = 0;
for (const m of text.matchAll(/\d+\.\d+\.\d+\.\d+/g)) n += m[0].length;

let count = 0;
const replaced = text.replace(/([A-Za-z0-9]+)=(\d+)/g, (_, k, v) => {
  count++;
  return v + ":" + k;
});

let s = 0;
for (let a = text.indexOf("error"); a !== -1; a = text.indexOf("error", a + 5)) s += a + 1;

let firsts = 0;
for (const line of text.matchAll(/[^\n]+/g)) {
  const m = /^(\d+) ([A-Z]+)/.exec(line[0]);
  if (m) firsts += Number(m[1]) % 7;
}
const upper = text.toUpperCase().length;
console.log([text.length, n, count, replaced.length, s % 1000003, firsts, upper].join("\t"));
process.stderr.write(`ms=${(performance.now() - t0).toFixed(3)}\n`);

// Plain-JS reference for bench/lua/strings_lib.lua (see bench/README.md): toFixed/padStart for string.format, join for table.concat, repeat for string.rep, JS regexes for the Lua patterns, indexOf for the plain find.
const t0 = performance.now();

const pieces = [];
for (let i = 1; i <= 200000; i++) {
  pieces.push(`${i}:v${i % 13}:${(i / 7).toFixed(2).padStart(5)}`);
}
const all = pieces.join(",");

// byte scan over a slice
let h = 0;
const part = all.slice(0, 400000);
for (let i = 0; i < part.length; i++) {
  h = (h * 31 + part.charCodeAt(i)) % 1000000007;
}

const buf = [];
for (let i = 1; i <= 50000; i++) {
  buf.push("x".repeat(i % 10) + String.fromCharCode(65 + (i % 26)));
}
const joined = buf.join("");

let count = 0;
for (const _ of all.matchAll(/\d+:v1:/g)) count++;
let nrep = 0;
const replaced = all.slice(0, 200000).replace(/v(\d)/g, (_, d) => {
  nrep++;
  return "w" + d;
});
const at = all.indexOf("199999:") + 1;
console.log([all.length, h, joined.length, count, replaced.length, nrep, at, joined.slice(0, 12).toUpperCase()].join("\t"));
process.stderr.write(`ms=${(performance.now() - t0).toFixed(3)}\n`);

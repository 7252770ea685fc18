// Plain-JS reference for bench/lua/lib_sort_strings.lua (see bench/README.md): Array#sort's default (UTF-16 code unit order = byte order for ASCII) for table.sort.
const t0 = performance.now();

let seed = 7;
const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
const t = [];
for (let i = 1; i <= 100000; i++) t.push(`k${rnd() % 1000000}-${i % 13}`);
t.sort();
let ok = true;
for (let i = 1; i < t.length; i++) if (t[i - 1] > t[i]) ok = false;
console.log([ok, t[0], t[49999], t[99999]].join("\t"));
process.stderr.write(`ms=${(performance.now() - t0).toFixed(3)}\n`);

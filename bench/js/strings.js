// Plain-JS reference for bench/lua/strings.lua (see bench/README.md): template literals and + for `..`.
const t0 = performance.now();

let total = 0;
const pieces = [];
for (let i = 1; i <= 300000; i++) {
  const line = `row ${i}: ${i * 3},${i % 97};`;
  total += line.length;
  pieces.push(line);
}

let n = 0;
for (let i = 0; i < 20000; i++) {
  let s = "";
  for (let j = 0; j < 20; j++) s += "ab";
  n += s.length;
}

// join pieces: divide and conquer
function join(t, i, j) {
  if (i === j) return t[i];
  const m = (i + j) >> 1;
  return join(t, i, m) + join(t, m + 1, j);
}
const all = join(pieces, 0, pieces.length - 1);

let eq = 0;
for (let i = 0; i < pieces.length - 1; i++) {
  if (pieces[i] < pieces[i + 1]) eq++;
}
console.log([total, n, all.length, eq].join("\t"));
process.stderr.write(`ms=${(performance.now() - t0).toFixed(3)}\n`);

// Plain-JS reference for bench/lua/queens.lua (see bench/README.md): backtracking N-queens.
const t0 = performance.now();

function queens(n) {
  const cols = new Array(2 * n + 1).fill(false);
  const d1 = new Array(2 * n + 1).fill(false);
  const d2 = new Array(2 * n + 1).fill(false);
  let count = 0;
  function place(r) {
    if (r > n) {
      count++;
      return;
    }
    for (let c = 1; c <= n; c++) {
      const a = r + c, b = r - c + n;
      if (!cols[c] && !d1[a] && !d2[b]) {
        cols[c] = d1[a] = d2[b] = true;
        place(r + 1);
        cols[c] = d1[a] = d2[b] = false;
      }
    }
  }
  place(1);
  return count;
}

let total = 0;
for (let n = 4; n <= 12; n++) total += queens(n);
console.log(`${total}\t${queens(8)}`);
process.stderr.write(`ms=${(performance.now() - t0).toFixed(3)}\n`);

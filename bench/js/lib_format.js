// Plain-JS reference for bench/lua/lib_format.lua (see bench/README.md): padStart/padEnd/toFixed/toString(16) and small %g and %q helpers for string.format.
const t0 = performance.now();

// C's %g (precision 6). toPrecision rounds exact ties away from zero where C rounds them
// to even (100000.5: "100001" vs "100000"); that never changes a length, so not the checksum.
function fmtG(x) {
  if (x === 0) return "0";
  const e = Math.floor(Math.log10(Math.abs(x)));
  if (e < -4 || e >= 6) {
    let [m, ex] = x.toExponential(5).split("e");
    if (m.includes(".")) m = m.replace(/\.?0+$/, "");
    const n = Number(ex);
    return `${m}e${n < 0 ? "-" : "+"}${String(Math.abs(n)).padStart(2, "0")}`;
  }
  const s = x.toPrecision(6);
  return s.includes(".") ? s.replace(/\.?0+$/, "") : s;
}

// %q: quote, escaping what Lua 5.1 escapes.
const fmtQ = (s) => `"${s.replace(/[\\"\n\r\0]/g, (c) => (c === "\n" ? "\\\n" : c === "\r" ? "\\r" : c === "\0" ? "\\000" : "\\" + c))}"`;

let acc = 0;
let last;
for (let i = 1; i <= 300000; i++) {
  const s = `${String(i).padStart(5)}|${("k" + (i % 97)).padEnd(8)}|${(i / 7).toFixed(3)}|${i.toString(16)}|${fmtG(i * 1.5)}`;
  acc += s.length;
  if (i % 3 === 0) last = fmtQ(s);
}
console.log(`${acc}\t${last}`);
process.stderr.write(`ms=${(performance.now() - t0).toFixed(3)}\n`);

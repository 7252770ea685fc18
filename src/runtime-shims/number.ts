// Number <-> string conversions exactly as Lua 5.1 does them.

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** True when the sign bit is set (tells -0 and -nan apart). */
export function signbit(n: number): boolean {
  f64[0] = n;
  return u32[1] >>> 31 === 1;
}

/**
 * n.toExponential(fd) but with C's rounding: the exact binary value, ties to even.
 * (JS rounds exact ties away from zero; glibc printf rounds them to even.)
 */
export function toExponentialC(n: number, fd: number): string {
  const js = n.toExponential(fd);
  if (fd >= 75) return js;
  const wide = n.toExponential(fd + 25); // 25 more digits decide whether this was an exact tie
  const ei = wide.indexOf("e");
  const tail = wide.slice(0, ei).replace("-", "").replace(".", "").slice(fd + 1);
  if (tail[0] !== "5" || !/^50*$/.test(tail)) return js;
  const head = wide.slice(0, ei).replace(".", "");
  const neg = head[0] === "-";
  const digits = (neg ? head.slice(1) : head).slice(0, fd + 1);
  if ((digits.charCodeAt(digits.length - 1) - 48) % 2 === 1) return js; // odd: rounding away is even
  const mant = digits[0] + (fd > 0 ? "." + digits.slice(1) : "");
  return (neg ? "-" : "") + mant + wide.slice(ei);
}

/** C's `%.<prec>g` for finite n (`alt`: the `#` flag, keep trailing zeros). */
export function fmtG(n: number, prec: number, alt = false): string {
  if (prec === 0) prec = 1;
  const e = toExponentialC(n, prec - 1); // correctly rounded mantissa and exponent
  const ei = e.indexOf("e");
  const x = +e.slice(ei + 1);
  let s: string;
  if (x < -4 || x >= prec) {
    let m = e.slice(0, ei);
    if (!alt) m = stripZeros(m);
    s = m + "e" + (x < 0 ? "-" : "+") + (Math.abs(x) < 10 ? "0" : "") + Math.abs(x);
  } else {
    // fixed notation from the same rounded digits
    const neg = e[0] === "-";
    const digits = e.slice(neg ? 1 : 0, ei).replace(".", "");
    if (x >= 0) s = digits.slice(0, x + 1) + (digits.length > x + 1 || alt ? "." + digits.slice(x + 1) : "");
    else s = "0." + "0".repeat(-x - 1) + digits;
    if (!alt) s = stripZeros(s);
    if (neg) s = "-" + s;
  }
  if (n === 0 && signbit(n) && s[0] !== "-") s = "-" + s;
  return s;
}

function stripZeros(m: string): string {
  if (m.indexOf(".") < 0) return m;
  let end = m.length;
  while (m.charCodeAt(end - 1) === 48) end--;
  if (m.charCodeAt(end - 1) === 46) end--;
  return m.slice(0, end);
}

/** tostring(number): `%.14g`, with inf/-inf/nan/-nan as glibc prints them. */
export function numberToString(n: number): string {
  if (Number.isInteger(n) && n < 1e14 && n > -1e14) {
    return n === 0 && 1 / n < 0 ? "-0" : "" + n;
  }
  const a = n < 0 ? -n : n;
  if (a >= 1e-4 && a < 1e14) {
    // fixed notation either way: when the shortest round-trip text has at most 14
    // significant digits, %.14g rounds the double to exactly those digits (no formatting)
    const s = "" + n;
    let i = n < 0 ? 1 : 0;
    let c = s.charCodeAt(i);
    while (c === 48 || c === 46) c = s.charCodeAt(++i); // leading "0.00"
    if (s.length - i - (s.indexOf(".", i) >= 0 ? 1 : 0) <= 14) return s;
  }
  if (n !== n) return signbit(n) ? "-nan" : "nan";
  if (n === Infinity) return "inf";
  if (n === -Infinity) return "-inf";
  return fmtG(n, 14);
}

const STRTOD = /^[ \t\n\v\f\r]*([-+]?)(?:(\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?)|0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([-+]?\d+))?|(inf(?:inity)?)|(nan))[ \t\n\v\f\r]*$/i;

/**
 * String to number as lua5.1 (glibc strtod) and LuaJIT accept it: decimal with exponent,
 * hex integers and hex floats (`0x1p4`, `0x1.8`), `inf`/`infinity`/`nan`, surrounding
 * whitespace. Returns undefined when the string is not a number.
 */
export function stringToNumber(s: string): number | undefined {
  const m = STRTOD.exec(s);
  if (m === null) return undefined;
  const neg = m[1] === "-";
  let v: number;
  if (m[2] !== undefined) v = +m[2];
  else if (m[6] !== undefined) v = Infinity;
  else if (m[7] !== undefined) v = NaN;
  else {
    const int = m[3] ?? "", frac = m[4] ?? "";
    if (int === "" && frac === "") return undefined; // "0x" alone
    v = int === "" ? 0 : parseInt(int, 16);
    for (let i = 0; i < frac.length; i++) v += parseInt(frac[i], 16) / 16 ** (i + 1);
    if (m[5] !== undefined) v *= 2 ** +m[5];
  }
  return neg ? -v : v;
}

/** tonumber(s, base) for base 2..36 (integers only, as Lua 5.1's strtoul). */
export function stringToNumberBase(s: string, base: number): number | undefined {
  const t = s.trim().toLowerCase();
  let neg = false;
  let i = 0;
  if (t[0] === "-") {
    neg = true;
    i = 1;
  }
  if (i >= t.length) return undefined;
  let v = 0;
  for (; i < t.length; i++) {
    const c = t.charCodeAt(i);
    const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 122 ? c - 87 : 99;
    if (d >= base) return undefined;
    v = v * base + d;
  }
  return neg ? -v : v;
}

/** LuaJIT's bit.tobit: round to nearest (ties to even) and wrap to a signed 32-bit int. */
export function tobit(x: number): number {
  f64[0] = x + 6755399441055744; // 2^52 + 2^51: the low 32 bits now hold the integer
  return u32[0] | 0;
}

/** C pow: Math.pow differs where C defines pow(1, y) = 1 and pow(-1, ±inf) = 1. */
export function cpow(x: number, y: number): number {
  if (x === 1) return 1;
  if (x === -1 && (y === Infinity || y === -Infinity)) return 1;
  return Math.pow(x, y);
}

// Number <-> string conversions exactly as Lua 5.1 does them.

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** True when the sign bit is set (tells -0 and -nan apart). */
export function signbit(n: number): boolean {
  f64[0] = n;
  return u32[1] >>> 31 === 1;
}

/** C's `%.<prec>g` for finite n. */
export function fmtG(n: number, prec: number, alt = false): string {
  if (prec === 0) prec = 1;
  const e = n.toExponential(prec - 1); // correctly rounded mantissa and exponent
  const ei = e.indexOf("e");
  const x = +e.slice(ei + 1);
  let s: string;
  if (x < -4 || x >= prec) {
    let m = e.slice(0, ei);
    if (!alt) m = stripZeros(m);
    s = m + "e" + (x < 0 ? "-" : "+") + (Math.abs(x) < 10 ? "0" : "") + Math.abs(x);
  } else {
    s = n.toFixed(prec - 1 - x);
    if (!alt) s = stripZeros(s);
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
  if (Number.isInteger(n) && n < 1e15 && n > -1e15) {
    return n === 0 && 1 / n < 0 ? "-0" : "" + n;
  }
  if (n !== n) return signbit(n) ? "-nan" : "nan";
  if (n === Infinity) return "inf";
  if (n === -Infinity) return "-inf";
  return fmtG(n, 14);
}

const DECIMAL = /^[ \t\n\v\f\r]*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?[ \t\n\v\f\r]*$/;
const HEX = /^[ \t\n\v\f\r]*([-+]?)0[xX]([0-9a-fA-F]+)[ \t\n\v\f\r]*$/;

/**
 * String to number as the Lua lexer/strtod accept it: decimal with optional exponent,
 * hex integers (`0x1F`, also signed), surrounding whitespace. Returns undefined when the
 * string is not a number. Like LuaJIT (and unlike glibc strtod) "inf"/"nan" are not numbers.
 */
export function stringToNumber(s: string): number | undefined {
  if (DECIMAL.test(s)) return +s.trim().replace(/^\+/, "");
  const m = HEX.exec(s);
  if (m) {
    const v = parseInt(m[2], 16);
    return m[1] === "-" ? -v : v;
  }
  return undefined;
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

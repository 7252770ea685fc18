// string.format as Lua 5.1 does it: lstrlib's str_format hands each item to the C
// library's sprintf, so this file reimplements glibc's printf conversions for doubles and
// 64-bit integers, byte for byte, including:
//   - exact decimal rounding of the binary value, ties to even (`%.0f` of 2.5 is "2");
//   - C's casts: `%d` truncates to a 64-bit integer (NaN and out-of-range become
//     INT64_MIN), `%x` of -1 is ffffffffffffffff, `%c` wraps to a byte;
//   - sprintf writing into a C buffer: an item is cut at its first NUL byte (`%c` of 0 is
//     "", `%s` of "a\0b" is "a"), except `%s` of a string of 100+ bytes without a
//     precision, which 5.1 copies whole (and without padding);
//   - lstrlib's own format-spec checks and messages.
// Also home of the argument helpers and C integer casts shared with string.ts.
import { LuaAbort } from "../value.js";
import { rtError } from "../errors.js";
import { alloc, charge } from "../limits.js";
import { numberToString, signbit, stringToNumber } from "../number.js";
import { argError, typeError } from "./args.js";

// ---------------------------------------------------------------- shared helpers

/** V8's maximum string length. */
export const MAX_STRING_LENGTH = (1 << 29) - 24;

/**
 * Refuse to build a string V8 can not hold. Like V8's own refusal (see base.ts), this
 * ends the run as a memory-limit error rather than raising a catchable Lua error.
 */
export function checkStringLength(n: number): void {
  if (n > MAX_STRING_LENGTH) throw new LuaAbort("script_memory_limit", "memory limit exceeded (allocation too large)");
}

const TWO63 = 9223372036854775808;
const TWO64 = 18446744073709551616;

/** C's (lua_Integer)d on x86-64: truncation; NaN and out-of-range values give INT64_MIN. */
export function toInt64(x: number): number {
  return x >= -TWO63 && x < TWO63 ? Math.trunc(x) : -TWO63;
}

/** luaL_checkint's (int)(lua_Integer)d: the 64-bit cast, then the low 32 bits. */
export function toCInt(x: number): number {
  return toInt64(x) | 0;
}

/** C's (int)d (a direct double to 32-bit cast): out of range gives INT_MIN. */
function toInt32Cast(x: number): number {
  return x >= -2147483648 && x < 2147483648 ? x | 0 : -2147483648;
}

/** C's (unsigned long)d as gcc compiles it on x86-64 (what lua5.1 prints for %x of -1). */
function toUint64(x: number): number | bigint {
  if (x >= 0 && x < 9007199254740992) return Math.trunc(x);
  if (x >= TWO63) return x < TWO64 ? BigInt(x) : 0n;
  const v = toInt64(x);
  return v >= 0 ? BigInt(v) : (1n << 64n) + BigInt(v);
}

/**
 * luaL_checklstring. `nargs` (the caller's argument count) tells "got nil" from
 * "got no value".
 */
export function argString(v: unknown, n: number, fname: string, nargs: number): string {
  if (typeof v === "string") return v;
  if (typeof v === "number") return numberToString(v);
  return typeError(n, fname, "string", v, n <= nargs);
}

/** luaL_checknumber: numbers, and strings convertible to numbers. */
export function argNumber(v: unknown, n: number, fname: string, nargs: number): number {
  if (typeof v === "number") return v;
  if (typeof v === "string") {
    const x = stringToNumber(v);
    if (x !== undefined) return x;
  }
  return typeError(n, fname, "number", v, n <= nargs);
}

/** luaL_checkinteger (64-bit lua_Integer). */
export function argInteger(v: unknown, n: number, fname: string, nargs: number): number {
  return toInt64(typeof v === "number" ? v : argNumber(v, n, fname, nargs));
}

/** luaL_checkint (int). */
export function argInt(v: unknown, n: number, fname: string, nargs: number): number {
  return toCInt(typeof v === "number" ? v : argNumber(v, n, fname, nargs));
}

// ---------------------------------------------------------------- exact decimal conversion

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

function ctz32(x: number): number {
  return 31 - Math.clz32(x & -x);
}

/** For finite a > 0: [m, e] with a = m * 2^e and m odd. */
function decompose(a: number): [number, number] {
  f64[0] = a;
  const lo = u32[0];
  const hi = u32[1];
  const bexp = (hi >>> 20) & 0x7ff;
  const mhi = (hi & 0xfffff) | (bexp === 0 ? 0 : 0x100000);
  let e = bexp === 0 ? -1074 : bexp - 1075;
  const tz = lo !== 0 ? ctz32(lo) : 32 + ctz32(mhi);
  e += tz;
  return [(mhi * 4294967296 + lo) / 2 ** tz, e];
}

/**
 * The exact decimal expansion of finite a > 0: a = 0.<digits> * 10^point, digits without
 * leading zeros. Every double has a finite expansion (at most 767 significant digits).
 */
function exactDigits(a: number, m: number, e: number): { d: string; point: number } {
  if (e >= 0) {
    const d = a < 9007199254740992 ? String(a) : BigInt(a).toString();
    return { d, point: d.length };
  }
  const d = (BigInt(m) * 5n ** BigInt(-e)).toString(); // a = m*5^-e / 10^-e
  return { d, point: d.length + e };
}

/**
 * Keep the first k digits of d, rounding the exact rest half to even. Returns k digits,
 * or k+1 when the rounding carried into a new leading digit ("999" -> "1000").
 */
function roundDigits(d: string, k: number): string {
  if (k >= d.length) return k === d.length ? d : d + "0".repeat(k - d.length);
  if (k < 0) return ""; // the whole value is below half a unit
  const head = d.slice(0, k);
  const r = d.charCodeAt(k) - 48;
  let up: boolean;
  if (r !== 5) {
    up = r > 5;
  } else {
    let rest = false;
    for (let i = k + 1; i < d.length; i++) {
      if (d.charCodeAt(i) !== 48) {
        rest = true;
        break;
      }
    }
    // an exact tie goes to the even neighbour (an empty head is 0, even)
    up = rest || (k > 0 && (d.charCodeAt(k - 1) & 1) === 1);
  }
  if (!up) return head;
  let i = k - 1;
  while (i >= 0 && d.charCodeAt(i) === 57) i--; // trailing 9s become 0s
  if (i < 0) return "1" + "0".repeat(k);
  return head.slice(0, i) + String.fromCharCode(head.charCodeAt(i) + 1) + "0".repeat(k - 1 - i);
}

/**
 * `%.<prec>f` of finite a >= 0, without sign. toFixed rounds the exact binary value like C
 * except at exact ties, where it rounds up; a tie needs a's lowest set bit to be worth
 * exactly half a unit of the last digit, so only then (and past toFixed's 1e21 range) do
 * we expand exactly.
 */
export function fixedDigits(a: number, prec: number): string {
  if (a === 0) return prec === 0 ? "0" : "0." + "0".repeat(prec);
  const [m, e] = decompose(a);
  if (a < 1e21 && prec <= 100 && e !== -(prec + 1)) return a.toFixed(prec);
  const { d, point } = exactDigits(a, m, e);
  let s = roundDigits(d, point + prec); // the value is s * 10^-prec
  if (s.length <= prec) s = "0".repeat(prec + 1 - s.length) + s;
  const cut = s.length - prec;
  return prec > 0 ? s.slice(0, cut) + "." + s.slice(cut) : s;
}

/** prec+1 significant digits of finite a > 0, correctly rounded, and the decimal exponent. */
function expDigits(a: number, prec: number): [string, number] {
  const [m, e] = decompose(a);
  if (e < 0) {
    // toExponential is exact except at ties; a tie needs a's last decimal digit (its
    // 10^e place) to sit just below the last kept digit (x is the exponent, maybe one
    // too high when the rounding carried)
    const s = a.toExponential(prec);
    const ei = s.indexOf("e");
    const x = +s.slice(ei + 1);
    if (e !== x - prec - 1 && e !== x - prec - 2) {
      return [prec > 0 ? s[0] + s.slice(2, ei) : s.slice(0, ei), x];
    }
  }
  // integers (their exact digits are cheap) and possible ties
  const { d, point } = exactDigits(a, m, e);
  const r = roundDigits(d, prec + 1);
  return r.length > prec + 1 ? [r.slice(0, prec + 1), point] : [r, point - 1];
}

function expSuffix(x: number): string {
  const ax = x < 0 ? -x : x;
  return (x < 0 ? "e-" : "e+") + (ax < 10 ? "0" : "") + ax;
}

/** `%.<prec>e` of finite a >= 0, without sign. */
export function expString(a: number, prec: number, alt: boolean): string {
  let d: string, x: number;
  if (a === 0) {
    d = "0".repeat(prec + 1);
    x = 0;
  } else {
    [d, x] = expDigits(a, prec);
  }
  const mant = prec > 0 ? d[0] + "." + d.slice(1) : alt ? d + "." : d;
  return mant + expSuffix(x);
}

function stripFraction(s: string): string {
  if (s.indexOf(".") < 0) return s;
  let end = s.length;
  while (s.charCodeAt(end - 1) === 48) end--;
  if (s.charCodeAt(end - 1) === 46) end--;
  return s.slice(0, end);
}

function isPowerOf10Digits(d: string): boolean {
  if (d.charCodeAt(0) !== 49) return false;
  for (let i = 1; i < d.length; i++) if (d.charCodeAt(i) !== 48) return false;
  return true;
}

/** `%.<prec>g` of finite a >= 0, without sign (C99: the style depends on the %e exponent). */
export function generalString(a: number, prec: number, alt: boolean): string {
  const p = prec === 0 ? 1 : prec;
  let d = "";
  let x = 0;
  if (a !== 0) [d, x] = expDigits(a, p - 1);
  if (x < p && x >= -4) {
    const s = fixedDigits(a, p - 1 - x);
    if (!alt) return stripFraction(s);
    return s.indexOf(".") < 0 ? s + "." : s;
  }
  if (alt && x === p && isPowerOf10Digits(d) && exactDigits(a, ...decompose(a)).point === p) {
    // glibc quirk: the %f style was chosen from the unrounded exponent (p-1), rounding
    // carried to 10^p, and the switch to %e style keeps no zeros: "%#g" of 999999.5 is
    // "1.e+06", not "1.00000e+06"
    return "1." + expSuffix(x);
  }
  let mant = p > 1 ? d[0] + "." + d.slice(1) : d;
  if (!alt) mant = stripFraction(mant);
  else if (p === 1) mant += ".";
  return mant + expSuffix(x);
}

/** C's `%.<prec>g` of any double (sign, inf and nan as glibc prints them). */
export function formatG(n: number, prec: number): string {
  if (n !== n) return signbit(n) ? "-nan" : "nan";
  const sign = signbit(n) ? "-" : "";
  if (n === Infinity || n === -Infinity) return sign + "inf";
  return sign + generalString(Math.abs(n), prec, false);
}

// ---------------------------------------------------------------- string.format

interface Spec {
  minus: boolean; // left-justify
  plus: boolean; // always a sign
  space: boolean; // a space for the sign of non-negative numbers
  alt: boolean; // '#'
  zero: boolean; // pad with zeros
  width: number;
  hasDot: boolean;
  prec: number; // meaningful when hasDot ("%.f" is precision 0)
}

const spec: Spec = { minus: false, plus: false, space: false, alt: false, zero: false, width: 0, hasDot: false, prec: 0 };

/** Pad `prefix + body` to the width: spaces left, or right with '-', or zeros after the prefix. */
function pad(prefix: string, body: string, zeroPad: boolean): string {
  const fill = spec.width - prefix.length - body.length;
  if (fill <= 0) return prefix + body;
  if (spec.minus) return prefix + body + " ".repeat(fill);
  if (zeroPad) return prefix + "0".repeat(fill) + body;
  return " ".repeat(fill) + prefix + body;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Parse flags, width and precision at fmt[i] into `spec` (lstrlib's scanformat): up to
 * five flag characters, two width digits, two precision digits. Returns the index of the
 * conversion character.
 */
function scanFormat(fmt: string, i: number): number {
  spec.minus = spec.plus = spec.space = spec.alt = spec.zero = false;
  spec.width = 0;
  spec.hasDot = false;
  spec.prec = 0;
  const start = i;
  for (;;) {
    const c = fmt.charCodeAt(i);
    if (c === 45) spec.minus = true;
    else if (c === 43) spec.plus = true;
    else if (c === 32) spec.space = true;
    else if (c === 35) spec.alt = true;
    else if (c === 48) spec.zero = true;
    else break;
    i++;
  }
  if (i - start >= 6) throw rtError("invalid format (repeated flags)");
  if (isDigit(fmt.charCodeAt(i))) spec.width = fmt.charCodeAt(i++) - 48;
  if (isDigit(fmt.charCodeAt(i))) spec.width = spec.width * 10 + fmt.charCodeAt(i++) - 48;
  if (fmt.charCodeAt(i) === 46) {
    i++;
    spec.hasDot = true;
    if (isDigit(fmt.charCodeAt(i))) spec.prec = fmt.charCodeAt(i++) - 48;
    if (isDigit(fmt.charCodeAt(i))) spec.prec = spec.prec * 10 + fmt.charCodeAt(i++) - 48;
  }
  if (isDigit(fmt.charCodeAt(i))) throw rtError("invalid format (width or precision too long)");
  return i;
}

function formatSigned(x: number): string {
  const v = toInt64(x);
  const neg = v < 0;
  let digits = neg ? (v > -9007199254740992 ? String(-v) : (-BigInt(v)).toString()) : v < 9007199254740992 ? String(v) : BigInt(v).toString();
  if (spec.hasDot) digits = spec.prec === 0 && v === 0 ? "" : digits.padStart(spec.prec, "0");
  const sign = neg ? "-" : spec.plus ? "+" : spec.space ? " " : "";
  return pad(sign, digits, spec.zero && !spec.hasDot);
}

function formatUnsigned(x: number, conv: number): string {
  const v = toUint64(x);
  const radix = conv === 111 ? 8 : conv === 117 ? 10 : 16;
  let digits = v.toString(radix);
  if (conv === 88) digits = digits.toUpperCase();
  const isZero = v === 0 || v === 0n;
  if (spec.hasDot) digits = spec.prec === 0 && isZero ? "" : digits.padStart(spec.prec, "0");
  let prefix = "";
  if (spec.alt) {
    if (conv === 111) {
      if (digits.charCodeAt(0) !== 48) digits = "0" + digits; // '#o': a leading zero
    } else if ((conv === 120 || conv === 88) && !isZero) {
      prefix = conv === 120 ? "0x" : "0X";
    }
  }
  return pad(prefix, digits, spec.zero && !spec.hasDot);
}

function formatFloat(x: number, conv: number): string {
  const upper = conv === 69 || conv === 71; // E, G
  const sign = signbit(x) ? "-" : spec.plus ? "+" : spec.space ? " " : "";
  if (x !== x || x === Infinity || x === -Infinity) {
    const body = x !== x ? "nan" : "inf";
    return pad(sign, upper ? body.toUpperCase() : body, false); // glibc never zero-pads these
  }
  const a = Math.abs(x);
  const prec = spec.hasDot ? spec.prec : 6;
  let body: string;
  if (conv === 102) {
    body = fixedDigits(a, prec);
    if (spec.alt && prec === 0) body += ".";
  } else if (conv === 101 || conv === 69) {
    body = expString(a, prec, spec.alt);
  } else {
    body = generalString(a, prec, spec.alt);
  }
  if (upper) body = body.toUpperCase();
  return pad(sign, body, spec.zero);
}

/** Bytes of %q's output for s. */
function quotedLength(s: string): number {
  let n = s.length + 2;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 34 || c === 92 || c === 10 || c === 13) n += 1;
    else if (c === 0) n += 3;
  }
  return n;
}

const QUOTE_ESCAPES = /["\\\n\r\0]/g;

function quoteChar(c: string): string {
  switch (c) {
    case "\r": return "\\r";
    case "\0": return "\\000";
    default: return "\\" + c; // `"`, `\`, and newline as backslash-newline
  }
}

/** The C string an item leaves in sprintf's buffer: everything up to the first NUL. */
function cString(s: string): string {
  const nul = s.indexOf("\0");
  return nul < 0 ? s : s.slice(0, nul);
}

/** string.format(fmt, ...) */
export function strFormat(...args: unknown[]): string {
  const nargs = args.length;
  const fmt = argString(args[0], 1, "format", nargs);
  const end = fmt.length;
  let out = "";
  let outLen = 0;
  let accounted = 0; // bytes already passed to alloc
  let arg = 1; // 1-based index of the last argument used
  let i = 0;
  while (i < end) {
    const pct = fmt.indexOf("%", i);
    if (pct < 0) {
      out += i === 0 ? fmt : fmt.slice(i);
      outLen += end - i;
      break;
    }
    if (pct > i) {
      out += fmt.slice(i, pct);
      outLen += pct - i;
    }
    i = pct + 1;
    if (fmt.charCodeAt(i) === 37) { // %%
      out += "%";
      outLen++;
      i++;
      continue;
    }
    if (++arg > nargs) argError(arg, "format", "no value");
    i = scanFormat(fmt, i);
    const conv = i < end ? fmt.charCodeAt(i) : 0; // past the end C sees the '\0'
    i++;
    const v = args[arg - 1];
    let item: string;
    switch (conv) {
      case 99: // c
        item = cString(pad("", String.fromCharCode(toInt32Cast(argNumber(v, arg, "format", nargs)) & 255), false));
        break;
      case 100: case 105: // d i
        item = formatSigned(argNumber(v, arg, "format", nargs));
        break;
      case 111: case 117: case 120: case 88: // o u x X
        item = formatUnsigned(argNumber(v, arg, "format", nargs), conv);
        break;
      case 101: case 69: case 102: case 103: case 71: // e E f g G
        item = formatFloat(argNumber(v, arg, "format", nargs), conv);
        break;
      case 113: { // q: flags and width are ignored
        const s = argString(v, arg, "format", nargs);
        const n = quotedLength(s);
        checkStringLength(outLen + n);
        alloc(n); // before building it: %q may quadruple a huge string
        accounted += n;
        item = '"' + (n === s.length + 2 ? s : s.replace(QUOTE_ESCAPES, quoteChar)) + '"';
        break;
      }
      case 115: { // s
        const s = argString(v, arg, "format", nargs);
        if (!spec.hasDot && s.length >= 100) {
          item = s; // 5.1 copies long strings whole, ignoring the width
          checkStringLength(outLen + s.length);
        } else {
          let t = cString(s);
          if (spec.hasDot && t.length > spec.prec) t = t.slice(0, spec.prec);
          item = pad("", t, false);
        }
        break;
      }
      default:
        throw rtError(`invalid option '%${conv === 0 ? "" : String.fromCharCode(conv)}' to 'format'`);
    }
    out += item;
    outLen += item.length;
  }
  alloc(outLen - accounted);
  charge(1 + outLen / 8);
  return out;
}

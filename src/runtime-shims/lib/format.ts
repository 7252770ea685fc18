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
// Speed: a format string is parsed once into a list of specs (cached by its text), common
// conversions have fast paths, and the exact rounding avoids big numbers whenever double
// arithmetic can decide it (see fixedDigits and expDigits).
// Also home of the argument helpers and C integer casts shared with string.ts.
import { LuaAbort } from "../value.js";
import { rtError } from "../errors.js";
import { alloc, charge } from "../limits.js";
import { numberToString, signbit, stringToNumber } from "../number.js";
import { argError, typeError } from "./args.js";

// ---------------------------------------------------------------- shared helpers

/**
 * Budget units for touching n bytes or elements: one per 8, in whole units (the budget
 * counter stays a V8 small integer).
 */
export function units(n: number): number {
  return Math.floor(n / 8);
}

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

/** For finite a > 0: e with a = m * 2^e and m odd. */
function lowBitExponent(a: number): number {
  f64[0] = a;
  const lo = u32[0];
  const hi = u32[1];
  const bexp = (hi >>> 20) & 0x7ff;
  const mhi = (hi & 0xfffff) | (bexp === 0 ? 0 : 0x100000);
  return (bexp === 0 ? -1074 : bexp - 1075) + (lo !== 0 ? ctz32(lo) : 32 + ctz32(mhi));
}

/** 2^j for integer j in -1100..1100 (exact; 0 and Infinity beyond the double range). */
const POW2 = new Float64Array(2201);
{
  POW2[1100] = 1;
  for (let j = 1; j <= 1100; j++) {
    POW2[1100 + j] = POW2[1099 + j] * 2;
    POW2[1100 - j] = POW2[1101 - j] / 2;
  }
}

/** 5^k for k in 0..22 (exact doubles). */
const POW5: number[] = [];
for (let k = 0, p = 1; k <= 22; k++, p *= 5) POW5.push(p);

/** 10^k for k in 0..22 (exact doubles). */
const POW10: number[] = [];
for (let k = 0, p = 1; k <= 22; k++, p *= 10) POW10.push(p);

const TWO53 = 9007199254740992;

/**
 * "Short" doubles: those whose exact decimal expansion has at most 16 digits, that is
 * a = t * 10^-k with t an integer below 2^53 (all integers below 2^53, and fractions with
 * few bits such as 2.5 or 0.375). Their rounding is done exactly in double arithmetic.
 * shortScale returns t (or -1 when a is not short) and leaves k in shortK.
 */
let shortK = 0;

function shortScale(a: number): number {
  if (Number.isInteger(a)) {
    shortK = 0;
    return a < TWO53 ? a : -1;
  }
  const k = -lowBitExponent(a); // a = m * 2^-k = m*5^k / 10^k, m odd
  if (k > 22) return -1;
  const t = a * POW2[1100 + k] * POW5[k];
  shortK = k;
  return t < TWO53 ? t : -1; // exact when below 2^53
}

/** Decimal digits of an integer 1 <= t < 2^53. */
function digitCount(t: number): number {
  let n = 1;
  while (n < 16 && t >= POW10[n]) n++;
  return n;
}

/** t / 10^drop (t an integer < 2^53, 1 <= drop <= 22) rounded to an integer, ties to even. */
function roundDiv(t: number, drop: number): number {
  const unit = POW10[drop];
  const rem = t % unit; // exact
  const n = (t - rem) / unit; // exact: t - rem is a multiple of unit
  const half = unit / 2;
  return rem > half || (rem === half && n % 2 === 1) ? n + 1 : n;
}

/**
 * Is a * 2^j an odd integer, i.e. is a's lowest set bit worth 2^-j? (Multiplying by a
 * power of two is exact for results >= 1; a result that overflows is not odd.)
 */
function lowBitIs(a: number, j: number): boolean {
  return (a * POW2[1100 + j]) % 2 === 1;
}

/** The decimal point position of the last exactDigits result. */
let exactPoint = 0;

/**
 * The exact decimal expansion of finite a > 0: a = 0.<digits> * 10^exactPoint, digits
 * without leading zeros. Every double has a finite expansion (at most 767 significant
 * digits).
 */
function exactDigits(a: number): string {
  let d: string;
  if (Number.isInteger(a)) {
    d = a < 9007199254740992 ? String(a) : BigInt(a).toString();
    exactPoint = d.length;
    return d;
  }
  const k = -lowBitExponent(a); // a = m * 2^-k = m*5^k / 10^k, m odd, k > 0
  if (k <= 22) {
    const t = a * POW2[1100 + k] * POW5[k];
    if (t < 9007199254740992) { // exact in a double
      d = String(t);
      exactPoint = d.length - k;
      return d;
    }
  }
  const m = a * POW2[1100 + (k >> 1)] * POW2[1100 + k - (k >> 1)]; // two steps: 2^1074 overflows
  d = (BigInt(m) * 5n ** BigInt(k)).toString();
  exactPoint = d.length - k;
  return d;
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

/** Veltkamp's splitter for binary64: 2^27 + 1. */
const SPLIT = 134217729;

/** The digits s of n = round(a * 10^prec) as `%.<prec>f` prints a: with prec decimals. */
function placePoint(s: string, prec: number): string {
  if (prec === 0) return s;
  if (s.length <= prec) s = "0".repeat(prec + 1 - s.length) + s;
  const cut = s.length - prec;
  return s.slice(0, cut) + "." + s.slice(cut);
}

/** "000" .. "999": the last three decimals. */
const DECIMALS3: string[] = [];
for (let i = 0; i < 1000; i++) DECIMALS3.push(String(i).padStart(3, "0"));

/** n = round(a * 10^prec) (an integer below 2^53, prec <= 22) as `%.<prec>f` prints a. */
function placePointN(n: number, prec: number): string {
  if (prec === 0) return "" + n;
  const unit = POW10[prec];
  const ip = Math.floor(n / unit); // exact for n < 2^53: the quotient can not round up to ip + 1
  const fp = n - ip * unit;
  if (prec <= 3) return ip + "." + (prec === 3 ? DECIMALS3[fp] : DECIMALS3[fp].slice(3 - prec));
  const f = "" + fp;
  return ip + "." + (f.length < prec ? zeros(prec - f.length) + f : f);
}

/**
 * `%.<prec>f` of finite a >= 0, without sign, rounding the exact binary value half to
 * even as glibc does:
 *   - a "short" value (see shortScale) is rounded exactly in double arithmetic;
 *   - else, while a * 10^prec < 2^52, Dekker's exact product a * 10^prec = hi + lo tells
 *     which integer is nearest (or that it is an exact tie);
 *   - else toFixed, which rounds the exact value like C except at exact ties (it rounds
 *     them up); a tie needs a's lowest set bit to be worth exactly half a unit of the last
 *     digit, so only then (and past toFixed's 1e21 range) do we expand exactly.
 */
export function fixedDigits(a: number, prec: number): string {
  if (a === 0) return prec === 0 ? "0" : "0." + "0".repeat(prec);
  const t = shortScale(a);
  if (t >= 0) {
    // a = t * 10^-k: keep prec decimals of t's digits, rounding (exactly) if k > prec
    const k = shortK;
    if (k > prec) return placePointN(roundDiv(t, k - prec), prec);
    return placePoint(k < prec ? t + "0".repeat(prec - k) : "" + t, prec);
  }
  if (prec <= 22) {
    const hi = a * POW10[prec];
    if (hi < 4503599627370496) { // 2^52
      // a*10^prec is exactly hi + lo (Dekker's product); round it to an integer n
      let n = 0;
      if (hi >= 0.25) {
        let c = SPLIT * a;
        const ah = c - (c - a);
        const al = a - ah;
        const b = POW10[prec];
        c = SPLIT * b;
        const bh = c - (c - b);
        const bl = b - bh;
        const lo = ah * bh - hi + ah * bl + al * bh + al * bl;
        n = Math.floor(hi);
        const f = hi - n; // exact, a multiple of hi's ulp (<= 0.5), so |lo| can not cross 0.5
        if (f > 0.5 || (f === 0.5 && (lo > 0 || (lo === 0 && n % 2 === 1)))) n++;
      }
      return placePointN(n, prec);
    }
  }
  if (a < 1e21 && prec <= 100 && !lowBitIs(a, prec + 1)) return a.toFixed(prec);
  const d = exactDigits(a);
  let s = roundDigits(d, exactPoint + prec); // the value is s * 10^-prec
  if (s.length <= prec) s = "0".repeat(prec + 1 - s.length) + s;
  const cut = s.length - prec;
  return prec > 0 ? s.slice(0, cut) + "." + s.slice(cut) : s;
}

/** The decimal exponent of the last expDigits result. */
let expX = 0;

/** prec+1 significant digits of finite a > 0, correctly rounded (the exponent in expX). */
function expDigits(a: number, prec: number): string {
  if (prec <= 14) {
    const t = shortScale(a);
    if (t >= 0) {
      // a = t * 10^-k, t with nd digits: round t to p = prec+1 digits
      const p = prec + 1;
      const nd = digitCount(t);
      let x = nd - 1 - shortK;
      let n: number;
      if (nd <= p) {
        n = t * POW10[p - nd]; // < 10^15: exact
      } else {
        n = roundDiv(t, nd - p);
        if (n === POW10[p]) { // carried into a new digit
          n = POW10[p - 1];
          x++;
        }
      }
      expX = x;
      return "" + n;
    }
  }
  if (!Number.isInteger(a)) {
    // toExponential is exact except at ties; a tie needs a's lowest set bit to be worth
    // half a unit of the last kept digit (x is the exponent, maybe one too high when the
    // rounding carried)
    const s = a.toExponential(prec);
    const ei = s.indexOf("e", prec + 1);
    const x = +s.slice(ei + 1);
    if (!lowBitIs(a, prec + 1 - x) && !lowBitIs(a, prec + 2 - x)) {
      expX = x;
      return prec > 0 ? s[0] + s.slice(2, ei) : s.slice(0, ei);
    }
  }
  // integers (their exact digits are cheap) and possible ties
  const d = exactDigits(a);
  const r = roundDigits(d, prec + 1);
  if (r.length > prec + 1) {
    expX = exactPoint;
    return r.slice(0, prec + 1);
  }
  expX = exactPoint - 1;
  return r;
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
    d = expDigits(a, prec);
    x = expX;
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
  if (!alt && a < POW10[p < 15 ? p : 15] && Number.isInteger(a)) return "" + a; // %f style, nothing to round
  let d = "";
  let x = 0;
  if (a !== 0) {
    d = expDigits(a, p - 1);
    x = expX;
  }
  if (x < p && x >= -4) {
    if (!alt && a !== 0) {
      // %f style with p-1-x decimals: the same p rounded digits, placed around the point
      let end = p;
      while (end > 0 && d.charCodeAt(end - 1) === 48) end--; // trailing zeros go
      if (x >= 0) return end <= x + 1 ? d.slice(0, x + 1) : d.slice(0, x + 1) + "." + d.slice(x + 1, end);
      return "0." + "0".repeat(-x - 1) + d.slice(0, end);
    }
    const s = fixedDigits(a, p - 1 - x);
    if (!alt) return stripFraction(s);
    return s.indexOf(".") < 0 ? s + "." : s;
  }
  if (alt && x === p && isPowerOf10Digits(d) && (exactDigits(a), exactPoint === p)) {
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

// Conversion kinds of a compiled format item.
const FK_ERROR = 0; // a malformed spec or an unknown conversion: `error` is raised
const FK_INT = 1; // d i
const FK_UNSIGNED = 2; // o u x X
const FK_FLOAT = 3; // e E f g G
const FK_CHAR = 4; // c
const FK_STRING = 5; // s
const FK_QUOTE = 6; // q

/** One conversion spec of a format string, with the literal text before it. */
class Spec {
  /** Literal text before the spec (`%%` already turned into `%`). */
  pre = "";
  kind = FK_ERROR;
  conv = 0;
  /** The message of an FK_ERROR item. */
  error = "";
  minus = false; // left-justify
  plus = false; // always a sign
  space = false; // a space for the sign of non-negative numbers
  alt = false; // '#'
  zero = false; // pad with zeros
  width = 0;
  hasDot = false;
  prec = 0; // meaningful when hasDot ("%.f" is precision 0)
  /** No '+', ' ', '#' and no precision: the fast paths apply. */
  simple = false;
}

/** A format string as its conversion specs, and the literal text after the last one. */
class CompiledFormat {
  constructor(readonly specs: Spec[], readonly tail: string) {}
}

const SPACES = " ".repeat(100);
const ZEROS = "0".repeat(100);

/** n spaces (n < 100: widths have at most two digits). */
function spaces(n: number): string {
  return n < 100 ? SPACES.slice(0, n) : " ".repeat(n);
}

function zeros(n: number): string {
  return n < 100 ? ZEROS.slice(0, n) : "0".repeat(n);
}

/** Pad `prefix + body` to the width: spaces left, or right with '-', or zeros after the prefix. */
function pad(sp: Spec, prefix: string, body: string, zeroPad: boolean): string {
  const fill = sp.width - prefix.length - body.length;
  if (fill <= 0) return prefix + body;
  if (sp.minus) return prefix + body + spaces(fill);
  if (zeroPad) return prefix + zeros(fill) + body;
  return spaces(fill) + prefix + body;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Parse flags, width and precision at fmt[i] into `sp` (lstrlib's scanformat): up to
 * five flag characters, two width digits, two precision digits. Returns the index of the
 * conversion character, or -1 with sp.error set.
 */
function scanFormat(fmt: string, i: number, sp: Spec): number {
  const start = i;
  for (;;) {
    const c = fmt.charCodeAt(i);
    if (c === 45) sp.minus = true;
    else if (c === 43) sp.plus = true;
    else if (c === 32) sp.space = true;
    else if (c === 35) sp.alt = true;
    else if (c === 48) sp.zero = true;
    else break;
    i++;
  }
  if (i - start >= 6) {
    sp.error = "invalid format (repeated flags)";
    return -1;
  }
  if (isDigit(fmt.charCodeAt(i))) sp.width = fmt.charCodeAt(i++) - 48;
  if (isDigit(fmt.charCodeAt(i))) sp.width = sp.width * 10 + fmt.charCodeAt(i++) - 48;
  if (fmt.charCodeAt(i) === 46) {
    i++;
    sp.hasDot = true;
    if (isDigit(fmt.charCodeAt(i))) sp.prec = fmt.charCodeAt(i++) - 48;
    if (isDigit(fmt.charCodeAt(i))) sp.prec = sp.prec * 10 + fmt.charCodeAt(i++) - 48;
  }
  if (isDigit(fmt.charCodeAt(i))) {
    sp.error = "invalid format (width or precision too long)";
    return -1;
  }
  return i;
}

/**
 * Split a format string into specs. An error in a spec is raised when string.format
 * reaches it (after the checks of the earlier items and of its argument count), so the
 * spec is kept as an FK_ERROR item and the rest, never reached, is dropped.
 */
function compileFormat(fmt: string): CompiledFormat {
  const specs: Spec[] = [];
  const end = fmt.length;
  let lit = "";
  let i = 0;
  while (i < end) {
    const pct = fmt.indexOf("%", i);
    if (pct < 0) {
      lit += i === 0 ? fmt : fmt.slice(i);
      break;
    }
    if (pct > i) lit += fmt.slice(i, pct);
    i = pct + 1;
    if (fmt.charCodeAt(i) === 37) { // %%
      lit += "%";
      i++;
      continue;
    }
    const sp = new Spec();
    sp.pre = lit;
    lit = "";
    specs.push(sp);
    i = scanFormat(fmt, i, sp);
    if (i < 0) break;
    const conv = i < end ? fmt.charCodeAt(i) : 0; // past the end C sees the '\0'
    i++;
    sp.conv = conv;
    switch (conv) {
      case 100: case 105: sp.kind = FK_INT; break; // d i
      case 111: case 117: case 120: case 88: sp.kind = FK_UNSIGNED; break; // o u x X
      case 101: case 69: case 102: case 103: case 71: sp.kind = FK_FLOAT; break; // e E f g G
      case 99: sp.kind = FK_CHAR; break; // c
      case 115: sp.kind = FK_STRING; break; // s
      case 113: sp.kind = FK_QUOTE; break; // q
      default:
        sp.error = `invalid option '%${conv === 0 ? "" : String.fromCharCode(conv)}' to 'format'`;
    }
    sp.simple = !sp.plus && !sp.space && !sp.alt && !sp.hasDot;
    if (sp.kind === FK_ERROR) break;
  }
  return new CompiledFormat(specs, lit);
}

/** Compiled format strings by text (insertion order: the oldest is evicted first). */
const FORMAT_CACHE_MAX = 256;
const FORMAT_KEY_MAX = 512;
const formatCache = new Map<string, CompiledFormat>();

/**
 * In front of the Map, a small direct-mapped cache indexed by the length and last byte of
 * the format (cheaper than a Map lookup; a format literal is usually the same string
 * object each time, so the key comparison is one pointer comparison).
 */
const SLOTS = 64;
const slotKeys: string[] = new Array(SLOTS).fill("");
const slotFormats: CompiledFormat[] = new Array(SLOTS).fill(compileFormat(""));

function getFormat(fmt: string): CompiledFormat {
  const n = fmt.length;
  const slot = (n * 7 + (n > 0 ? fmt.charCodeAt(n - 1) : 0)) & (SLOTS - 1);
  if (slotKeys[slot] === fmt) return slotFormats[slot];
  let cf = formatCache.get(fmt);
  if (cf === undefined) {
    cf = compileFormat(fmt);
    if (n > FORMAT_KEY_MAX) return cf; // not kept
    if (formatCache.size >= FORMAT_CACHE_MAX) formatCache.delete(formatCache.keys().next().value!);
    formatCache.set(fmt, cf);
  }
  slotKeys[slot] = fmt;
  slotFormats[slot] = cf;
  return cf;
}

function formatSigned(x: number, sp: Spec): string {
  const v = toInt64(x);
  const neg = v < 0;
  let digits = neg ? (v > -9007199254740992 ? String(-v) : (-BigInt(v)).toString()) : v < 9007199254740992 ? String(v) : BigInt(v).toString();
  if (sp.hasDot) digits = sp.prec === 0 && v === 0 ? "" : digits.padStart(sp.prec, "0");
  const sign = neg ? "-" : sp.plus ? "+" : sp.space ? " " : "";
  return pad(sp, sign, digits, sp.zero && !sp.hasDot);
}

/** %d of a number with flags among '-' and '0', and a width (sp.simple). */
function formatSignedSimple(x: number, sp: Spec): string {
  let t: number;
  if ((x | 0) === x) t = x;
  else if (x > -9007199254740992 && x < 9007199254740992) t = Math.trunc(x); // (long long)x
  else return formatSigned(x, sp);
  const digits = "" + t; // -0 gives "0"
  const fill = sp.width - digits.length;
  if (fill <= 0) return digits;
  if (sp.minus) return digits + spaces(fill);
  if (!sp.zero) return spaces(fill) + digits;
  return t < 0 ? "-" + zeros(fill) + digits.slice(1) : zeros(fill) + digits;
}

/** Two hex digits of each byte, in lower and upper case; [256 + b]: without a leading zero. */
const HEX_LOWER: string[] = [];
const HEX_UPPER: string[] = [];
for (let b = 0; b < 512; b++) {
  const h = (b & 255).toString(16);
  const d = b < 256 && h.length < 2 ? "0" + h : h;
  HEX_LOWER.push(d);
  HEX_UPPER.push(d.toUpperCase());
}

/** t (an integer below 2^32) in hex, from byte tables (cheaper than toString(16)). */
function hex32(t: number, tab: string[]): string {
  if (t < 0x100) return tab[256 + t];
  if (t < 0x10000) return tab[256 + (t >>> 8)] + tab[t & 255];
  if (t < 0x1000000) return tab[256 + (t >>> 16)] + tab[(t >>> 8) & 255] + tab[t & 255];
  return tab[256 + (t >>> 24)] + tab[(t >>> 16) & 255] + tab[(t >>> 8) & 255] + tab[t & 255];
}

function formatUnsigned(x: number, conv: number, sp: Spec): string {
  if (sp.simple && x >= 0 && x < 9007199254740992) {
    // flags among '-' and '0', no precision
    const t = Math.trunc(x);
    let digits: string;
    if (t < 4294967296 && (conv === 120 || conv === 88)) {
      digits = hex32(t, conv === 120 ? HEX_LOWER : HEX_UPPER);
    } else {
      digits = t.toString(conv === 111 ? 8 : conv === 117 ? 10 : 16);
      if (conv === 88) digits = digits.toUpperCase();
    }
    const fill = sp.width - digits.length;
    if (fill <= 0) return digits;
    return sp.minus ? digits + spaces(fill) : sp.zero ? zeros(fill) + digits : spaces(fill) + digits;
  }
  const v = toUint64(x);
  const radix = conv === 111 ? 8 : conv === 117 ? 10 : 16;
  let digits = v.toString(radix);
  if (conv === 88) digits = digits.toUpperCase();
  const isZero = v === 0 || v === 0n;
  if (sp.hasDot) digits = sp.prec === 0 && isZero ? "" : digits.padStart(sp.prec, "0");
  let prefix = "";
  if (sp.alt) {
    if (conv === 111) {
      if (digits.charCodeAt(0) !== 48) digits = "0" + digits; // '#o': a leading zero
    } else if ((conv === 120 || conv === 88) && !isZero) {
      prefix = conv === 120 ? "0x" : "0X";
    }
  }
  return pad(sp, prefix, digits, sp.zero && !sp.hasDot);
}

function formatFloat(x: number, conv: number, sp: Spec): string {
  const upper = conv === 69 || conv === 71; // E, G
  const sign = (x > 0 ? false : x < 0 || signbit(x)) ? "-" : sp.plus ? "+" : sp.space ? " " : "";
  if (x !== x || x === Infinity || x === -Infinity) {
    const body = x !== x ? "nan" : "inf";
    return pad(sp, sign, upper ? body.toUpperCase() : body, false); // glibc never zero-pads these
  }
  const a = x < 0 ? -x : x === 0 ? 0 : x;
  const prec = sp.hasDot ? sp.prec : 6;
  let body: string;
  if (conv === 102) {
    body = fixedDigits(a, prec);
    if (sp.alt && prec === 0) body += ".";
  } else if (conv === 101 || conv === 69) {
    body = expString(a, prec, sp.alt);
  } else {
    body = generalString(a, prec, sp.alt);
  }
  if (upper) body = body.toUpperCase();
  return sp.width === 0 && sign === "" ? body : pad(sp, sign, body, sp.zero);
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
const NEEDS_QUOTING = /["\\\n\r\0]/;

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

/** Where strFormat's flattening read goes (a side effect the compiler can not drop). */
let flatSink = 0;

/** string.format(fmt, ...) */
export function strFormat(f: unknown): string {
  // `arguments`, not a rest parameter: V8 reads it from the frame without allocating
  // eslint-disable-next-line prefer-rest-params
  const args = arguments;
  const nargs = args.length;
  const cf = getFormat(typeof f === "string" ? f : argString(f, 1, "format", nargs));
  const specs = cf.specs;
  let out = "";
  let accounted = 0; // bytes already passed to alloc
  for (let j = 0; j < specs.length; j++) {
    const sp = specs[j];
    const arg = j + 2; // 1-based index of the argument
    if (arg > nargs) argError(arg, "format", "no value");
    const v = args[arg - 1];
    let item: string;
    switch (sp.kind) {
      case FK_INT: // d i
        item = typeof v === "number" && sp.simple ? formatSignedSimple(v, sp) : formatSigned(argNumber(v, arg, "format", nargs), sp);
        break;
      case FK_FLOAT: // e E f g G
        item = formatFloat(typeof v === "number" ? v : argNumber(v, arg, "format", nargs), sp.conv, sp);
        break;
      case FK_STRING: { // s
        const s = typeof v === "string" ? v : argString(v, arg, "format", nargs);
        if (!sp.hasDot && s.length >= 100) {
          item = s; // 5.1 copies long strings whole, ignoring the width
          checkStringLength(out.length + sp.pre.length + s.length);
        } else {
          let t = cString(s);
          if (sp.hasDot && t.length > sp.prec) t = t.slice(0, sp.prec);
          const fill = sp.width - t.length;
          item = fill <= 0 ? t : sp.minus ? t + spaces(fill) : spaces(fill) + t;
        }
        break;
      }
      case FK_UNSIGNED: // o u x X
        item = formatUnsigned(typeof v === "number" ? v : argNumber(v, arg, "format", nargs), sp.conv, sp);
        break;
      case FK_QUOTE: { // q: flags and width are ignored
        const s = typeof v === "string" ? v : argString(v, arg, "format", nargs);
        const plain = !NEEDS_QUOTING.test(s);
        const n = plain ? s.length + 2 : quotedLength(s);
        checkStringLength(out.length + sp.pre.length + n);
        alloc(n); // before building it: %q may quadruple a huge string
        accounted += n;
        item = '"' + (plain ? s : s.replace(QUOTE_ESCAPES, quoteChar)) + '"';
        break;
      }
      case FK_CHAR: // c
        item = cString(pad(sp, "", String.fromCharCode(toInt32Cast(argNumber(v, arg, "format", nargs)) & 255), false));
        break;
      default:
        throw rtError(sp.error);
    }
    out += sp.pre + item; // a short flat string, then one concatenation
  }
  if (cf.tail !== "") out += cf.tail;
  const outLen = out.length;
  alloc(outLen - accounted);
  charge(1 + units(outLen));
  // Flatten the result (V8 built it as a tree of concatenations): reading a byte does it,
  // once, instead of every later reader; and a result that is kept (say in a table, to be
  // concatenated later) then holds one string instead of a tree of small ones.
  if (specs.length > 1) flatSink = out.charCodeAt(0);
  return out;
}

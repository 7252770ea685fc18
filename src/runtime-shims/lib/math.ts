// Lua 5.1's math library (lmathlib.c), including the 5.1 compat alias math.mod.
//
// Differences from lua5.1 that are deliberate:
//  - math.random uses a seeded xoshiro128** generator instead of libc rand(), so the
//    values differ from lua5.1's (ranges, integer-ness and error messages are the same).
//    Each makeMathLib() starts from a fixed seed (default 0: as if math.randomseed(0)
//    had been called), so an unseeded script gets the same sequence on every run, as
//    lua5.1 does with glibc.
//  - sin/cos/exp/log/pow... are V8's, which may differ from glibc in the last ulp;
//    tostring's %.14g hides that almost always.
import { cpow } from "../number.js";
import { LuaTable, Multi, NONE } from "../value.js";
import { rtError } from "../errors.js";
import { stringToNumber } from "../number.js";
import { typeError, argError } from "./args.js";

// ---------------------------------------------------------------- argument helpers
// Library functions take `arguments.length` into account so that a missing argument
// reads "got no value" and an explicit nil "got nil", as lua_gettop tells them apart.

/** luaL_checknumber for argument #n given the number of arguments passed. */
export function numArg(v: unknown, n: number, fname: string, nargs: number): number {
  if (typeof v === "number") return v;
  if (typeof v === "string") {
    const x = stringToNumber(v);
    if (x !== undefined) return x;
  }
  return typeError(n, fname, "number", v, n <= nargs);
}

/**
 * C's (int)(lua_Integer)x on x86-64, which is what luaL_checkint does in 5.1: truncate
 * toward zero, keep the low 32 bits. Out-of-range and NaN convert to INT64_MIN (cvttsd2si),
 * whose low 32 bits are 0.
 */
export function toCInt(x: number): number {
  if (!(x >= -9223372036854775808 && x < 9223372036854775808)) return 0;
  return x | 0; // ToInt32 truncates, then wraps modulo 2^32: the low 32 bits
}

/** luaL_checkint */
export function intArg(v: unknown, n: number, fname: string, nargs: number): number {
  return toCInt(numArg(v, n, fname, nargs));
}

/** luaL_optint: nil or absent gives the default. */
export function optIntArg(v: unknown, n: number, fname: string, nargs: number, def: number): number {
  return v === undefined ? def : toCInt(numArg(v, n, fname, nargs));
}

// ---------------------------------------------------------------- exact frexp / ldexp

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer); // little-endian: u32[1] holds sign, exponent

/** C frexp: x = m * 2^e with 0.5 <= |m| < 1; zero, inf and NaN give (x, 0) as glibc. */
export function frexp(x: number): [number, number] {
  if (x === 0 || x !== x || x === Infinity || x === -Infinity) return [x, 0];
  f64[0] = x;
  let biased = (u32[1] >>> 20) & 0x7ff;
  let shift = 0;
  if (biased === 0) {
    // subnormal: scale into the normal range first (exact)
    f64[0] = x * 18446744073709551616; // 2^64
    biased = (u32[1] >>> 20) & 0x7ff;
    shift = 64;
  }
  u32[1] = (u32[1] & 0x800fffff) | (1022 << 20); // exponent of [0.5, 1)
  return [f64[0], biased - 1022 - shift];
}

/** 2^n for -1022 <= n <= 1023, built from bits. */
function pow2(n: number): number {
  u32[0] = 0;
  u32[1] = (n + 1023) << 20;
  return f64[0];
}

/** C ldexp (musl's scalbn): one correctly rounded multiplication, also for subnormals. */
export function ldexp(x: number, n: number): number {
  let y = x;
  if (n > 1023) {
    y *= pow2(1023);
    n -= 1023;
    if (n > 1023) {
      y *= pow2(1023);
      n -= 1023;
      if (n > 1023) n = 1023;
    }
  } else if (n < -1022) {
    // keep the final n below -53 so only the last multiplication rounds
    const down = pow2(-1022) * pow2(53);
    y *= down;
    n += 1022 - 53;
    if (n < -1022) {
      y *= down;
      n += 1022 - 53;
      if (n < -1022) n = -1022;
    }
  }
  return y * pow2(n);
}

/** C modf: integral and fractional parts, both carrying x's sign; modf(±inf) = ±inf, ±0. */
export function modf(x: number): [number, number] {
  if (x === Infinity || x === -Infinity) return [x, x > 0 ? 0 : -0];
  const ip = Math.trunc(x);
  const fp = x - ip;
  // x - ip is +0 for negative integers; C gives -0
  return [ip, fp === 0 && (x < 0 || Object.is(x, -0)) ? -0 : fp];
}


// ---------------------------------------------------------------- random numbers

/** xoshiro128**: 32-bit arithmetic only, fast in V8, good enough for games and tests. */
export class Xoshiro128 {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;

  constructor(seed: number) {
    this.seed(seed);
  }

  /** Fill the state from a 32-bit seed with splitmix32 (never all zero). */
  seed(seed: number): void {
    let a = seed | 0;
    const next = () => {
      a = (a + 0x9e3779b9) | 0;
      let t = a ^ (a >>> 16);
      t = Math.imul(t, 0x21f0aaad);
      t ^= t >>> 15;
      t = Math.imul(t, 0x735a2d97);
      return t ^ (t >>> 15);
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** Next 32 random bits as an unsigned integer. */
  nextU32(): number {
    const s1 = this.s1;
    const x = Math.imul(s1, 5);
    const result = Math.imul((x << 7) | (x >>> 25), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21);
    return result;
  }

  /** A double uniform in [0, 1) with 53 random bits. */
  nextFloat(): number {
    const hi = this.nextU32() >>> 5; // 27 bits
    const lo = this.nextU32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }
}

// ---------------------------------------------------------------- the library
// Each function is written out (no generic wrapper) so V8 inlines the Math call and the
// number fast path: math.floor and friends are hot in scripts.

// Same constant as lmathlib.c's RADIANS_PER_DEGREE (PI/180.0), so deg/rad round alike.
const RADIANS_PER_DEGREE = Math.PI / 180;

function num1(x: unknown, fname: string, nargs: number): number {
  return typeof x === "number" ? x : numArg(x, 1, fname, nargs);
}
function num2(x: unknown, fname: string, nargs: number): number {
  return typeof x === "number" ? x : numArg(x, 2, fname, nargs);
}

function abs(x: unknown) { return Math.abs(num1(x, "abs", arguments.length)); }
function acos(x: unknown) { return Math.acos(num1(x, "acos", arguments.length)); }
function asin(x: unknown) { return Math.asin(num1(x, "asin", arguments.length)); }
function atan(x: unknown) { return Math.atan(num1(x, "atan", arguments.length)); }
function ceil(x: unknown) { return Math.ceil(num1(x, "ceil", arguments.length)); }
function cos(x: unknown) { return Math.cos(num1(x, "cos", arguments.length)); }
function cosh(x: unknown) { return Math.cosh(num1(x, "cosh", arguments.length)); }
function deg(x: unknown) { return num1(x, "deg", arguments.length) / RADIANS_PER_DEGREE; }
function exp(x: unknown) { return Math.exp(num1(x, "exp", arguments.length)); }
function floor(x: unknown) { return Math.floor(num1(x, "floor", arguments.length)); }
// 5.1's log takes one argument: a second one (5.2's base) is ignored
function log(x: unknown) { return Math.log(num1(x, "log", arguments.length)); }
function log10(x: unknown) { return Math.log10(num1(x, "log10", arguments.length)); }
function rad(x: unknown) { return num1(x, "rad", arguments.length) * RADIANS_PER_DEGREE; }
function sin(x: unknown) { return Math.sin(num1(x, "sin", arguments.length)); }
function sinh(x: unknown) { return Math.sinh(num1(x, "sinh", arguments.length)); }
function sqrt(x: unknown) { return Math.sqrt(num1(x, "sqrt", arguments.length)); }
function tan(x: unknown) { return Math.tan(num1(x, "tan", arguments.length)); }
function tanh(x: unknown) { return Math.tanh(num1(x, "tanh", arguments.length)); }

// The two-argument functions check argument #2 first: lua5.1 (gcc, x86-64) evaluates
// the C call's arguments right to left, so `math.fmod()` complains about #2.
function atan2(y: unknown, x: unknown) {
  const n = arguments.length;
  const b = num2(x, "atan2", n);
  return Math.atan2(num1(y, "atan2", n), b);
}
// JS % on doubles is exactly C fmod (sign of the dividend, exact result)
function fmod(x: unknown, y: unknown) {
  const n = arguments.length;
  const b = num2(y, "fmod", n);
  return num1(x, "fmod", n) % b;
}
// LUA_COMPAT_MOD's math.mod is the same C function; errors name it 'mod'
function mod(x: unknown, y: unknown) {
  const n = arguments.length;
  const b = num2(y, "mod", n);
  return num1(x, "mod", n) % b;
}
function pow(x: unknown, y: unknown) {
  const n = arguments.length;
  const b = num2(y, "pow", n);
  return cpow(num1(x, "pow", n), b);
}

function frexpLua(x: unknown) {
  return new Multi(frexp(num1(x, "frexp", arguments.length)));
}
function ldexpLua(x: unknown, e: unknown) {
  const n = arguments.length;
  const exp = intArg(e, 2, "ldexp", n);
  return ldexp(num1(x, "ldexp", n), exp);
}
function modfLua(x: unknown) {
  return new Multi(modf(num1(x, "modf", arguments.length)));
}

// min/max compare like the C loop (not Math.min/max), so NaN and ±0 give 5.1's results
function min() {
  const n = arguments.length;
  let best = numArg(arguments[0], 1, "min", n);
  for (let i = 1; i < n; i++) {
    const d = numArg(arguments[i], i + 1, "min", n);
    if (d < best) best = d;
  }
  return best;
}
function max() {
  const n = arguments.length;
  let best = numArg(arguments[0], 1, "max", n);
  for (let i = 1; i < n; i++) {
    const d = numArg(arguments[i], i + 1, "max", n);
    if (d > best) best = d;
  }
  return best;
}

/** math.random and math.randomseed sharing one generator. */
function makeRandom(rng: Xoshiro128) {
  function random(a: unknown, b: unknown) {
    const r = rng.nextFloat();
    switch (arguments.length) {
      case 0:
        return r;
      case 1: {
        const u = intArg(a, 1, "random", 1);
        if (!(1 <= u)) argError(1, "random", "interval is empty");
        return Math.floor(r * u) + 1;
      }
      case 2: {
        const l = intArg(a, 1, "random", 2);
        const u = intArg(b, 2, "random", 2);
        if (!(l <= u)) argError(2, "random", "interval is empty");
        // u - l + 1 is C int arithmetic: it wraps for the full int range, as in 5.1
        return Math.floor(r * ((u - l + 1) | 0)) + l;
      }
      default:
        throw rtError("wrong number of arguments");
    }
  }
  function randomseed(x: unknown) {
    rng.seed(intArg(x, 1, "randomseed", arguments.length));
    return NONE;
  }
  return { random, randomseed };
}

/** A fresh `math` table. `seed` is the generator's initial seed (as math.randomseed(seed)). */
export function makeMathLib(seed = 0): LuaTable {
  const m = new LuaTable();
  const fns: Record<string, unknown> = {
    abs, acos, asin, atan, atan2, ceil, cos, cosh, deg, exp, floor, fmod,
    frexp: frexpLua, ldexp: ldexpLua, log, log10, max, min, mod, modf: modfLua,
    pow, rad, sin, sinh, sqrt, tan, tanh,
    ...makeRandom(new Xoshiro128(seed)),
    pi: Math.PI,
    huge: Infinity,
  };
  for (const k of Object.keys(fns)) m.set(k, fns[k]);
  return m;
}

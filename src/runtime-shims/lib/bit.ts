// LuaJIT's BitOp library (`bit`), as LuaJIT 2.1 (lib_bit.c) behaves for plain numbers:
// every argument is normalised with tobit (round to nearest, wrap to 32 bits) and every
// result is a signed 32-bit number. Strings that look like numbers are accepted as LuaJIT
// does; anything else raises "bad argument #n to 'f' (number expected, got T)".
import { LuaTable } from "../value.js";
import { stringToNumber, tobit } from "../number.js";
import { typeError } from "./args.js";

/** lj_lib_checkbit: argument #n as a 32-bit integer. */
function bitArg(v: unknown, n: number, fname: string, nargs: number): number {
  if (typeof v === "number") return tobit(v);
  if (typeof v === "string") {
    const x = stringToNumber(v);
    if (x !== undefined) return tobit(x);
  }
  return typeError(n, fname, "number", v, n <= nargs);
}

function bitTobit(x: unknown): number {
  return bitArg(x, 1, "tobit", arguments.length);
}

function bnot(x: unknown): number {
  return ~bitArg(x, 1, "bnot", arguments.length);
}

function bswap(x: unknown): number {
  const b = bitArg(x, 1, "bswap", arguments.length);
  return (b << 24) | ((b & 0xff00) << 8) | ((b >>> 8) & 0xff00) | (b >>> 24);
}

// band/bor/bxor take one or more arguments
function band(x: unknown): number {
  const n = arguments.length;
  let r = bitArg(x, 1, "band", n);
  for (let i = 1; i < n; i++) r &= bitArg(arguments[i], i + 1, "band", n);
  return r;
}

function bor(x: unknown): number {
  const n = arguments.length;
  let r = bitArg(x, 1, "bor", n);
  for (let i = 1; i < n; i++) r |= bitArg(arguments[i], i + 1, "bor", n);
  return r;
}

function bxor(x: unknown): number {
  const n = arguments.length;
  let r = bitArg(x, 1, "bxor", n);
  for (let i = 1; i < n; i++) r ^= bitArg(arguments[i], i + 1, "bxor", n);
  return r;
}

// Shift counts use their low 5 bits, which is also what JS shift operators do.
function lshift(x: unknown, s: unknown): number {
  const n = arguments.length;
  return bitArg(x, 1, "lshift", n) << bitArg(s, 2, "lshift", n);
}

function rshift(x: unknown, s: unknown): number {
  const n = arguments.length;
  return (bitArg(x, 1, "rshift", n) >>> bitArg(s, 2, "rshift", n)) | 0;
}

function arshift(x: unknown, s: unknown): number {
  const n = arguments.length;
  return bitArg(x, 1, "arshift", n) >> bitArg(s, 2, "arshift", n);
}

function rol(x: unknown, s: unknown): number {
  const n = arguments.length;
  const b = bitArg(x, 1, "rol", n);
  const k = bitArg(s, 2, "rol", n) & 31;
  return (b << k) | (b >>> (32 - k)); // k = 0: b >>> 32 is b >>> 0, so the result is b
}

function ror(x: unknown, s: unknown): number {
  const n = arguments.length;
  const b = bitArg(x, 1, "ror", n);
  const k = bitArg(s, 2, "ror", n) & 31;
  return (b >>> k) | (b << (32 - k));
}

/**
 * tohex(x [, n]): n hex digits (default 8), upper case for negative n. Ported from the
 * LuaJIT 2.1 (FFI build) code with its quirks: no clamp on n, the digit count is stored
 * as (n+1)&255 so n >= 255 wraps (255 means "as many as needed"), and n < 16 masks the
 * value to its low 4n bits, which only matters for n < 8.
 */
function tohex(x: unknown, d: unknown): string {
  const nargs = arguments.length;
  let b = bitArg(x, 1, "tohex", nargs) >>> 0;
  let n = nargs < 2 ? 8 : bitArg(d, 2, "tohex", nargs);
  let upper = false;
  if (n < 0) {
    n = -n | 0; // -(-2^31) stays -2^31, as in C
    upper = true;
  }
  const prec = ((n + 1) & 255) - 1; // -1: no precision, print the digits needed
  if (n < 16) {
    // (uint64_t)1 << 4*n: the shift count is the int product, taken mod 64 by the CPU
    const shift = Math.imul(4, n) & 63;
    if (shift < 32) b = (b & (2 ** shift - 1)) >>> 0;
  }
  // a zero value with zero precision prints no digits at all, like printf("%.0x", 0)
  let s = b === 0 && prec === 0 ? "" : b.toString(16);
  if (prec > s.length) s = "0".repeat(prec - s.length) + s;
  return upper ? s.toUpperCase() : s;
}

/** A fresh `bit` table. */
export function makeBitLib(): LuaTable {
  const lib = new LuaTable();
  const fns: Record<string, unknown> = {
    tobit: bitTobit, tohex, bnot, band, bor, bxor, lshift, rshift, arshift, rol, ror, bswap,
  };
  for (const k of Object.keys(fns)) lib.set(k, fns[k]);
  return lib;
}

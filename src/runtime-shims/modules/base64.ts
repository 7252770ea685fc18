// The `base64` module (inside the isolate): RFC 4648 over byte strings, any byte 0..255.
//
//   base64.encode(s)       -> standard alphabet (A-Z a-z 0-9 + /), with '=' padding
//   base64.decode(s)       -> bytes; standard alphabet
//   base64.url_encode(s)   -> URL-safe alphabet (- _), no padding
//   base64.url_decode(s)   -> bytes; URL-safe alphabet
//
// Decoding ignores ASCII whitespace (space, tab, CR, LF: line-wrapped base64 is common) and
// accepts missing padding. Anything else raises a Lua error naming the problem and its byte
// position: a character outside the alphabet, '=' anywhere but at the end, padding that does
// not complete a 4-character group, or a length that leaves a single character (6 bits).
// Use pcall to turn a bad input into a value: `local ok, bytes = pcall(base64.decode, s)`.
import { LuaTable } from "../value.js";
import { rtError } from "../errors.js";
import { alloc, charge } from "../limits.js";
import { checkString } from "../lib/args.js";
import { defineModule } from "./registry.js";

const STD = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

const WS = -2;
const PAD = -3;

function table(alphabet: string): Int8Array {
  const t = new Int8Array(256).fill(-1);
  for (let i = 0; i < 64; i++) t[alphabet.charCodeAt(i)] = i;
  t[32] = t[9] = t[10] = t[13] = WS;
  t[61] = PAD;
  return t;
}
const STD_DEC = table(STD);
const URL_DEC = table(URL);
const STD_ENC = new Uint8Array(64).map((_, i) => STD.charCodeAt(i));
const URL_ENC = new Uint8Array(64).map((_, i) => URL.charCodeAt(i));

const CHUNK = 8192;

/** A string from byte codes (apply in chunks: it has an argument-count limit). */
export function bytesToString(b: Uint8Array, n = b.length): string {
  if (n <= CHUNK) return String.fromCharCode.apply(null, (n === b.length ? b : b.subarray(0, n)) as unknown as number[]);
  let s = "";
  for (let i = 0; i < n; i += CHUNK) s += String.fromCharCode.apply(null, b.subarray(i, Math.min(i + CHUNK, n)) as unknown as number[]);
  return s;
}

export function encode(s: string, enc: Uint8Array, pad: boolean): string {
  const n = s.length;
  const full = n - (n % 3);
  const outLen = pad ? Math.ceil(n / 3) * 4 : Math.ceil((n * 4) / 3);
  charge(1 + (n >> 3));
  alloc(outLen);
  const o = new Uint8Array(outLen);
  let j = 0;
  for (let i = 0; i < full; i += 3) {
    const v = (s.charCodeAt(i) << 16) | (s.charCodeAt(i + 1) << 8) | s.charCodeAt(i + 2);
    o[j++] = enc[v >> 18];
    o[j++] = enc[(v >> 12) & 63];
    o[j++] = enc[(v >> 6) & 63];
    o[j++] = enc[v & 63];
  }
  const rest = n - full;
  if (rest === 1) {
    const v = s.charCodeAt(full);
    o[j++] = enc[v >> 2];
    o[j++] = enc[(v & 3) << 4];
    if (pad) {
      o[j++] = 61;
      o[j++] = 61;
    }
  } else if (rest === 2) {
    const v = (s.charCodeAt(full) << 8) | s.charCodeAt(full + 1);
    o[j++] = enc[v >> 10];
    o[j++] = enc[(v >> 4) & 63];
    o[j++] = enc[(v & 15) << 2];
    if (pad) o[j++] = 61;
  }
  return bytesToString(o, j);
}

function bad(fname: string, msg: string): never {
  throw rtError(`base64.${fname}: ${msg}`);
}

function show(c: number): string {
  return c >= 0x21 && c <= 0x7e ? `'${String.fromCharCode(c)}'` : `byte 0x${c.toString(16).padStart(2, "0")}`;
}

export function decode(s: string, dec: Int8Array, fname: string): string {
  const n = s.length;
  charge(1 + (n >> 3));
  const o = new Uint8Array(Math.floor((n * 3) / 4) + 3);
  alloc(o.length);
  let acc = 0; // bits collected
  let bits = 0;
  let j = 0;
  let chars = 0; // alphabet characters seen
  let pads = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    const v = c < 256 ? dec[c] : -1;
    if (v >= 0) {
      if (pads > 0) bad(fname, `unexpected ${show(c)} after padding at position ${i + 1}`);
      acc = ((acc << 6) | v) & 0xffffff;
      bits += 6;
      chars++;
      if (bits >= 8) {
        bits -= 8;
        o[j++] = (acc >> bits) & 0xff;
      }
      continue;
    }
    if (v === WS) continue;
    if (v === PAD) {
      if (chars % 4 < 2) bad(fname, `unexpected '=' at position ${i + 1}`);
      pads++;
      if ((chars + pads) % 4 === 0 && pads > 0) {
        // padding complete: only whitespace may follow
        for (let k = i + 1; k < n; k++) {
          const d = s.charCodeAt(k);
          if (d >= 256 || dec[d] !== WS) bad(fname, `unexpected ${show(d)} after padding at position ${k + 1}`);
        }
        break;
      }
      if (pads > 2) bad(fname, `too much padding at position ${i + 1}`);
      continue;
    }
    bad(fname, `invalid character ${show(c)} at position ${i + 1}`);
  }
  if (chars % 4 === 1) bad(fname, "invalid length (a single character left over at the end)");
  if (pads > 0 && (chars + pads) % 4 !== 0) bad(fname, "incomplete padding at the end");
  return bytesToString(o, j);
}

defineModule({
  name: "base64",
  scope: "any",
  global: true,
  build: () => {
    const m = new LuaTable();
    m.set("encode", function base64_encode(s: unknown) {
      return encode(typeof s === "string" ? s : checkString(s, 1, "encode", arguments.length), STD_ENC, true);
    });
    m.set("decode", function base64_decode(s: unknown) {
      return decode(typeof s === "string" ? s : checkString(s, 1, "decode", arguments.length), STD_DEC, "decode");
    });
    m.set("url_encode", function base64_url_encode(s: unknown) {
      return encode(typeof s === "string" ? s : checkString(s, 1, "url_encode", arguments.length), URL_ENC, false);
    });
    m.set("url_decode", function base64_url_decode(s: unknown) {
      return decode(typeof s === "string" ? s : checkString(s, 1, "url_decode", arguments.length), URL_DEC, "url_decode");
    });
    return m;
  },
});

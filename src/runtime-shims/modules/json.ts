// The `json` module (inside the isolate), over byte strings.
//
//   json.decode(s)            -> value        invalid JSON raises "json.decode: ... at line L, column C (byte N)"
//   json.encode(v [, opts])   -> string       compact, deterministic (object keys sorted by bytes)
//   json.null                               the JSON null sentinel (a userdata; json.null == json.null)
//   json.array([t]) / json.object([t])      mark a table (or a new one) to encode as [] / {}
//
// Rules (examples/webhook/README.md has the user-facing version):
// - Strings are bytes. Decoding copies the bytes of a JSON string unchanged (UTF-8 stays
//   UTF-8) and turns \u escapes into UTF-8 bytes (a surrogate pair into one 4-byte sequence,
//   a lone surrogate into U+FFFD). Encoding writes valid UTF-8 through unchanged and escapes
//   `"`, `\` and bytes < 0x20. A byte that is not part of valid UTF-8 raises an error by
//   default; `{invalid_utf8 = "replace"}` writes U+FFFD instead and `{invalid_utf8 = "escape"}`
//   writes \u00XX (reading the byte as Latin-1).
// - null decodes to json.null (in objects and arrays alike, so arrays keep their length).
// - Arrays decode to sequences 1..n, marked as arrays so that `[]` encodes back as `[]`.
// - Numbers decode to Lua numbers. A literal with more than 15 digits (e.g. an id above
//   2^53, or a decimal with more precision than a double) is remembered for the run, with
//   its table and key and by its value: encoding writes the original text back wherever that
//   double is written (the same field unchanged, or a copy such as `{id = data.id}`), unless
//   two different literals of the run round to the same double (then the double's shortest
//   text is written). A value the script computed is written as the number it is.
// - Encoding a table: marked array -> array (keys must be 1..n); marked object -> object
//   (number keys written as strings); otherwise a non-empty sequence 1..n -> array, a table
//   with only string keys -> object, an empty table -> {}. Anything else (mixed or sparse
//   keys, boolean/table keys) raises an error naming the key, as do cycles, nesting deeper
//   than 1000, functions, userdata other than json.null, NaN and infinities.
import { LuaTable, type, newStrs, STRS_PROTO } from "../value.js";
import { rtError } from "../errors.js";
import { alloc, allocTable, charge, memory } from "../limits.js";
import { numberToString } from "../number.js";
import { argError, checkString, typeError } from "../lib/args.js";
import { defineModule, contents, ReadOnlyTable, onRunStart, jsonKinds, KIND_ARRAY, KIND_OBJECT, JSON_NULL } from "./registry.js";

export { JSON_NULL };

const MAX_DEPTH = 1000;

// Big number literals: table -> key -> the decoded value and its original text.
interface BigLiteral {
  v: number;
  text: string;
}
const bigs = new WeakMap<LuaTable, Map<unknown, BigLiteral>>();
/**
 * The same literals by value, for values the script copied elsewhere (`{id = data.id}`):
 * double -> text, or null when two different literals of this run round to that double.
 */
let byValue = new Map<number, string | null>();
/** Literals recorded in this run (0: encode skips the lookups). */
let bigCount = 0;
onRunStart(() => {
  bigCount = 0;
  if (byValue.size > 0) byValue = new Map();
});

function rememberValue(v: number, text: string): void {
  const had = byValue.get(v);
  byValue.set(v, had === undefined || had === text ? text : null);
  bigCount++;
}

// ---------------------------------------------------------------- decode

let S = "";
let P = 0;
/** Set by num() when the literal it just read must be remembered; taken by the caller. */
let pendingBig: string | undefined;

function describe(c: number): string {
  if (c !== c) return "end of input";
  if (c >= 0x21 && c <= 0x7e) return `character '${String.fromCharCode(c)}'`;
  return `byte 0x${c.toString(16).padStart(2, "0")}`;
}

function fail(msg: string, at = P): never {
  let line = 1;
  let col = 1;
  for (let i = 0; i < at && i < S.length; i++) {
    if (S.charCodeAt(i) === 10) {
      line++;
      col = 1;
    } else col++;
  }
  S = "";
  throw rtError(`json.decode: ${msg} at line ${line}, column ${col} (byte ${at + 1})`);
}

function unexpected(): never {
  return fail(`unexpected ${describe(S.charCodeAt(P))}`);
}

function skipWs(): number {
  let c = S.charCodeAt(P);
  while (c === 32 || c === 10 || c === 13 || c === 9) c = S.charCodeAt(++P);
  return c;
}

function value(c: number, depth: number): unknown {
  switch (c) {
    case 34:
      return str();
    case 123:
      return object(depth + 1);
    case 91:
      return array(depth + 1);
    case 116:
      if (S.startsWith("true", P)) {
        P += 4;
        return true;
      }
      break;
    case 102:
      if (S.startsWith("false", P)) {
        P += 5;
        return false;
      }
      break;
    case 110:
      if (S.startsWith("null", P)) {
        P += 4;
        return JSON_NULL;
      }
      break;
    default:
      if (c === 45 || (c >= 48 && c <= 57)) return num();
  }
  return unexpected();
}

function num(): number {
  const start = P;
  let c = S.charCodeAt(P);
  let neg = false;
  if (c === 45) {
    neg = true;
    c = S.charCodeAt(++P);
  }
  let n = 0;
  let digits = 0;
  if (c === 48) {
    c = S.charCodeAt(++P);
    digits = 1;
  } else if (c >= 49 && c <= 57) {
    do {
      n = n * 10 + (c - 48);
      digits++;
      c = S.charCodeAt(++P);
    } while (c >= 48 && c <= 57);
  } else return fail("invalid number: expected a digit");
  let simple = true;
  if (c === 46) {
    simple = false;
    c = S.charCodeAt(++P);
    if (!(c >= 48 && c <= 57)) return fail("invalid number: expected a digit after '.'");
    do {
      digits++;
      c = S.charCodeAt(++P);
    } while (c >= 48 && c <= 57);
  }
  if (c === 101 || c === 69) {
    simple = false;
    c = S.charCodeAt(++P);
    if (c === 43 || c === 45) c = S.charCodeAt(++P);
    if (!(c >= 48 && c <= 57)) return fail("invalid number: expected a digit in the exponent");
    do c = S.charCodeAt(++P);
    while (c >= 48 && c <= 57);
  }
  if (digits > 15) {
    const text = S.slice(start, P);
    pendingBig = text;
    return +text;
  }
  if (simple) return neg ? (n === 0 ? -0 : -n) : n;
  return +S.slice(start, P);
}

function hex4(at: number): number {
  let v = 0;
  for (let i = 0; i < 4; i++) {
    const c = S.charCodeAt(at + i);
    let d: number;
    if (c >= 48 && c <= 57) d = c - 48;
    else if (c >= 97 && c <= 102) d = c - 87;
    else if (c >= 65 && c <= 70) d = c - 55;
    else return fail("invalid \\u escape: expected 4 hex digits", at + i);
    v = v * 16 + d;
  }
  return v;
}

/** A Unicode code point as UTF-8 bytes (one char per byte). */
function utf8(cp: number): string {
  if (cp < 0x80) return String.fromCharCode(cp);
  if (cp < 0x800) return String.fromCharCode(0xc0 | (cp >> 6), 0x80 | (cp & 63));
  if (cp < 0x10000) return String.fromCharCode(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  return String.fromCharCode(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
}

function str(): string {
  const start = ++P;
  for (;;) {
    const c = S.charCodeAt(P);
    if (c === 34) {
      const s = S.slice(start, P);
      P++;
      return s;
    }
    if (c === 92 || c < 32 || c !== c) return strSlow(start);
    P++;
  }
}

function strSlow(start: number): string {
  let out = "";
  let run = start;
  for (;;) {
    const c = S.charCodeAt(P);
    if (c === 34) {
      out += S.slice(run, P);
      P++;
      return out;
    }
    if (c !== c) return fail("unterminated string", start - 1);
    if (c < 32) return fail(`unescaped control ${describe(c)} in string`);
    if (c !== 92) {
      P++;
      continue;
    }
    out += S.slice(run, P);
    const e = S.charCodeAt(P + 1);
    P += 2;
    switch (e) {
      case 34: out += '"'; break;
      case 92: out += "\\"; break;
      case 47: out += "/"; break;
      case 98: out += "\b"; break;
      case 102: out += "\f"; break;
      case 110: out += "\n"; break;
      case 114: out += "\r"; break;
      case 116: out += "\t"; break;
      case 117: {
        let cp = hex4(P);
        P += 4;
        if (cp >= 0xd800 && cp <= 0xdbff) {
          if (S.charCodeAt(P) === 92 && S.charCodeAt(P + 1) === 117) {
            const lo = hex4(P + 2);
            if (lo >= 0xdc00 && lo <= 0xdfff) {
              cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
              P += 6;
            } else cp = 0xfffd;
          } else cp = 0xfffd;
        } else if (cp >= 0xdc00 && cp <= 0xdfff) cp = 0xfffd;
        out += utf8(cp);
        break;
      }
      default:
        P--;
        return fail(`invalid escape '\\${e === e ? String.fromCharCode(e) : ""}' in string`, P - 1);
    }
    run = P;
  }
}

function recordBig(t: LuaTable, k: unknown, v: number, text: string): void {
  let m = bigs.get(t);
  if (m === undefined) bigs.set(t, (m = new Map()));
  m.set(k, { v, text });
  rememberValue(v, text);
}

function object(depth: number): LuaTable {
  if (depth > MAX_DEPTH) fail(`nesting deeper than ${MAX_DEPTH} levels`);
  P++;
  const t = new LuaTable();
  let c = skipWs();
  if (c === 125) {
    P++;
    return t;
  }
  // the string keys are stored directly in a fresh store (as lib/index.ts's cloneTable
  // does): no per-key checks for a table nobody else has seen yet (values are never nil)
  const s = newStrs();
  let n = 0;
  for (;;) {
    if (c !== 34) return c !== c ? unexpected() : fail(`expected a string key, got ${describe(c)}`);
    const k = str();
    c = skipWs();
    if (c !== 58) return fail(`expected ':' after object key, got ${describe(c)}`);
    P++;
    const v = value(skipWs(), depth);
    s[k] = v;
    n++;
    if (pendingBig !== undefined) {
      recordBig(t, k, v as number, pendingBig);
      pendingBig = undefined;
    }
    c = skipWs();
    if (c === 44) {
      P++;
      c = skipWs();
      continue;
    }
    if (c === 125) {
      P++;
      allocTable(32 * n);
      t.strs = s;
      t.shape += n;
      return t;
    }
    return fail(`expected ',' or '}' in object, got ${describe(c)}`);
  }
}

function array(depth: number): LuaTable {
  if (depth > MAX_DEPTH) fail(`nesting deeper than ${MAX_DEPTH} levels`);
  P++;
  const t = new LuaTable();
  jsonKinds.set(t, KIND_ARRAY);
  let c = skipWs();
  if (c === 93) {
    P++;
    return t;
  }
  const items: unknown[] = [];
  for (;;) {
    const v = value(c, depth);
    items.push(v);
    if (pendingBig !== undefined) {
      recordBig(t, items.length, v as number, pendingBig);
      pendingBig = undefined;
    }
    c = skipWs();
    if (c === 44) {
      P++;
      c = skipWs();
      continue;
    }
    if (c === 93) {
      P++;
      break;
    }
    return fail(`expected ',' or ']' in array, got ${describe(c)}`);
  }
  alloc(items.length * 8);
  t.arr = items;
  t.arrHigh = items.length;
  return t;
}

/**
 * Texts V8's own JSON.parse reads exactly as the parser above does: no \u escapes (this
 * module turns them into UTF-8 bytes; JSON.parse into UTF-16 units) and no run of 16 digits
 * (long literals keep their text here). Everything else means the same to both: raw bytes
 * stay bytes (the text is a byte string), nulls become json.null.
 */
const LONG_NUMBER = /\d[\d.]{15}/; // (the \u test is a separate indexOf: together they are 3x faster)
const TOO_DEEP = {};

/**
 * What JSON.parse returned, as Lua tables: objects become string stores (copied, or their
 * prototype swapped for the stores' empty one: nothing inherited), arrays the array parts. The same tables, kinds and memory accounting as object() and array().
 */
function fromNative(v: unknown, depth: number): unknown {
  if (typeof v !== "object") return v;
  if (v === null) return JSON_NULL;
  if (depth > MAX_DEPTH) throw TOO_DEEP;
  const t = new LuaTable();
  if (Array.isArray(v)) {
    jsonKinds.set(t, KIND_ARRAY);
    const n = v.length;
    if (n === 0) return t;
    for (let i = 0; i < n; i++) {
      const x = v[i];
      if (typeof x === "object") v[i] = fromNative(x, depth + 1);
    }
    alloc(n * 8);
    t.arr = v;
    t.arrHigh = n;
    return t;
  }
  const o = v as Record<string, unknown>;
  let n = 0;
  for (const k in o) {
    const x = o[k];
    if (typeof x === "object") o[k] = fromNative(x, depth + 1);
    n++;
  }
  if (n === 0) return t;
  allocTable(32 * n);
  // A small object is copied into a fresh store rather than given the stores' prototype: a
  // fast-mode object whose prototype was swapped has a map outside V8's transition tree, so
  // every key a script adds later (data.total = ...) builds a new map (~0.7 µs each) and
  // defeats inline caches. JSON.parse makes larger objects (~128+ keys) in dictionary mode,
  // where adding keys is cheap and copying is not: those keep their object.
  if (n <= 64) t.strs = Object.assign(newStrs(), o);
  else t.strs = Object.setPrototypeOf(o, STRS_PROTO);
  t.shape += n;
  return t;
}

export function decode(s: string): unknown {
  // pay for the whole text up front: the values decoded are never larger than it
  charge(1 + (s.length >> 3));
  alloc(s.length);
  if (s.indexOf("\\u") < 0 && !LONG_NUMBER.test(s)) {
    // V8's parser, then a walk that makes Lua tables (about twice as fast as parsing here);
    // anything it refuses goes through the parser above for the exact error message
    let parsed: unknown;
    let ok = true;
    try {
      parsed = JSON.parse(s.charCodeAt(0) === 0xef && s.charCodeAt(1) === 0xbb && s.charCodeAt(2) === 0xbf ? s.slice(3) : s);
    } catch {
      ok = false;
    }
    if (ok) {
      const used = memory.used;
      try {
        return fromNative(parsed, 1);
      } catch (e) {
        if (e !== TOO_DEEP) throw e;
        memory.used = used; // the parser below reports the nesting error
      }
    }
  }
  S = s;
  P = 0;
  pendingBig = undefined;
  // a UTF-8 byte order mark is skipped (RFC 8259 section 8.1)
  if (s.charCodeAt(0) === 0xef && s.charCodeAt(1) === 0xbb && s.charCodeAt(2) === 0xbf) P = 3;
  const c = skipWs();
  if (c !== c) fail("empty input (no JSON value)");
  const v = value(c, 0);
  if (pendingBig !== undefined) rememberValue(v as number, pendingBig);
  pendingBig = undefined;
  skipWs();
  if (P < S.length) fail(`unexpected ${describe(S.charCodeAt(P))} after the JSON value`);
  S = "";
  return v;
}

// ---------------------------------------------------------------- encode

const enum Invalid {
  Error,
  Replace,
  Escape,
}

/** An encode failure on its way out; each table level adds its key to the path. */
class EncodeFail {
  path: string[] = [];
  constructor(readonly msg: string) {}
}

let out = "";
let invalidUtf8 = Invalid.Error;
const stack: LuaTable[] = [];
let depthNow = 0;

const ESC: string[] = [];
for (let i = 0; i < 32; i++) ESC[i] = "\\u" + i.toString(16).padStart(4, "0");
ESC[8] = "\\b";
ESC[9] = "\\t";
ESC[10] = "\\n";
ESC[12] = "\\f";
ESC[13] = "\\r";
ESC[34] = '\\"';
ESC[92] = "\\\\";

/** Length of the valid UTF-8 sequence starting at s[i] (a byte >= 0x80), or 0. */
function utf8Length(s: string, i: number): number {
  const c0 = s.charCodeAt(i);
  if (c0 < 0xc2 || c0 > 0xf4) return 0;
  const c1 = s.charCodeAt(i + 1);
  if (c0 < 0xe0) return c1 >= 0x80 && c1 <= 0xbf ? 2 : 0;
  const lo = c0 === 0xe0 ? 0xa0 : c0 === 0xf0 ? 0x90 : 0x80;
  const hi = c0 === 0xed ? 0x9f : c0 === 0xf4 ? 0x8f : 0xbf;
  if (!(c1 >= lo && c1 <= hi)) return 0;
  const c2 = s.charCodeAt(i + 2);
  if (!(c2 >= 0x80 && c2 <= 0xbf)) return 0;
  if (c0 < 0xf0) return 3;
  const c3 = s.charCodeAt(i + 3);
  return c3 >= 0x80 && c3 <= 0xbf ? 4 : 0;
}

function encString(s: string): void {
  const n = s.length;
  alloc(n + 2);
  let i = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 32 || c === 34 || c === 92 || c >= 128) break;
  }
  if (i === n) {
    out += '"' + s + '"';
    return;
  }
  charge(n >> 4);
  let r = '"' + s.slice(0, i);
  let run = i;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c >= 32 && c !== 34 && c !== 92 && c < 128) {
      i++;
      continue;
    }
    if (c < 128) {
      r += s.slice(run, i) + ESC[c];
      run = ++i;
      continue;
    }
    const len = utf8Length(s, i);
    if (len > 0) {
      i += len;
      continue;
    }
    if (invalidUtf8 === Invalid.Error) {
      throw new EncodeFail(
        `string is not valid UTF-8 (byte 0x${c.toString(16).padStart(2, "0")} at offset ${i + 1}); ` +
          `use base64.encode for binary data, or json.encode(value, {invalid_utf8 = "replace"}) / {invalid_utf8 = "escape"}`,
      );
    }
    r += s.slice(run, i) + (invalidUtf8 === Invalid.Replace ? "\xef\xbf\xbd" : "\\u00" + c.toString(16).padStart(2, "0"));
    run = ++i;
  }
  out += r + s.slice(run) + '"';
}

/**
 * Object keys as written (`"key":`), for keys that need no escaping: payloads repeat the same
 * few dozen keys, and a lookup is cheaper than scanning and quoting each one again.
 */
const keyTexts = new Map<string, string>();
const PLAIN_KEY = /^[\x20\x21\x23-\x5b\x5d-\x7e]{0,64}$/;

function encKey(k: string): void {
  let t = keyTexts.get(k);
  if (t === undefined) {
    if (!PLAIN_KEY.test(k)) {
      encString(k);
      out += ":";
      return;
    }
    if (keyTexts.size >= 4096) keyTexts.clear();
    keyTexts.set(k, (t = '"' + k + '":'));
  }
  alloc(k.length + 2); // what encString accounts
  out += t;
}

function encNumber(x: number): void {
  if (bigCount > 0 && !Number.isSafeInteger(x)) {
    // a number that came from a long literal decoded in this run, wherever it is now
    const text = byValue.get(x);
    if (text != null) {
      out += text;
      return;
    }
  }
  if (x === 0) out += 1 / x < 0 ? "-0" : "0";
  else if (x - x === 0) out += String(x); // finite: shortest text that reads back the same double
  else throw new EncodeFail(`cannot encode ${x !== x ? "NaN" : x > 0 ? "inf" : "-inf"} (not a JSON number)`);
}

function encValue(v: unknown): void {
  switch (typeof v) {
    case "string":
      encString(v);
      return;
    case "number":
      encNumber(v);
      return;
    case "boolean":
      out += v ? "true" : "false";
      return;
    case "undefined":
      out += "null";
      return;
    case "object":
      if (v === JSON_NULL) {
        out += "null";
        return;
      }
      if (v instanceof LuaTable) {
        encTable(v);
        return;
      }
  }
  throw new EncodeFail(`cannot encode a ${type(v)} value`);
}

function keyText(k: unknown): string {
  if (typeof k === "string") return `"${k.length > 40 ? k.slice(0, 40) + "..." : k}"`;
  if (typeof k === "number") return numberToString(k);
  return `of type ${type(k)}`;
}

/** Sort short key lists in place (insertion sort: cheaper than Array.prototype.sort for a few keys). */
function sortKeys(a: string[]): void {
  const n = a.length;
  if (n > 16) {
    a.sort();
    return;
  }
  for (let i = 1; i < n; i++) {
    const x = a[i];
    let j = i - 1;
    while (j >= 0 && a[j] > x) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = x;
  }
}

/** Keys 1..N of t when it is a sequence (array part without holes plus integer hash keys), else -1. */
function sequenceLength(t: LuaTable, hasStrs: boolean): number {
  if (hasStrs) return -1;
  const a = t.arr;
  const n = a.length;
  for (let i = 0; i < n; i++) if (a[i] === undefined) return -1;
  const h = t.hash;
  if (h === undefined || h.size === 0) return n;
  const total = n + h.size;
  for (const k of h.keys()) {
    if (typeof k !== "number" || !Number.isInteger(k) || k <= n || k > total) return -1;
  }
  return total;
}

function firstNonSequenceKey(t: LuaTable): unknown {
  for (const k in t.strs) return k;
  const a = t.arr;
  for (let i = 0; i < a.length; i++) if (a[i] === undefined) return i + 2 <= a.length ? i + 2 : i + 1;
  if (t.hash) for (const k of t.hash.keys()) if (typeof k !== "number" || !Number.isInteger(k) || k < 1) return k;
  if (t.hash) return t.hash.keys().next().value;
  return undefined;
}

function encTable(t: LuaTable): void {
  if (depthNow >= MAX_DEPTH) throw new EncodeFail(`nesting deeper than ${MAX_DEPTH} levels`);
  for (let i = 0; i < depthNow; i++) if (stack[i] === t) throw new EncodeFail("cycle: a table contains itself");
  stack[depthNow++] = t;
  charge(1);
  const d = t instanceof ReadOnlyTable ? t.data : t;
  const kind = jsonKinds.get(d);
  const big = bigCount > 0 ? bigs.get(d) : undefined;
  const strKeys = Object.keys(d.strs);
  const hasStrs = strKeys.length > 0;
  let key: unknown;
  try {
    if (kind !== KIND_OBJECT) {
      const n = sequenceLength(d, hasStrs);
      if (n > 0 || (n === 0 && kind === KIND_ARRAY)) {
        charge(n >> 3);
        out += "[";
        const a = d.arr;
        for (let i = 1; i <= n; i++) {
          if (i > 1) out += ",";
          key = i;
          const v = i <= a.length ? a[i - 1] : d.getInt(i);
          if (big !== undefined && typeof v === "number") {
            const b = big.get(i);
            if (b !== undefined && b.v === v) {
              out += b.text;
              continue;
            }
          }
          encValue(v);
        }
        out += "]";
        stack[--depthNow] = undefined as any;
        return;
      }
      if (kind === KIND_ARRAY) {
        throw new EncodeFail(`table marked as a JSON array has a key ${keyText(firstNonSequenceKey(d))} that is not in a sequence 1..n`);
      }
      if (d.arr.length > 0 || (d.hash !== undefined && d.hash.size > 0)) {
        throw new EncodeFail(
          `cannot encode a table with mixed or sparse keys (key ${keyText(firstNonSequenceKey(d))}); ` +
            "use only string keys, a sequence 1..n, or json.object()/json.array()",
        );
      }
    }
    // an object: string keys (and, for tables marked as objects, numbers written as strings)
    let names: string[];
    let values: unknown[] | undefined;
    if (d.arr.length === 0 && (d.hash === undefined || d.hash.size === 0)) {
      names = strKeys;
    } else {
      names = [];
      values = [];
      const pairs: [string, unknown][] = [];
      for (const k of strKeys) pairs.push([k, d.strs[k]]);
      d.arr.forEach((v, i) => {
        if (v !== undefined) pairs.push([String(i + 1), v]);
      });
      if (d.hash) {
        for (const [k, v] of d.hash) {
          if (typeof k !== "number") throw new EncodeFail(`cannot encode a table key ${keyText(k)} as a JSON object key`);
          pairs.push([numberToString(k), v]);
        }
      }
      pairs.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
      for (let i = 0; i < pairs.length; i++) {
        if (i > 0 && pairs[i][0] === pairs[i - 1][0]) throw new EncodeFail(`duplicate JSON object key "${pairs[i][0]}" (a string and a number key)`);
        names.push(pairs[i][0]);
        values.push(pairs[i][1]);
      }
    }
    if (values === undefined && names.length > 1) sortKeys(names);
    charge(names.length >> 3);
    out += "{";
    let first = true;
    for (let i = 0; i < names.length; i++) {
      const k = names[i];
      const v = values === undefined ? d.strs[k] : values[i];
      if (v === undefined) continue;
      key = k;
      if (first) first = false;
      else out += ",";
      encKey(k);
      if (big !== undefined && typeof v === "number") {
        const b = big.get(k);
        if (b !== undefined && b.v === v) {
          out += b.text;
          continue;
        }
      }
      encValue(v);
    }
    out += "}";
    stack[--depthNow] = undefined as any;
  } catch (e) {
    stack[--depthNow] = undefined as any;
    if (e instanceof EncodeFail && key !== undefined) e.path.push(typeof key === "number" ? `[${key}]` : /^[A-Za-z_][A-Za-z0-9_]*$/.test(key as string) ? `.${key}` : `[${JSON.stringify(key)}]`);
    throw e;
  }
}

export function encode(v: unknown, opts?: unknown): string {
  invalidUtf8 = Invalid.Error;
  if (opts !== undefined) {
    if (!(opts instanceof LuaTable)) typeError(2, "encode", "table", opts);
    for (let k: unknown = undefined; ; ) {
      const r = opts.next(k);
      if (!r) break;
      k = r[0];
      if (k !== "invalid_utf8") argError(2, "encode", `unknown option '${typeof k === "string" ? k : type(k)}'`);
      const m = r[1];
      if (m === "error") invalidUtf8 = Invalid.Error;
      else if (m === "replace") invalidUtf8 = Invalid.Replace;
      else if (m === "escape") invalidUtf8 = Invalid.Escape;
      else argError(2, "encode", `invalid_utf8 must be "error", "replace" or "escape"`);
    }
  }
  out = "";
  depthNow = 0;
  try {
    encValue(v);
  } catch (e) {
    out = "";
    depthNow = 0;
    if (e instanceof EncodeFail) {
      const where = e.path.length ? ` (at ${e.path.reverse().join("").replace(/^\./, "")})` : "";
      throw rtError(`json.encode: ${e.msg}${where}`);
    }
    throw e;
  }
  const s = out;
  out = "";
  charge(s.length >> 4);
  return s;
}

// ---------------------------------------------------------------- the module

function mark(t: unknown, kind: number, fname: string): LuaTable {
  if (t === undefined) t = new LuaTable();
  else if (!(t instanceof LuaTable)) typeError(1, fname, "table", t);
  jsonKinds.set(contents(t as LuaTable), kind);
  return t as LuaTable;
}

defineModule({
  name: "json",
  scope: "any",
  global: true,
  build: () => {
    const m = new LuaTable();
    m.set("decode", function json_decode(s: unknown) {
      return decode(typeof s === "string" ? s : checkString(s, 1, "decode", arguments.length));
    });
    m.set("encode", function json_encode(v: unknown, opts: unknown) {
      if (arguments.length === 0) argError(1, "encode", "value expected");
      return encode(v, opts);
    });
    m.set("null", JSON_NULL);
    m.set("array", function json_array(t: unknown) {
      return mark(t, KIND_ARRAY, "array");
    });
    m.set("object", function json_object(t: unknown) {
      return mark(t, KIND_OBJECT, "object");
    });
    return m;
  },
});

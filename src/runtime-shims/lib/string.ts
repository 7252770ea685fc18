// The Lua 5.1 `string` library (lstrlib.c), plus Moonbox's contains/startswith/endswith.
//
// Strings are byte strings: every char code is 0..255, NUL included, so everything here
// works on char codes and never on JS's Unicode notions (no toUpperCase on bytes > 127).
// Integer arguments follow lua5.1 on x86-64 exactly: luaL_checkinteger truncates to
// 64 bits (NaN, ±inf and out-of-range values become INT64_MIN, so `s:sub(1, math.huge)`
// is ""), luaL_checkint then keeps the low 32 bits (`("x"):rep(2^32 + 1)` is "x").
//
// Library functions use fixed parameters for speed and read `arguments.length` only on
// error paths, to tell "got nil" from "got no value" as the C API does.
import { LuaTable, Multi, NONE, first, type } from "../value.js";
import { rtError } from "../errors.js";
import { call, index } from "../ops.js";
import { alloc, charge } from "../limits.js";
import { numberToString } from "../number.js";
import { argError } from "./args.js";
import { MAX_MATCH_DEPTH, MatchState, EMPTY_PATTERN, PATTERN_CACHE_KEY_MAX, type Pattern, compilePattern, match, noSpecials, isLiteralPattern, captureText, toLuaError } from "./lpattern.js";
import { argInt, argInteger, argString, checkStringLength, strFormat, units } from "./format.js";
import { containsBytes, startsWithBytes, endsWithBytes } from "./search.js";

/** lua_checkstack's limit in 5.1 (LUAI_MAXCSTACK): byte() can not return more values. */
const MAX_RESULTS = 8000;

/** Relative string position (lstrlib's posrelat): negative counts from the end. */
function posrelat(pos: number, len: number): number {
  if (pos < 0) pos += len + 1;
  return pos >= 0 ? pos : 0;
}

/** String from byte codes, in chunks (fromCharCode.apply has an argument-count limit). */
function fromBytes(codes: Uint8Array): string {
  const CHUNK = 8192;
  if (codes.length <= CHUNK) return String.fromCharCode.apply(null, codes as unknown as number[]);
  let out = "";
  for (let i = 0; i < codes.length; i += CHUNK) {
    out += String.fromCharCode.apply(null, codes.subarray(i, i + CHUNK) as unknown as number[]);
  }
  return out;
}

// ---------------------------------------------------------------- simple functions

function len(s: unknown): number {
  return (typeof s === "string" ? s : argString(s, 1, "len", arguments.length)).length;
}

function sub(s: unknown, i: unknown, j: unknown): string {
  const nargs = arguments.length;
  const str = typeof s === "string" ? s : argString(s, 1, "sub", nargs);
  const l = str.length;
  let start = posrelat(argInteger(i, 2, "sub", nargs), l);
  let end = j === undefined ? l : posrelat(argInteger(j, 3, "sub", nargs), l);
  if (start < 1) start = 1;
  if (end > l) end = l;
  return start <= end ? str.slice(start - 1, end) : "";
}

function reverse(s: unknown): string {
  const str = typeof s === "string" ? s : argString(s, 1, "reverse", arguments.length);
  const n = str.length;
  if (n <= 1) return str;
  alloc(n);
  charge(units(n));
  const codes = new Uint8Array(n);
  for (let k = 0; k < n; k++) codes[k] = str.charCodeAt(n - 1 - k);
  return fromBytes(codes);
}

const NON_ASCII = /[\x80-\xff]/;
const ASCII_LOWER_RUN = /[a-z]+/g;
const ASCII_UPPER_RUN = /[A-Z]+/g;
const toUpper = (m: string) => m.toUpperCase();
const toLower = (m: string) => m.toLowerCase();

/** upper/lower change ASCII letters only (C locale): bytes > 127 stay as they are. */
function upper(s: unknown): string {
  const str = typeof s === "string" ? s : argString(s, 1, "upper", arguments.length);
  alloc(str.length);
  charge(units(str.length));
  return NON_ASCII.test(str) ? str.replace(ASCII_LOWER_RUN, toUpper) : str.toUpperCase();
}

function lower(s: unknown): string {
  const str = typeof s === "string" ? s : argString(s, 1, "lower", arguments.length);
  alloc(str.length);
  charge(units(str.length));
  return NON_ASCII.test(str) ? str.replace(ASCII_UPPER_RUN, toLower) : str.toLowerCase();
}

function rep(s: unknown, n: unknown): string {
  const nargs = arguments.length;
  const str = typeof s === "string" ? s : argString(s, 1, "rep", nargs);
  const count = argInt(n, 2, "rep", nargs);
  if (count <= 0 || str.length === 0) return "";
  const total = str.length * count;
  alloc(total); // refuse before building: rep("x", 1e9) must never allocate
  checkStringLength(total);
  charge(units(total));
  return str.repeat(count);
}

function byte(s: unknown, i: unknown, j: unknown): unknown {
  const nargs = arguments.length;
  const str = typeof s === "string" ? s : argString(s, 1, "byte", nargs);
  const l = str.length;
  let posi = posrelat(i === undefined ? 1 : argInteger(i, 2, "byte", nargs), l);
  let pose = posrelat(j === undefined ? posi : argInteger(j, 3, "byte", nargs), l);
  if (posi <= 0) posi = 1;
  if (pose > l) pose = l;
  if (posi > pose) return NONE; // empty interval: no values
  const n = pose - posi + 1;
  if (n === 1) return str.charCodeAt(posi - 1);
  if (n + nargs > MAX_RESULTS) throw rtError("stack overflow (string slice too long)");
  charge(units(n));
  const out = new Array(n);
  for (let k = 0; k < n; k++) out[k] = str.charCodeAt(posi - 1 + k);
  return new Multi(out);
}

function char(...args: unknown[]): string {
  const n = args.length;
  alloc(n);
  charge(units(n));
  const codes = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    const c = argInt(args[k], k + 1, "char", n);
    if ((c & 255) !== c) argError(k + 1, "char", "invalid value");
    codes[k] = c;
  }
  return fromBytes(codes);
}

// ---------------------------------------------------------------- Moonbox predicates

// (kept small: predicates call these per event, and V8 inlines them into the predicate
// only while the caller's inlining budget lasts; argument conversion is out of line)

function contains(s: unknown, needle: unknown): boolean {
  if (typeof s !== "string" || typeof needle !== "string") return contains2(argString(s, 1, "contains", arguments.length), argString(needle, 2, "contains", arguments.length));
  return contains2(s, needle);
}

function contains2(s: string, needle: string): boolean {
  charge(s.length >> 3);
  return containsBytes(s, needle);
}

function startswith(s: unknown, prefix: unknown): boolean {
  if (typeof s !== "string" || typeof prefix !== "string") return startsWithBytes(argString(s, 1, "startswith", arguments.length), argString(prefix, 2, "startswith", arguments.length));
  return startsWithBytes(s, prefix);
}

function endswith(s: unknown, suffix: unknown): boolean {
  if (typeof s !== "string" || typeof suffix !== "string") return endsWithBytes(argString(s, 1, "endswith", arguments.length), argString(suffix, 2, "endswith", arguments.length));
  return endsWithBytes(s, suffix);
}

// ---------------------------------------------------------------- find / match

const CARET = 94;

function strFindAux(find: boolean, fname: string, s: unknown, p: unknown, init: unknown, plain: unknown, nargs: number): unknown {
  const src = typeof s === "string" ? s : argString(s, 1, fname, nargs);
  const pat = typeof p === "string" ? p : argString(p, 2, fname, nargs);
  const l1 = src.length;
  let start = init === undefined ? 0 : posrelat(argInteger(init, 3, fname, nargs), l1) - 1;
  if (start < 0) start = 0;
  else if (start > l1) start = l1;

  const plainFind = find && plain !== undefined && plain !== false;
  const anchor = pat.charCodeAt(0) === CARET;
  // short patterns are compiled (and cached) with their flags; a long one is checked first
  // (a long needle is usually a plain search: compiling it would be wasted)
  let prog: Pattern | undefined;
  let simple: boolean;
  if (plainFind) simple = true;
  else if (pat.length <= PATTERN_CACHE_KEY_MAX) {
    prog = compilePattern(pat, anchor);
    simple = find ? prog.noSpecials : prog.literal;
  } else {
    simple = find ? noSpecials(pat) : isLiteralPattern(pat);
  }
  if (simple) {
    // find: a plain search of the whole pattern, NULs included (lmemfind); match: a
    // literal pattern, so the match is the pattern itself (not in lstrlib; same result)
    const k = src.indexOf(pat, start);
    charge(1 + units((k < 0 ? l1 : k + pat.length) - start));
    if (k < 0) return undefined;
    return find ? new Multi([k + 1, k + pat.length]) : pat;
  }

  const ms = sharedState;
  ms.reset(src, prog ?? compilePattern(pat, anchor));
  try {
    for (let s1 = start; s1 <= l1; s1++) {
      if (!anchor) {
        s1 = ms.nextStart(s1);
        if (s1 < 0) break;
      }
      ms.level = 0;
      ms.runEnd = -1;
      const e = match(ms, s1, 0);
      if (e !== -1) {
        ms.flush();
        const level = ms.level;
        if (!find) return level <= 1 ? ms.capture(0, s1, e) : new Multi(ms.captures(s1, e, true));
        const out: unknown[] = new Array(level + 2);
        out[0] = s1 + 1;
        out[1] = e;
        for (let i = 0; i < level; i++) out[i + 2] = ms.capture(i, s1, e);
        return new Multi(out);
      }
      if (anchor) break;
      if (ms.runEnd > s1) s1 = ms.runEnd; // the starts up to there fail too (MatchState.runEnd)
    }
  } catch (e) {
    throw toLuaError(e);
  } finally {
    ms.src = ""; // keep no subject alive
  }
  ms.flush();
  return undefined;
}

/** The match state of find and match: they never re-enter (no Lua code runs inside). */
const sharedState = new MatchState("", EMPTY_PATTERN);

function find(s: unknown, p: unknown, init: unknown, plain: unknown): unknown {
  return strFindAux(true, "find", s, p, init, plain, arguments.length);
}

function strMatch(s: unknown, p: unknown, init: unknown): unknown {
  return strFindAux(false, "match", s, p, init, undefined, arguments.length);
}

/** gmatch: an iterator over successive matches. `^` is not an anchor here (5.1). */
function gmatch(s: unknown, p: unknown): unknown {
  const nargs = arguments.length;
  const src = argString(s, 1, "gmatch", nargs);
  const pat = argString(p, 2, "gmatch", nargs);
  const ms = new MatchState(src, compilePattern(pat, false));
  let pos = 0;
  return function gmatchIterator(): unknown {
    ms.depth = MAX_MATCH_DEPTH; // in case an earlier call was abandoned by an error
    try {
      for (let s1 = pos; s1 <= ms.srcEnd; s1++) {
        s1 = ms.nextStart(s1);
        if (s1 < 0) break;
        ms.level = 0;
        ms.runEnd = -1;
        const e = match(ms, s1, 0);
        if (e !== -1) {
          pos = e === s1 ? e + 1 : e; // an empty match advances at least one position
          ms.flush();
          return ms.level <= 1 ? ms.capture(0, s1, e) : new Multi(ms.captures(s1, e, true));
        }
        if (ms.runEnd > s1) s1 = ms.runEnd; // the starts up to there fail too (MatchState.runEnd)
      }
    } catch (e) {
      throw toLuaError(e);
    }
    ms.flush();
    return NONE;
  };
}

// ---------------------------------------------------------------- gsub

/**
 * A replacement string split into literal text and capture references (numbers: 0 for
 * the whole match, 1-9 for captures). `%` before a non-digit quotes that byte; a `%` at
 * the very end reads the C string's terminating NUL, which 5.1 copies: "a%" gives "a\0".
 */
function compileTemplate(tmpl: string): (string | number)[] {
  const out: (string | number)[] = [];
  let lit = "";
  let i = 0;
  const l = tmpl.length;
  while (i < l) {
    const pct = tmpl.indexOf("%", i);
    if (pct < 0) {
      lit += tmpl.slice(i);
      break;
    }
    lit += tmpl.slice(i, pct);
    const c = pct + 1 < l ? tmpl.charCodeAt(pct + 1) : 0;
    if (c < 48 || c > 57) {
      lit += String.fromCharCode(c);
    } else {
      if (lit !== "") out.push(lit);
      lit = "";
      out.push(c - 48);
    }
    i = pct + 2;
  }
  if (lit !== "") out.push(lit);
  return out;
}

function gsub(s: unknown, p: unknown, repl: unknown, maxN: unknown): unknown {
  const nargs = arguments.length;
  const src = typeof s === "string" ? s : argString(s, 1, "gsub", nargs);
  const pat = typeof p === "string" ? p : argString(p, 2, "gsub", nargs);
  const srcEnd = src.length;
  const maxS = maxN === undefined ? srcEnd + 1 : argInt(maxN, 4, "gsub", nargs);
  let template: (string | number)[] | undefined;
  if (typeof repl === "string") template = compileTemplate(repl);
  else if (typeof repl === "number") template = [numberToString(repl)];
  else if (typeof repl !== "function" && !(repl instanceof LuaTable)) {
    argError(3, "gsub", "string/function/table expected");
  }

  const anchor = pat.charCodeAt(0) === CARET;
  let prog: Pattern | undefined;
  let literal: boolean;
  if (pat.length <= PATTERN_CACHE_KEY_MAX) {
    prog = compilePattern(pat, anchor);
    literal = prog.literal;
  } else {
    literal = isLiteralPattern(pat);
  }
  const ms = new MatchState(src, literal ? EMPTY_PATTERN : prog ?? compilePattern(pat, anchor));
  const parts: string[] = []; // the result, joined at the end
  let outLen = 0;
  let copyFrom = 0; // start of the unmatched text not yet copied to parts
  let n = 0;

  const append = (piece: string): void => {
    const l = piece.length;
    checkStringLength(outLen + l);
    alloc(l);
    outLen += l;
    parts.push(piece);
  };

  /** Append the unmatched text before `s`, then the replacement for match s..e. */
  const addMatch = (s: number, e: number): void => {
    if (copyFrom < s) append(src.slice(copyFrom, s));
    if (template !== undefined) {
      for (let k = 0; k < template.length; k++) {
        const t = template[k];
        if (typeof t === "string") append(t);
        else if (t === 0) append(src.slice(s, e));
        else append(captureText(ms.capture(t - 1, s, e)));
      }
      return;
    }
    let r: unknown;
    if (typeof repl === "function") {
      r = ms.level <= 1 ? first(call(repl, ms.capture(0, s, e))) : first(call(repl, ...ms.captures(s, e, true)));
    } else {
      r = index(repl, ms.capture(0, s, e));
    }
    if (r === undefined || r === false) append(src.slice(s, e)); // keep the original text
    else if (typeof r === "string") append(r);
    else if (typeof r === "number") append(numberToString(r));
    else throw rtError(`invalid replacement value (a ${type(r)})`);
  };

  try {
    if (literal) {
      // a literal pattern: jump between occurrences with indexOf
      const pl = pat.length;
      while (n < maxS) {
        const k = src.indexOf(pat, copyFrom);
        if (k < 0) break;
        n++;
        addMatch(k, k + pl);
        copyFrom = k + pl;
      }
      ms.steps += srcEnd;
    } else {
      let pos = 0;
      while (n < maxS) {
        if (!anchor) {
          pos = ms.nextStart(pos);
          if (pos < 0) break;
        }
        ms.level = 0;
        ms.runEnd = -1;
        const e = match(ms, pos, 0);
        if (e !== -1) {
          n++;
          addMatch(pos, e);
          copyFrom = pos;
        }
        if (e !== -1 && e > pos) {
          copyFrom = pos = e; // skip a non-empty match
        } else {
          // the byte at pos stays in the pending unmatched text (and, after a failure, the
          // bytes up to the end of the first item's run: they can not start a match either)
          if (e === -1 && ms.runEnd > pos) pos = ms.runEnd;
          if (pos < srcEnd) pos++;
          else break;
        }
        if (anchor) break;
      }
    }
  } catch (e) {
    throw toLuaError(e); // errors of replacement functions pass through unchanged
  }
  ms.steps += outLen;
  ms.flush();
  if (n === 0) return new Multi([src, 0]);
  if (copyFrom < srcEnd) append(src.slice(copyFrom));
  return new Multi([parts.length === 1 ? parts[0] : parts.join(""), n]);
}

// ---------------------------------------------------------------- the table

export function makeStringLib(): LuaTable {
  const t = new LuaTable();
  const fns: Record<string, (...args: any[]) => unknown> = {
    byte,
    char,
    find,
    format: strFormat,
    gmatch,
    gsub,
    len,
    lower,
    match: strMatch,
    rep,
    reverse,
    sub,
    upper,
    contains,
    startswith,
    endswith,
  };
  for (const name of Object.keys(fns)) t.set(name, fns[name]);
  return t;
}

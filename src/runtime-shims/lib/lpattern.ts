// Lua 5.1 patterns: a port of the backtracking matcher of lstrlib.c (5.1.5), working on
// byte strings (JS strings whose char codes are 0..255). Never translated to RegExp: the
// semantics (%b, %f, back-references, position captures, Lua's greedy rules) differ.
//
// Positions are 0-based indices into the subject; functions return the end index of a
// match or -1 for "no match" (lstrlib's NULL).
//
// Like the C code, a pattern ends at its first NUL byte (5.1 treats it as a C string),
// which is why %z exists.
//
// Two guards that lua5.1 lacks: recursion is bounded by MAX_MATCH_DEPTH ("pattern too
// complex", the limit and message of Lua 5.2+ and LuaJIT 2.1), so a hostile pattern can not
// overflow the JS stack; and the work done is charged to the instruction budget.
import { rtError } from "../errors.js";
import { charge } from "../limits.js";
import { numberToString } from "../number.js";

/**
 * A pattern error raised inside the matcher. The library turns it into the Lua error at
 * its entry point (toLuaError): the matcher may be hundreds of JS frames deep, too deep
 * for the error position to be found from there.
 */
export class PatternError {
  constructor(readonly message: string) {}
}

/** Convert a PatternError into the Lua error raised at the caller's position. */
export function toLuaError(e: unknown): unknown {
  return e instanceof PatternError ? rtError(e.message) : e;
}

export const MAX_CAPTURES = 32; // LUA_MAXCAPTURES
export const MAX_MATCH_DEPTH = 200; // MAXCCALLS of Lua 5.2+ / LJ_MAX_XLEVEL of LuaJIT

const CAP_UNFINISHED = -1;
const CAP_POSITION = -2;

/** Match steps per budget unit; steps are flushed to `charge` in batches. */
const STEPS_PER_UNIT = 8;
const STEP_BATCH = 1024;

// Pattern syntax characters.
const ESC = 37; // %
const LPAREN = 40; // (
const RPAREN = 41; // )
const LBRACKET = 91; // [
const RBRACKET = 93; // ]
const CARET = 94; // ^
const DOLLAR = 36; // $
const DOT = 46; // .
const STAR = 42; // *
const PLUS = 43; // +
const MINUS = 45; // -
const QUESTION = 63; // ?

// ---------------------------------------------------------------- C-locale ctype

const ALPHA = 1, CNTRL = 2, DIGIT = 4, LOWER = 8, PUNCT = 16, SPACE = 32, UPPER = 64, XDIGIT = 128;

/** ctype bits for bytes 0..255 in the C locale: bytes >= 128 belong to no class. */
const ctype = new Uint8Array(256);
for (let c = 0; c < 128; c++) {
  let bits = 0;
  if (c < 32 || c === 127) bits |= CNTRL;
  if (c >= 48 && c <= 57) bits |= DIGIT | XDIGIT;
  if (c >= 97 && c <= 122) bits |= LOWER | ALPHA;
  if (c >= 65 && c <= 90) bits |= UPPER | ALPHA;
  if ((c >= 97 && c <= 102) || (c >= 65 && c <= 70)) bits |= XDIGIT;
  if (c === 32 || (c >= 9 && c <= 13)) bits |= SPACE;
  if (c > 32 && c < 127 && !(bits & (ALPHA | DIGIT))) bits |= PUNCT;
  ctype[c] = bits;
}

/** lstrlib's match_class, computed once: does byte c belong to class letter cl? */
function classContains(c: number, cl: number): boolean {
  let res: boolean;
  switch (cl | 0x20) { // tolower for letters
    case 97: res = (ctype[c] & ALPHA) !== 0; break; // a
    case 99: res = (ctype[c] & CNTRL) !== 0; break; // c
    case 100: res = (ctype[c] & DIGIT) !== 0; break; // d
    case 108: res = (ctype[c] & LOWER) !== 0; break; // l
    case 112: res = (ctype[c] & PUNCT) !== 0; break; // p
    case 115: res = (ctype[c] & SPACE) !== 0; break; // s
    case 117: res = (ctype[c] & UPPER) !== 0; break; // u
    case 119: res = (ctype[c] & (ALPHA | DIGIT)) !== 0; break; // w
    case 120: res = (ctype[c] & XDIGIT) !== 0; break; // x
    case 122: res = c === 0; break; // z (5.1)
    default: return cl === c;
  }
  // only the class letters reach here (each has bit 0x20 set): lower case = the class,
  // upper case = its complement
  return (ctype[cl] & LOWER) !== 0 ? res : !res;
}

/** For each byte cl after `%`: the membership table of its class, or null (a literal). */
const CLASS_TABLES: (Uint8Array | null)[] = [];
for (let cl = 0; cl < 256; cl++) {
  const isClass = "acdlpsuwxz".indexOf(String.fromCharCode(cl | 0x20)) >= 0 && (ctype[cl] & ALPHA) !== 0;
  let t: Uint8Array | null = null;
  if (isClass) {
    t = new Uint8Array(256);
    for (let c = 0; c < 256; c++) t[c] = classContains(c, cl) ? 1 : 0;
  }
  CLASS_TABLES.push(t);
}

/** Does byte c match `%cl`? */
function matchClass(c: number, cl: number): boolean {
  const t = CLASS_TABLES[cl];
  return t === null ? cl === c : t[c] === 1;
}

// ---------------------------------------------------------------- match state

export class MatchState {
  /** Subject string and its length. */
  readonly src: string;
  readonly srcEnd: number;
  /** Pattern and its effective end (first NUL, as the C code sees it). */
  readonly pat: string;
  readonly patEnd: number;
  /** Number of captures (finished or not). */
  level = 0;
  readonly capStart: number[] = [];
  readonly capLen: number[] = [];
  /** Remaining recursion allowance. */
  depth = MAX_MATCH_DEPTH;
  /** Work not yet charged to the budget. */
  steps = 0;

  /** The first item every match must begin with: pattern [skipP, skipEp), or skipP -1. */
  private skipP = -1;
  private skipEp = 0;
  /** ...and when that item is one literal byte, the byte (searched with indexOf). */
  private skipByte = "";
  /** ...and for long subjects, a 256-entry table of the bytes that item matches. */
  private skipTable: Uint8Array | undefined = undefined;

  constructor(src: string, pat: string) {
    this.src = src;
    this.srcEnd = src.length;
    this.pat = pat;
    const nul = pat.indexOf("\0");
    this.patEnd = nul < 0 ? pat.length : nul;
  }

  /**
   * Prepare nextStart() for searches with the pattern starting at p. When every match
   * must begin with one byte of a known class, the search loops can skip positions that
   * cannot start a match without running the matcher there (lstrlib tries each one; the
   * results are the same).
   */
  prepareSkip(p: number): void {
    this.skipP = -1;
    this.skipByte = "";
    this.skipTable = undefined;
    const pat = this.pat;
    const end = this.patEnd;
    while (p < end && pat.charCodeAt(p) === LPAREN) p += pat.charCodeAt(p + 1) === RPAREN ? 2 : 1;
    if (p >= end) return;
    const c = pat.charCodeAt(p);
    let ep = p + 1;
    if (c === ESC) {
      if (p + 1 >= end) return; // malformed: the matcher reports it
      const k = pat.charCodeAt(p + 1);
      if (k === 98) { // %bxy starts with x
        if (p + 3 < end) {
          this.skipP = p;
          this.skipByte = pat[p + 2];
        }
        return;
      }
      if (k === 102 || (k >= 48 && k <= 57)) return; // %f, back-references
      ep = p + 2;
    } else if (c === LBRACKET) {
      try {
        ep = classEnd(this, p);
      } catch {
        return; // malformed: the matcher reports it, if it gets that far
      }
    } else if (c === DOT || c === RPAREN || (c === DOLLAR && p + 1 === end)) {
      return;
    }
    const q = ep < end ? pat.charCodeAt(ep) : 0;
    if (q === STAR || q === QUESTION || q === MINUS) return; // the item may match nothing
    this.skipP = p;
    this.skipEp = ep;
    if (ep === p + 1 && c !== LBRACKET) this.skipByte = pat[p];
  }

  /** The first position >= s where a match may begin, or -1 (see prepareSkip). */
  nextStart(s: number): number {
    if (this.skipP < 0) return s;
    const src = this.src;
    if (this.skipByte !== "") {
      const k = src.indexOf(this.skipByte, s);
      this.steps += (k < 0 ? this.srcEnd : k) - s;
      return k;
    }
    const end = this.srcEnd;
    let i = s;
    if (end - s > 64) {
      // a long scan: tabulate the first item's class once
      let table = this.skipTable;
      if (table === undefined) {
        table = this.skipTable = new Uint8Array(256);
        for (let c = 0; c < 256; c++) table[c] = singleMatch(this, c, this.skipP, this.skipEp) ? 1 : 0;
      }
      while (i < end && table[src.charCodeAt(i)] === 0) i++;
    } else {
      const p = this.skipP;
      const ep = this.skipEp;
      while (i < end && !singleMatch(this, src.charCodeAt(i), p, ep)) i++;
    }
    this.steps += i - s;
    return i < end ? i : -1;
  }

  /** Charge the work done so far (call at the end of each library call). */
  flush(): void {
    if (this.steps > 0) {
      charge(this.steps / STEPS_PER_UNIT);
      this.steps = 0;
    }
  }

  /** The i-th capture (push_onecapture): a string, or a position for `()`. */
  capture(i: number, s: number, e: number): string | number {
    if (i >= this.level) {
      if (i === 0) return this.src.slice(s, e); // no captures: the whole match
      throw new PatternError("invalid capture index");
    }
    const l = this.capLen[i];
    if (l === CAP_UNFINISHED) throw new PatternError("unfinished capture");
    if (l === CAP_POSITION) return this.capStart[i] + 1;
    const start = this.capStart[i];
    return this.src.slice(start, start + l);
  }

  /**
   * All captures of a match (push_captures). With `wholeIfNone` a pattern without
   * captures yields the whole match (match/gmatch/gsub); find passes false.
   */
  captures(s: number, e: number, wholeIfNone: boolean): (string | number)[] {
    const n = this.level === 0 && wholeIfNone ? 1 : this.level;
    const out: (string | number)[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = this.capture(i, s, e);
    return out;
  }
}

/** Pattern characters that make find/match use the matcher (lstrlib's SPECIALS). */
const SPECIALS = "^$*+?.([%-";

/** True when p, up to its first NUL (strpbrk semantics), has no special character. */
export function noSpecials(p: string): boolean {
  for (let i = 0; i < p.length; i++) {
    const c = p.charCodeAt(i);
    if (c === 0) return true;
    if (c < 128 && SPECIALS.indexOf(p[i]) >= 0) return false;
  }
  return true;
}

/**
 * True when the matcher would treat every byte of p as a literal: match and gsub may then
 * search with indexOf. Unlike noSpecials this rejects `)` (an error for the matcher), NUL
 * (the pattern would end there) and the empty pattern (it matches everywhere).
 */
export function isLiteralPattern(p: string): boolean {
  return p.length > 0 && noSpecials(p) && p.indexOf(")") < 0 && p.indexOf("\0") < 0;
}

// ---------------------------------------------------------------- the matcher

/** Index just past the single-char class starting at p (classend). */
function classEnd(ms: MatchState, p: number): number {
  const pat = ms.pat;
  const c = pat.charCodeAt(p++);
  if (c === ESC) {
    if (p >= ms.patEnd) throw new PatternError("malformed pattern (ends with '%')");
    return p + 1;
  }
  if (c === LBRACKET) {
    if (p < ms.patEnd && pat.charCodeAt(p) === CARET) p++;
    // The first character after `[` (or `[^`) is part of the set even if it is `]`.
    do {
      if (p >= ms.patEnd) throw new PatternError("malformed pattern (missing ']')");
      const cc = pat.charCodeAt(p++);
      if (cc === ESC && p < ms.patEnd) p++; // skip escapes such as `%]`
    } while (p >= ms.patEnd || pat.charCodeAt(p) !== RBRACKET);
    return p + 1;
  }
  return p;
}

/** Does byte c match the set `[...]` spanning p (at `[`) .. ec (at `]`)? */
function matchBracketClass(ms: MatchState, c: number, p: number, ec: number): boolean {
  const pat = ms.pat;
  let sig = true;
  if (pat.charCodeAt(p + 1) === CARET) {
    sig = false;
    p++;
  }
  while (++p < ec) {
    const pc = pat.charCodeAt(p);
    if (pc === ESC) {
      p++;
      if (matchClass(c, pat.charCodeAt(p))) return sig;
    } else if (pat.charCodeAt(p + 1) === MINUS && p + 2 < ec) {
      p += 2;
      if (pc <= c && c <= pat.charCodeAt(p)) return sig;
    } else if (pc === c) {
      return sig;
    }
  }
  return !sig;
}

/** Does byte c match the single-char class at p (ending before ep)? */
function singleMatch(ms: MatchState, c: number, p: number, ep: number): boolean {
  const pc = ms.pat.charCodeAt(p);
  switch (pc) {
    case DOT: return true;
    case ESC: return matchClass(c, ms.pat.charCodeAt(p + 1));
    case LBRACKET: return matchBracketClass(ms, c, p, ep - 1);
    default: return pc === c;
  }
}

/** %bxy at p (p points at x). */
function matchBalance(ms: MatchState, s: number, p: number): number {
  if (p + 1 >= ms.patEnd) throw new PatternError("unbalanced pattern");
  const src = ms.src;
  if (s >= ms.srcEnd || src.charCodeAt(s) !== ms.pat.charCodeAt(p)) return -1;
  const open = ms.pat.charCodeAt(p);
  const close = ms.pat.charCodeAt(p + 1);
  const start = s;
  let depth = 1;
  while (++s < ms.srcEnd) {
    const c = src.charCodeAt(s);
    if (c === close) {
      if (--depth === 0) {
        ms.steps += s - start;
        return s + 1;
      }
    } else if (c === open) {
      depth++;
    }
  }
  ms.steps += s - start;
  return -1; // the subject ends out of balance
}

/** Greedy repetition (`*`, and `+` after its first item). */
function maxExpand(ms: MatchState, s: number, p: number, ep: number): number {
  const src = ms.src;
  const end = ms.srcEnd;
  let i = 0;
  while (s + i < end && singleMatch(ms, src.charCodeAt(s + i), p, ep)) i++;
  ms.steps += i;
  // try the rest of the pattern with the most repetitions first
  while (i >= 0) {
    const res = match(ms, s + i, ep + 1);
    if (res !== -1) return res;
    i--;
  }
  return -1;
}

/** Lazy repetition (`-`). */
function minExpand(ms: MatchState, s: number, p: number, ep: number): number {
  for (;;) {
    const res = match(ms, s, ep + 1);
    if (res !== -1) return res;
    if (s < ms.srcEnd && singleMatch(ms, ms.src.charCodeAt(s), p, ep)) s++;
    else return -1;
  }
}

function startCapture(ms: MatchState, s: number, p: number, what: number): number {
  const level = ms.level;
  if (level >= MAX_CAPTURES) throw new PatternError("too many captures");
  ms.capStart[level] = s;
  ms.capLen[level] = what;
  ms.level = level + 1;
  const res = match(ms, s, p);
  if (res === -1) ms.level--; // undo the capture
  return res;
}

function endCapture(ms: MatchState, s: number, p: number): number {
  const l = captureToClose(ms);
  ms.capLen[l] = s - ms.capStart[l];
  const res = match(ms, s, p);
  if (res === -1) ms.capLen[l] = CAP_UNFINISHED; // undo the close
  return res;
}

function captureToClose(ms: MatchState): number {
  for (let level = ms.level - 1; level >= 0; level--) {
    if (ms.capLen[level] === CAP_UNFINISHED) return level;
  }
  throw new PatternError("invalid pattern capture");
}

/** Back-reference %1..%9; `digit` is the char code after `%`. */
function matchCapture(ms: MatchState, s: number, digit: number): number {
  const l = digit - 49; // '1'
  if (l < 0 || l >= ms.level || ms.capLen[l] === CAP_UNFINISHED) {
    throw new PatternError("invalid capture index");
  }
  const len = ms.capLen[l];
  // A position capture has a "length" of (size_t)-2 in C: the comparison always fails.
  if (len === CAP_POSITION || ms.srcEnd - s < len) return -1;
  const src = ms.src;
  const init = ms.capStart[l];
  for (let k = 0; k < len; k++) {
    if (src.charCodeAt(init + k) !== src.charCodeAt(s + k)) return -1;
  }
  ms.steps += len;
  return s + len;
}

/** Match pattern from index p against the subject from index s: end index or -1. */
export function match(ms: MatchState, s: number, p: number): number {
  if (ms.depth-- === 0) throw new PatternError("pattern too complex");
  if (++ms.steps >= STEP_BATCH) ms.flush();
  const res = matchBody(ms, s, p);
  ms.depth++;
  return res;
}

function matchBody(ms: MatchState, s: number, p: number): number {
  const pat = ms.pat;
  const patEnd = ms.patEnd;
  // The loop replaces the tail calls of the C code (its `goto init`).
  for (;;) {
    if (p >= patEnd) return s; // end of pattern: match succeeded
    const pc = pat.charCodeAt(p);
    switch (pc) {
      case LPAREN:
        if (pat.charCodeAt(p + 1) === RPAREN) return startCapture(ms, s, p + 2, CAP_POSITION);
        return startCapture(ms, s, p + 1, CAP_UNFINISHED);
      case RPAREN:
        return endCapture(ms, s, p + 1);
      case DOLLAR:
        if (p + 1 === patEnd) return s === ms.srcEnd ? s : -1;
        break; // a `$` elsewhere is an ordinary character
      case ESC: {
        const next = p + 1 < patEnd ? pat.charCodeAt(p + 1) : 0;
        if (next === 98) { // %b
          s = matchBalance(ms, s, p + 2);
          if (s === -1) return -1;
          p += 4;
          continue;
        }
        if (next === 102) { // %f
          p += 2;
          if (p >= patEnd || pat.charCodeAt(p) !== LBRACKET) {
            throw new PatternError("missing '[' after '%f' in pattern");
          }
          const ep = classEnd(ms, p);
          // before the subject and at its end, C sees the byte '\0'
          const prev = s === 0 ? 0 : ms.src.charCodeAt(s - 1);
          const cur = s < ms.srcEnd ? ms.src.charCodeAt(s) : 0;
          if (matchBracketClass(ms, prev, p, ep - 1) || !matchBracketClass(ms, cur, p, ep - 1)) return -1;
          p = ep;
          continue;
        }
        if (next >= 48 && next <= 57) { // %0-%9: back-reference
          s = matchCapture(ms, s, next);
          if (s === -1) return -1;
          p += 2;
          continue;
        }
        break; // an escaped class: a pattern item
      }
    }
    // A single-char class, maybe followed by a repetition suffix.
    const ep = classEnd(ms, p);
    const m = s < ms.srcEnd && singleMatch(ms, ms.src.charCodeAt(s), p, ep);
    const suffix = ep < patEnd ? pat.charCodeAt(ep) : 0;
    switch (suffix) {
      case QUESTION: {
        if (m) {
          const res = match(ms, s + 1, ep + 1);
          if (res !== -1) return res;
        }
        p = ep + 1;
        continue;
      }
      case STAR:
        return maxExpand(ms, s, p, ep);
      case PLUS:
        return m ? maxExpand(ms, s + 1, p, ep) : -1;
      case MINUS:
        return minExpand(ms, s, p, ep);
      default:
        if (!m) return -1;
        ms.steps++;
        s++;
        p = ep;
    }
  }
}

/** A capture value as the string it contributes to gsub's output (numbers via %.14g). */
export function captureText(v: string | number): string {
  return typeof v === "string" ? v : numberToString(v);
}

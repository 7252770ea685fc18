// Lua 5.1 patterns: the backtracking matcher of lstrlib.c (5.1.5), working on byte strings
// (JS strings whose char codes are 0..255). Never translated to RegExp: the semantics (%b,
// %f, back-references, position captures, Lua's greedy rules) differ.
//
// A pattern is compiled once (and cached by its text) into a list of items, each a
// single-char class with a 256-entry membership table and its repetition suffix, or a
// capture bracket, `%b`, `%f`, a back-reference or the final `$`. The matcher walks the
// items exactly as lstrlib walks the pattern text: the same recursion (one nested `match`
// per capture bracket, `?`, `*`, `+` and `-` attempt), so the same results, the same errors
// and the same recursion depth. A malformed item is compiled into an error item raised
// when the matcher reaches it, as lstrlib reports it only then.
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
//
// Shortcuts that give lstrlib's results without doing all of its work:
//   - "guards": when every match of the rest of the pattern from item k must begin with a
//     byte of a known set (after only capture brackets that can not fail), an attempt at a
//     position whose byte is not in the set is not made: it would fail (or, with too little
//     depth left, raise "pattern too complex", which the shortcut raises too);
//   - searches jump to where a match can begin: indexOf for a literal prefix, a table scan
//     for the first item's class;
//   - after a failed attempt that began with a repetition (`%w+...`), the starts inside
//     that repetition's run are not tried (MatchState.runEnd);
//   - a repetition of `.` or of a set of all bytes but one (`[^\n]+`) finds the end of its
//     run at once (Pattern.runTo).
// Patterns are compiled a chunk of items at a time, as far as the matcher gets, so a huge
// pattern costs memory in proportion to the part used; compiling is charged to the budget.
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

/** `.`: every byte. */
const ANY = new Uint8Array(256).fill(1);
/** No byte (a pattern char beyond 255, which no byte string contains). */
const NOTHING = new Uint8Array(256);
/** The one-byte tables of literal characters, made on first use. */
const LITERAL_TABLES: (Uint8Array | undefined)[] = new Array(256).fill(undefined);

function literalTable(c: number): Uint8Array {
  if (c > 255) return NOTHING;
  let t = LITERAL_TABLES[c];
  if (t === undefined) {
    t = new Uint8Array(256);
    t[c] = 1;
    LITERAL_TABLES[c] = t;
  }
  return t;
}

/** The table of `%cl` (a class letter, or any other byte as a literal). */
function escapeTable(cl: number): Uint8Array {
  return (cl < 256 ? CLASS_TABLES[cl] : null) ?? literalTable(cl);
}

// ---------------------------------------------------------------- pattern text checks

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

// ---------------------------------------------------------------- compiled patterns

// Item kinds.
const K_END = 0; // end of the pattern: the match succeeds
const K_SINGLE = 1; // a single-char class, with a repetition suffix (quant)
const K_OPEN = 2; // `(`
const K_POSOPEN = 3; // `()`
const K_CLOSE = 4; // `)`
const K_EOS = 5; // `$` at the end of the pattern
const K_BALANCE = 6; // %bxy
const K_FRONTIER = 7; // %f[set]
const K_BACKREF = 8; // %0-%9
const K_ERROR = 9; // a malformed item: raises `error` when reached
const K_MORE = 10; // the rest of the pattern is not compiled yet

// Repetition suffixes of K_SINGLE.
const Q_ONE = 0;
const Q_OPT = 1; // ?
const Q_STAR = 2; // *
const Q_PLUS = 3; // +
const Q_LAZY = 4; // -

// How a repetition finds the end of its run (Pattern.runTo).
const RUN_SCAN = -1;
const RUN_ALL = -2;

/** One-byte strings, for indexOf. */
const BYTE_STRINGS: string[] = [];
for (let c = 0; c < 256; c++) BYTE_STRINGS.push(String.fromCharCode(c));

/** The Pattern.runTo of a repeated set. */
function runOf(set: Uint8Array): number {
  if (set === ANY) return RUN_ALL;
  let missing = -1;
  for (let c = 0; c < 256; c++) {
    if (set[c] === 0) {
      if (missing >= 0) return RUN_SCAN;
      missing = c;
    }
  }
  return missing >= 0 ? missing : RUN_ALL;
}

/** Scratch of Pattern.compileChunk: per new item, its guard's byte when it is one literal. */
const gcharScratch: number[] = [];

/**
 * Items compiled at a time. A pattern is compiled as far as the matcher gets, so a huge
 * pattern costs memory in proportion to the part that is used, as the C code costs none.
 */
const CHUNK_ITEMS = 256;

/**
 * A compiled pattern: parallel arrays indexed by item, ending with K_END, or with K_MORE
 * while the rest of the pattern text is not compiled yet (see compileChunk).
 */
export class Pattern {
  /** Item kinds. */
  readonly kind: number[] = [];
  /** K_SINGLE: repetition suffix. */
  readonly quant: number[] = [];
  /** K_SINGLE and K_FRONTIER: membership table (ANY for other items). */
  readonly set: Uint8Array[] = [];
  /** K_BALANCE: the opening byte; K_BACKREF: the digit's char code; K_CLOSE: the capture it closes. */
  readonly arg: number[] = [];
  /** K_BALANCE: the closing byte. */
  readonly arg2: number[] = [];
  /**
   * guard[k]: the bytes every match of the items from k must begin with (null: unknown or
   * may be empty), and gcalls[k] the `match` calls an attempt makes before failing there.
   */
  readonly guard: (Uint8Array | null)[] = [];
  readonly gcalls: number[] = [];
  /**
   * K_SINGLE: how a repetition finds the end of its run: RUN_SCAN (test each byte),
   * RUN_ALL (`.`: to the end of the subject) or, for a set of every byte but one, that
   * byte (searched with indexOf).
   */
  readonly runTo: number[] = [];
  /** The message of the K_ERROR item. */
  error = "";
  /** Literal text every match begins with (searched with indexOf), or "". */
  prefix = "";
  /** Otherwise the table of bytes a match can begin with, or null. */
  first: Uint8Array | null = null;
  /** noSpecials and isLiteralPattern of the pattern text. */
  readonly noSpecials: boolean;
  readonly literal: boolean;

  // Compiler state: the pattern text, its effective end (the first NUL, as the C code sees
  // it), where compiling stopped, the captures opened so far (ms->level at that item) and
  // the unfinished ones.
  private readonly pat: string;
  private readonly end: number;
  private p: number;
  private level = 0;
  private readonly open: number[] = [];

  constructor(pat: string, p: number) {
    this.pat = pat;
    const nul = pat.indexOf("\0");
    this.end = nul < 0 ? pat.length : nul;
    this.p = p;
    this.noSpecials = noSpecials(pat);
    this.literal = this.noSpecials && pat.length > 0 && nul < 0 && pat.indexOf(")") < 0;
    this.compileChunk();
    this.findStart();
  }

  /** Compile the next items (replacing the K_MORE item at the end). */
  compileChunk(): void {
    const pat = this.pat;
    const end = this.end;
    let p = this.p;
    charge(1 + Math.floor(Math.min(end - p, CHUNK_ITEMS * 4) / STEPS_PER_UNIT));
    if (this.kind.length > 0) this.pop(); // the K_MORE placeholder
    const first = this.kind.length;
    const limit = first + CHUNK_ITEMS;
    const lits: number[] = []; // per new item: its one literal byte, or -1
    const safe: boolean[] = []; // per new item: a capture bracket that can never raise an error
    const item = (kind: number, set: Uint8Array, quant: number, arg: number, arg2: number, lit: number, ok: boolean) => {
      this.kind.push(kind);
      this.set.push(set);
      this.quant.push(quant);
      this.arg.push(arg);
      this.arg2.push(arg2);
      this.guard.push(null);
      this.gcalls.push(0);
      this.runTo.push(set === ANY ? RUN_ALL : RUN_SCAN);
      lits.push(lit);
      safe.push(ok);
    };
    try {
      while (p < end && this.kind.length < limit) {
        const c = pat.charCodeAt(p);
        if (c === LPAREN) {
          const pos = pat.charCodeAt(p + 1) === RPAREN;
          item(pos ? K_POSOPEN : K_OPEN, ANY, 0, 0, 0, -1, this.level < MAX_CAPTURES);
          if (!pos) this.open.push(this.level);
          this.level++;
          p += pos ? 2 : 1;
          continue;
        }
        if (c === RPAREN) {
          const ok = this.open.length > 0;
          item(K_CLOSE, ANY, 0, ok ? this.open.pop()! : -1, 0, -1, ok);
          p++;
          continue;
        }
        if (c === DOLLAR && p + 1 === end) {
          item(K_EOS, ANY, 0, 0, 0, -1, false);
          p++;
          continue;
        }
        if (c === ESC) {
          const next = p + 1 < end ? pat.charCodeAt(p + 1) : 0;
          if (next === 98) { // %b
            if (p + 3 >= end) throw new PatternError("unbalanced pattern");
            item(K_BALANCE, ANY, 0, pat.charCodeAt(p + 2), pat.charCodeAt(p + 3), -1, false);
            p += 4;
            continue;
          }
          if (next === 102) { // %f
            p += 2;
            if (p >= end || pat.charCodeAt(p) !== LBRACKET) {
              throw new PatternError("missing '[' after '%f' in pattern");
            }
            const ep = classEnd(pat, p, end);
            item(K_FRONTIER, bracketTable(pat, p, ep - 1), 0, 0, 0, -1, false);
            p = ep;
            continue;
          }
          if (next >= 48 && next <= 57) { // %0-%9: back-reference
            item(K_BACKREF, ANY, 0, next, 0, -1, false);
            p += 2;
            continue;
          }
          // an escaped class: a pattern item
        }
        // A single-char class, maybe followed by a repetition suffix.
        const ep = classEnd(pat, p, end);
        let set: Uint8Array;
        let lit = -1;
        if (c === DOT) {
          set = ANY;
        } else if (c === ESC) {
          const cl = pat.charCodeAt(p + 1);
          set = escapeTable(cl);
          if (set !== CLASS_TABLES[cl]) lit = cl;
        } else if (c === LBRACKET) {
          set = bracketTable(pat, p, ep - 1);
        } else {
          set = literalTable(c);
          lit = c;
        }
        const suffix = ep < end ? pat.charCodeAt(ep) : 0;
        const quant = suffix === QUESTION ? Q_OPT : suffix === STAR ? Q_STAR : suffix === PLUS ? Q_PLUS : suffix === MINUS ? Q_LAZY : Q_ONE;
        item(K_SINGLE, set, quant, 0, 0, lit, false);
        if (quant === Q_STAR || quant === Q_PLUS) this.runTo[this.runTo.length - 1] = runOf(set);
        p = quant === Q_ONE ? ep : ep + 1;
      }
      item(p < end ? K_MORE : K_END, ANY, 0, 0, 0, -1, false);
    } catch (e) {
      if (!(e instanceof PatternError)) throw e;
      this.error = e.message;
      item(K_ERROR, ANY, 0, 0, 0, -1, false);
      item(K_END, ANY, 0, 0, 0, -1, false);
      p = end;
    }
    this.p = p;

    // Guards of the new items, from the last: an item that must consume a byte, or a
    // capture bracket that can not fail in front of a guarded item. (The items of earlier
    // chunks keep theirs: a guard missing is only a shortcut missed.)
    const gchar = gcharScratch;
    for (let k = this.kind.length - 2; k >= first; k--) {
      const i = k - first;
      const kind = this.kind[k];
      gchar[i] = -1;
      if (kind === K_SINGLE && (this.quant[k] === Q_ONE || this.quant[k] === Q_PLUS)) {
        if (this.set[k] !== ANY) {
          this.guard[k] = this.set[k];
          this.gcalls[k] = 1;
          gchar[i] = lits[i];
        }
      } else if (kind === K_BALANCE) {
        if (this.arg[k] < 256) {
          this.guard[k] = literalTable(this.arg[k]);
          this.gcalls[k] = 1;
          gchar[i] = this.arg[k];
        }
      } else if ((kind === K_OPEN || kind === K_POSOPEN || kind === K_CLOSE) && safe[i] && this.guard[k + 1] !== null) {
        this.guard[k] = this.guard[k + 1];
        this.gcalls[k] = this.gcalls[k + 1] + 1;
        gchar[i] = gchar[i + 1];
      }
    }
    if (first === 0) this.firstLits = lits;
    if (first === 0) this.firstSafe = safe;
  }

  private firstLits: number[] = [];
  private firstSafe: boolean[] = [];

  /** Where a (non-anchored) search can begin: a literal prefix, else the first guard. */
  private findStart(): void {
    const lits = this.firstLits;
    const safe = this.firstSafe;
    let prefix = "";
    for (let k = 0; k < lits.length; k++) {
      const kind = this.kind[k];
      if (kind === K_OPEN || kind === K_POSOPEN || kind === K_CLOSE) {
        if (!safe[k]) break;
      } else if (kind === K_SINGLE && this.quant[k] === Q_ONE && lits[k] >= 0) {
        prefix += String.fromCharCode(lits[k]);
      } else {
        break;
      }
    }
    if (prefix === "" && this.kind.length > 1 && gcharScratch[0] >= 0 && this.guard[0] !== null) {
      prefix = String.fromCharCode(gcharScratch[0]);
    }
    this.prefix = prefix;
    this.first = prefix === "" ? this.guard[0] : null;

    // runItem: see MatchState.runEnd
    let k = 0;
    while (k < lits.length && (this.kind[k] === K_OPEN || this.kind[k] === K_POSOPEN || this.kind[k] === K_CLOSE) && safe[k]) k++;
    if (k < lits.length && this.kind[k] === K_SINGLE && this.quant[k] !== Q_ONE && this.quant[k] !== Q_OPT &&
        this.kind.indexOf(K_BACKREF) < 0 && this.kind.indexOf(K_MORE) < 0) {
      this.runItem = k;
    }
    this.firstLits = [];
    this.firstSafe = [];
  }

  /**
   * The index of the first item when every match must begin with it, it is a `*`, `+` or
   * `-` repetition, and the pattern has no back-reference (nor parts not compiled yet);
   * else -1.
   */
  runItem = -1;

  private pop(): void {
    this.kind.pop();
    this.set.pop();
    this.quant.pop();
    this.arg.pop();
    this.arg2.pop();
    this.guard.pop();
    this.gcalls.pop();
    this.runTo.pop();
  }
}

/** Index just past the single-char class starting at p (classend), or throws PatternError. */
function classEnd(pat: string, p: number, end: number): number {
  const c = pat.charCodeAt(p++);
  if (c === ESC) {
    if (p >= end) throw new PatternError("malformed pattern (ends with '%')");
    return p + 1;
  }
  if (c === LBRACKET) {
    if (p < end && pat.charCodeAt(p) === CARET) p++;
    // The first character after `[` (or `[^`) is part of the set even if it is `]`.
    do {
      if (p >= end) throw new PatternError("malformed pattern (missing ']')");
      const cc = pat.charCodeAt(p++);
      if (cc === ESC && p < end) p++; // skip escapes such as `%]`
    } while (p >= end || pat.charCodeAt(p) !== RBRACKET);
    return p + 1;
  }
  return p;
}

/** The membership table of the set `[...]` spanning p (at `[`) .. ec (at `]`) (matchbracketclass). */
function bracketTable(pat: string, p: number, ec: number): Uint8Array {
  const t = new Uint8Array(256);
  let sig = true;
  if (pat.charCodeAt(p + 1) === CARET) {
    sig = false;
    p++;
  }
  while (++p < ec) {
    const pc = pat.charCodeAt(p);
    if (pc === ESC) {
      p++;
      const ct = escapeTable(pat.charCodeAt(p));
      for (let c = 0; c < 256; c++) t[c] |= ct[c];
    } else if (pat.charCodeAt(p + 1) === MINUS && p + 2 < ec) {
      p += 2;
      const hi = Math.min(pat.charCodeAt(p), 255);
      for (let c = pc; c <= hi; c++) t[c] = 1;
    } else if (pc < 256) {
      t[pc] = 1;
    }
  }
  if (!sig) for (let c = 0; c < 256; c++) t[c] ^= 1;
  return t;
}

/** The empty pattern (a placeholder for searches that never run the matcher). */
export const EMPTY_PATTERN = new Pattern("", 0);

/**
 * Compiled patterns by text, for unanchored and anchored use (insertion order: the oldest
 * is evicted first); in front of them, a small direct-mapped cache indexed by the length
 * and last byte of the pattern (a pattern literal is the same string object at each call,
 * so checking a slot is one pointer comparison).
 */
const CACHE_MAX = 128;
const CACHE_KEY_MAX = 256;
const cacheFree = new Map<string, Pattern>();
const cacheAnchored = new Map<string, Pattern>();
const SLOTS = 64;
const slotKeys: string[] = new Array(SLOTS * 2).fill("");
const slotPatterns: Pattern[] = new Array(SLOTS * 2).fill(EMPTY_PATTERN);

/** Patterns longer than this are not cached (see CACHE_KEY_MAX). */
export const PATTERN_CACHE_KEY_MAX = CACHE_KEY_MAX;

/** The compiled pattern `pat`, from its second byte when `anchored` (after the `^`). */
export function compilePattern(pat: string, anchored: boolean): Pattern {
  const n = pat.length;
  const slot = ((n * 7 + (n > 0 ? pat.charCodeAt(n - 1) : 0)) & (SLOTS - 1)) + (anchored ? SLOTS : 0);
  if (slotKeys[slot] === pat) return slotPatterns[slot];
  const cache = anchored ? cacheAnchored : cacheFree;
  let prog = cache.get(pat);
  if (prog === undefined) {
    prog = new Pattern(pat, anchored ? 1 : 0);
    if (n > CACHE_KEY_MAX) return prog;
    if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
    cache.set(pat, prog);
  }
  slotKeys[slot] = pat;
  slotPatterns[slot] = prog;
  return prog;
}

// ---------------------------------------------------------------- match state

export class MatchState {
  /** Subject string and its length. */
  src: string;
  srcEnd: number;
  /** The compiled pattern. */
  prog: Pattern;
  /** Number of captures (finished or not). */
  level = 0;
  readonly capStart: number[] = [];
  readonly capLen: number[] = [];
  /** Remaining recursion allowance. */
  depth = MAX_MATCH_DEPTH;
  /** Work not yet charged to the budget. */
  steps = 0;
  /**
   * After a failed attempt: the end of the run of bytes that the pattern's first item
   * (prog.runItem) repeated over, or -1. The attempt tried the rest of the pattern at every
   * position up to there; an attempt starting inside the run would try it at some of the
   * same positions only, with the same outcome (without back-references, the rest of the
   * pattern does not depend on where the match began), so it would fail too: the search
   * loops skip to the end of the run.
   */
  runEnd = -1;

  constructor(src: string, prog: Pattern) {
    this.src = src;
    this.srcEnd = src.length;
    this.prog = prog;
  }

  /** Reuse this state for another search (find and match share one: they never re-enter). */
  reset(src: string, prog: Pattern): void {
    this.src = src;
    this.srcEnd = src.length;
    this.prog = prog;
    this.level = 0;
    this.depth = MAX_MATCH_DEPTH;
    this.steps = 0;
  }

  /**
   * The first position >= s where a match may begin, or -1. When every match must begin
   * with a known literal text or a byte of a known class, the search loops skip positions
   * that cannot start a match without running the matcher there (lstrlib tries each one;
   * the results are the same).
   */
  nextStart(s: number): number {
    const prog = this.prog;
    const src = this.src;
    if (prog.prefix !== "") {
      const k = src.indexOf(prog.prefix, s);
      this.steps += (k < 0 ? this.srcEnd : k) - s;
      return k;
    }
    const table = prog.first;
    if (table === null) return s;
    const end = this.srcEnd;
    let i = s;
    while (i < end && table[src.charCodeAt(i)] === 0) i++;
    this.steps += i - s;
    return i < end ? i : -1;
  }

  /** Charge the work done so far (call at the end of each library call). */
  flush(): void {
    const u = Math.floor(this.steps / STEPS_PER_UNIT); // whole units: the rest waits
    if (u > 0) {
      charge(u);
      this.steps -= u * STEPS_PER_UNIT;
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

// ---------------------------------------------------------------- the matcher

function tooComplex(): never {
  throw new PatternError("pattern too complex");
}

/** %bxy: the end of the balanced text at s, or -1. */
function matchBalance(ms: MatchState, s: number, open: number, close: number): number {
  const src = ms.src;
  const end = ms.srcEnd;
  if (s >= end || src.charCodeAt(s) !== open) return -1;
  const start = s;
  let depth = 1;
  while (++s < end) {
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

/**
 * The rest of a repetition: the pattern from item `next` at s. Calls match, unless the
 * rest is empty (it matches at once) or its guard rejects s.
 */
function matchRest(ms: MatchState, s: number, next: number): number {
  const prog = ms.prog;
  if (prog.kind[next] === K_END) {
    if (ms.depth === 0) tooComplex();
    ms.steps++;
    return s;
  }
  const g = prog.guard[next];
  if (g !== null && (s >= ms.srcEnd || g[ms.src.charCodeAt(s)] === 0)) {
    if (ms.depth < prog.gcalls[next]) tooComplex();
    return -1;
  }
  return match(ms, s, next);
}

/** Greedy repetition (`*`, and `+` after its first item) of item k from s. */
function maxExpand(ms: MatchState, s: number, k: number, set: Uint8Array): number {
  const src = ms.src;
  const end = ms.srcEnd;
  const prog = ms.prog;
  const run = prog.runTo[k];
  let i = s;
  if (run === RUN_SCAN) {
    while (i < end && set[src.charCodeAt(i)] === 1) i++;
  } else if (run === RUN_ALL) {
    i = end;
  } else { // every byte but one: the run ends at the next one of those
    i = src.indexOf(BYTE_STRINGS[run], s);
    if (i < 0) i = end;
  }
  ms.steps += i - s;
  const next = k + 1;
  if (k === prog.runItem) ms.runEnd = i;
  if (prog.kind[next] === K_END) { // nothing follows: the longest repetition matches
    if (ms.depth === 0) tooComplex();
    ms.steps++;
    return i;
  }
  // try the rest of the pattern with the most repetitions first
  const g = prog.guard[next];
  if (g !== null) {
    // every attempt makes gcalls[next] nested calls before it can fail at the guard
    if (ms.depth < prog.gcalls[next]) tooComplex();
    for (; i >= s; i--) {
      if (i < end && g[src.charCodeAt(i)] === 1) {
        const res = match(ms, i, next);
        if (res !== -1) return res;
      }
    }
    return -1;
  }
  for (; i >= s; i--) {
    const res = match(ms, i, next);
    if (res !== -1) return res;
  }
  return -1;
}

/** Lazy repetition (`-`) of item k from s. */
function minExpand(ms: MatchState, s: number, k: number, set: Uint8Array): number {
  const src = ms.src;
  const end = ms.srcEnd;
  const next = k + 1;
  for (;;) {
    const res = matchRest(ms, s, next);
    if (res !== -1) return res;
    if (s < end && set[src.charCodeAt(s)] === 1) {
      s++;
      ms.steps++;
    } else {
      if (k === ms.prog.runItem) ms.runEnd = s;
      return -1;
    }
  }
}

function startCapture(ms: MatchState, s: number, k: number, what: number): number {
  const level = ms.level;
  if (level >= MAX_CAPTURES) throw new PatternError("too many captures");
  ms.capStart[level] = s;
  ms.capLen[level] = what;
  ms.level = level + 1;
  const res = match(ms, s, k);
  if (res === -1) ms.level--; // undo the capture
  return res;
}

/** `)` closing capture l (-1: no capture is open). */
function endCapture(ms: MatchState, s: number, k: number, l: number): number {
  if (l < 0) throw new PatternError("invalid pattern capture");
  ms.capLen[l] = s - ms.capStart[l];
  const res = match(ms, s, k);
  if (res === -1) ms.capLen[l] = CAP_UNFINISHED; // undo the close
  return res;
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

/** Match the items from k against the subject from index s: end index or -1. */
export function match(ms: MatchState, s: number, k: number): number {
  if (ms.depth-- === 0) tooComplex();
  if (++ms.steps >= STEP_BATCH) ms.flush();
  const res = matchBody(ms, s, k);
  ms.depth++;
  return res;
}

function matchBody(ms: MatchState, s: number, k: number): number {
  const prog = ms.prog;
  const kinds = prog.kind;
  const src = ms.src;
  const end = ms.srcEnd;
  // The loop replaces the tail calls of the C code (its `goto init`).
  for (;;) {
    switch (kinds[k]) {
      case K_SINGLE: {
        const set = prog.set[k];
        const m = s < end && set[src.charCodeAt(s)] === 1;
        switch (prog.quant[k]) {
          case Q_ONE:
            if (!m) return -1;
            ms.steps++;
            s++;
            k++;
            continue;
          case Q_PLUS:
            return m ? maxExpand(ms, s + 1, k, set) : -1;
          case Q_STAR:
            return maxExpand(ms, s, k, set);
          case Q_OPT:
            if (m) {
              const res = matchRest(ms, s + 1, k + 1);
              if (res !== -1) return res;
            }
            k++;
            continue;
          default:
            return minExpand(ms, s, k, set);
        }
      }
      case K_END:
        return s;
      case K_OPEN:
        return startCapture(ms, s, k + 1, CAP_UNFINISHED);
      case K_POSOPEN:
        return startCapture(ms, s, k + 1, CAP_POSITION);
      case K_CLOSE:
        return endCapture(ms, s, k + 1, prog.arg[k]);
      case K_EOS:
        return s === end ? s : -1;
      case K_BALANCE:
        s = matchBalance(ms, s, prog.arg[k], prog.arg2[k]);
        if (s === -1) return -1;
        k++;
        continue;
      case K_FRONTIER: {
        // before the subject and at its end, C sees the byte '\0'
        const set = prog.set[k];
        const prev = s === 0 ? 0 : src.charCodeAt(s - 1);
        const cur = s < end ? src.charCodeAt(s) : 0;
        if (set[prev] === 1 || set[cur] !== 1) return -1;
        ms.steps++;
        k++;
        continue;
      }
      case K_BACKREF:
        s = matchCapture(ms, s, prog.arg[k]);
        if (s === -1) return -1;
        k++;
        continue;
      case K_MORE:
        prog.compileChunk(); // the matcher got this far: compile the next items
        continue;
      default:
        throw new PatternError(prog.error);
    }
  }
}

/** A capture value as the string it contributes to gsub's output (numbers via %.14g). */
export function captureText(v: string | number): string {
  return typeof v === "string" ? v : numberToString(v);
}

// regex.match(pattern, text): a linear-time regular expression engine over byte strings.
//
// Patterns are parsed into a Thompson NFA and run by a lazily built DFA (states are sets of
// NFA positions, built on first use and cached per pattern), so matching is O(len(text))
// steps after the DFA states it needs exist, and at most O(len(text) * len(pattern)) when
// the state cache has to be flushed. No pattern backtracks: `(a+)+$` on a long input is
// as cheap as `a+$`.
//
// Supported (the syntax of Rust's `regex` crate, byte-oriented as `regex::bytes` with
// Unicode off): literals; `.` (any byte but \n; any byte with the `s` flag); classes
// `[abc]`, `[^a-z]`, `[[:alpha:]]`, escapes inside classes; `\d \D \w \W \s \S`;
// `\n \t \r \f \v \a \e \0 \xHH \x{HH}`; escaped punctuation (`\.`, `\\`, `\[`, ...);
// anchors `^ $` (text start/end; line start/end with the `m` flag), `\A \z`, word
// boundaries `\b \B`; groups `( )`, `(?: )`, `(?P<name> )`, `(?<name> )`; flags `(?i)`,
// `(?m)`, `(?s)`, `(?U)`, `(?x)`-less combinations and `(?i: )` scoped flags; alternation `|`;
// quantifiers `* + ? {n} {n,} {n,m}` and their lazy forms (`*?` ...: the same for a yes/no
// match). Counted repetition is expanded, bounded at 1000 per quantifier and 20,000 NFA
// instructions per pattern.
//
// Rejected with a Lua error naming the construct: backreferences (`\1`, `\k<name>`),
// look-around (`(?=`, `(?!`, `(?<=`, `(?<!`), atomic groups `(?>`, possessive quantifiers
// (`a*+`), conditionals, `\p{..}` Unicode classes, `(?x)` verbose mode, and any other
// unknown escape. Compiled patterns (and the DFA states they built) are cached per isolate.
import { rtError } from "../errors.js";
import { charge } from "../limits.js";

// ---------------------------------------------------------------- byte sets

/** 256-bit byte set: 8 x 32-bit words. */
type ByteSet = Uint32Array;

function newSet(): ByteSet {
  return new Uint32Array(8);
}
function addByte(s: ByteSet, c: number): void {
  s[c >> 5] |= 1 << (c & 31);
}
function addRange(s: ByteSet, lo: number, hi: number): void {
  for (let c = lo; c <= hi; c++) addByte(s, c);
}
function hasByte(s: ByteSet, c: number): boolean {
  return (s[c >> 5] & (1 << (c & 31))) !== 0;
}
function addSet(s: ByteSet, o: ByteSet): void {
  for (let i = 0; i < 8; i++) s[i] |= o[i];
}
function negate(s: ByteSet): void {
  for (let i = 0; i < 8; i++) s[i] = ~s[i];
}
function foldCase(s: ByteSet): void {
  for (let c = 65; c <= 90; c++) {
    if (hasByte(s, c)) addByte(s, c + 32);
    if (hasByte(s, c + 32)) addByte(s, c);
  }
}

function isWordByte(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

const DIGIT = newSet();
addRange(DIGIT, 48, 57);
const WORD = newSet();
for (let c = 0; c < 256; c++) if (isWordByte(c)) addByte(WORD, c);
const SPACE = newSet();
for (const c of [9, 10, 11, 12, 13, 32]) addByte(SPACE, c);

const POSIX: Record<string, (s: ByteSet) => void> = {
  alnum: (s) => (addRange(s, 48, 57), addRange(s, 65, 90), addRange(s, 97, 122)),
  alpha: (s) => (addRange(s, 65, 90), addRange(s, 97, 122)),
  ascii: (s) => addRange(s, 0, 127),
  blank: (s) => (addByte(s, 9), addByte(s, 32)),
  cntrl: (s) => (addRange(s, 0, 31), addByte(s, 127)),
  digit: (s) => addRange(s, 48, 57),
  graph: (s) => addRange(s, 33, 126),
  lower: (s) => addRange(s, 97, 122),
  print: (s) => addRange(s, 32, 126),
  punct: (s) => (addRange(s, 33, 47), addRange(s, 58, 64), addRange(s, 91, 96), addRange(s, 123, 126)),
  space: (s) => addSet(s, SPACE),
  upper: (s) => addRange(s, 65, 90),
  word: (s) => addSet(s, WORD),
  xdigit: (s) => (addRange(s, 48, 57), addRange(s, 65, 70), addRange(s, 97, 102)),
};

// ---------------------------------------------------------------- AST

const enum A {
  TextStart,
  TextEnd,
  LineStart,
  LineEnd,
  WordB,
  NotWordB,
}

type Node =
  | { k: "set"; s: ByteSet }
  | { k: "cat"; items: Node[] }
  | { k: "alt"; items: Node[] }
  | { k: "rep"; n: Node; min: number; max: number /* -1: unbounded */ }
  | { k: "assert"; a: A }
  | { k: "empty" };

/** Thrown by the parser; turned into a Lua error naming the pattern. */
class RegexSyntax {
  constructor(readonly msg: string) {}
}

const MAX_REPEAT = 1000;
const MAX_PROGRAM = 20_000;

interface Flags {
  i: boolean;
  m: boolean;
  s: boolean;
}

class Parser {
  pos = 0;
  constructor(readonly p: string) {}

  fail(msg: string): never {
    throw new RegexSyntax(msg);
  }

  peek(): number {
    return this.pos < this.p.length ? this.p.charCodeAt(this.pos) : -1;
  }

  parse(): Node {
    const n = this.alt({ i: false, m: false, s: false });
    if (this.pos < this.p.length) this.fail("unopened group: ')'"); // only a ')' stops alt early
    return n;
  }

  alt(flags: Flags): Node {
    const items: Node[] = [];
    const f = { ...flags }; // (?i) inside a group lasts to the group's end
    for (;;) {
      items.push(this.cat(f));
      if (this.peek() === 124 /* | */) {
        this.pos++;
        continue;
      }
      break;
    }
    return items.length === 1 ? items[0] : { k: "alt", items };
  }

  cat(f: Flags): Node {
    const items: Node[] = [];
    for (;;) {
      const c = this.peek();
      if (c === -1 || c === 124 || c === 41 /* ) */) break;
      const atom = this.atom(f);
      if (atom === undefined) continue; // a flag group like (?i)
      items.push(this.quantified(atom));
    }
    if (items.length === 0) return { k: "empty" };
    return items.length === 1 ? items[0] : { k: "cat", items };
  }

  quantified(atom: Node): Node {
    let n = atom;
    for (;;) {
      const c = this.peek();
      let min: number, max: number;
      if (c === 42 /* * */) (min = 0), (max = -1), this.pos++;
      else if (c === 43 /* + */) (min = 1), (max = -1), this.pos++;
      else if (c === 63 /* ? */) (min = 0), (max = 1), this.pos++;
      else if (c === 123 /* { */) {
        const r = this.counted();
        if (r === undefined) return n; // not a quantifier: `{` is a literal (see atom)
        [min, max] = r;
      } else return n;
      if (n.k === "rep") this.fail("nested repetition operator (use a group: (a*)*)");
      if (n.k === "assert" || n.k === "empty") this.fail("repetition operator without an operand");
      const lazyOrPossessive = this.peek();
      if (lazyOrPossessive === 63) this.pos++; // lazy: the same for a yes/no match
      else if (lazyOrPossessive === 43) this.fail("possessive quantifiers are not supported");
      n = { k: "rep", n, min, max };
    }
  }

  /** {n}, {n,}, {n,m} at pos; undefined (pos unchanged) when the text is no quantifier. */
  counted(): [number, number] | undefined {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(this.p.slice(this.pos, this.pos + 24));
    if (m === null) return undefined;
    const min = Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === "" ? -1 : Number(m[3]);
    if (min > MAX_REPEAT || max > MAX_REPEAT) this.fail(`repetition count above ${MAX_REPEAT}`);
    if (max !== -1 && max < min) this.fail("invalid repetition range (min > max)");
    this.pos += m[0].length;
    return [min, max];
  }

  atom(f: Flags): Node | undefined {
    const c = this.peek();
    this.pos++;
    switch (c) {
      case 40 /* ( */:
        return this.group(f);
      case 91 /* [ */:
        return this.setNode(this.cls(f), f);
      case 46 /* . */: {
        const s = newSet();
        addRange(s, 0, 255);
        if (!f.s) s[0] &= ~(1 << 10); // not \n
        return { k: "set", s };
      }
      case 94 /* ^ */:
        return { k: "assert", a: f.m ? A.LineStart : A.TextStart };
      case 36 /* $ */:
        return { k: "assert", a: f.m ? A.LineEnd : A.TextEnd };
      case 92 /* \ */:
        return this.escape(f, false) as Node;
      case 42:
      case 43:
      case 63:
        this.fail("repetition operator without an operand");
    }
    const s = newSet();
    addByte(s, c);
    return this.setNode(s, f);
  }

  setNode(s: ByteSet, f: Flags): Node {
    if (f.i) foldCase(s);
    return { k: "set", s };
  }

  group(f: Flags): Node | undefined {
    let inner = f;
    if (this.peek() === 63 /* ? */) {
      this.pos++;
      const c = this.peek();
      if (c === 61 || c === 33) this.fail("look-ahead is not supported");
      if (c === 60 /* < */) {
        const d = this.p.charCodeAt(this.pos + 1);
        if (d === 61 || d === 33) this.fail("look-behind is not supported");
        this.name(62 /* > */);
      } else if (c === 80 /* P */) {
        this.pos++;
        if (this.peek() === 61 /* = */) this.fail("backreferences are not supported");
        if (this.peek() !== 60) this.fail("invalid named group");
        this.name(62);
      } else if (c === 62) this.fail("atomic groups are not supported");
      else if (c === 40) this.fail("conditionals are not supported");
      else if (c === 35) this.fail("comments (?#...) are not supported");
      else if (c === 39 /* ' */) this.name(39);
      else {
        // flags: (?flags) applies to the rest of the enclosing group, (?flags:...) scopes them
        const nf = { ...f };
        let on = true;
        for (;;) {
          const ch = this.peek();
          this.pos++;
          if (ch === 105) nf.i = on;
          else if (ch === 109) nf.m = on;
          else if (ch === 115) nf.s = on;
          else if (ch === 85) {
            /* U: swap greed, irrelevant for a yes/no match */
          } else if (ch === 120) this.fail("verbose mode (?x) is not supported");
          else if (ch === 45 /* - */ && on) on = false;
          else if (ch === 41 /* ) */) {
            Object.assign(f, nf); // mutates the enclosing group's flags
            return undefined;
          } else if (ch === 58 /* : */) {
            inner = nf;
            break;
          } else this.fail(ch === -1 ? "unclosed group" : `unknown group flag '${String.fromCharCode(ch)}'`);
        }
      }
    }
    const n = this.alt(inner);
    if (this.peek() !== 41) this.fail("unclosed group");
    this.pos++;
    // a group is one operand: (a*)* is a repetition of a group, not a nested repetition
    return n.k === "rep" || n.k === "assert" || n.k === "empty" ? { k: "cat", items: [n] } : n;
  }

  name(close: number): void {
    this.pos++;
    const start = this.pos;
    while (this.pos < this.p.length && this.p.charCodeAt(this.pos) !== close) this.pos++;
    if (this.pos >= this.p.length || this.pos === start) this.fail("invalid group name");
    this.pos++;
  }

  /** After a backslash. In a class, returns a set; outside, a node. */
  escape(f: Flags, inClass: boolean): Node | ByteSet {
    const c = this.peek();
    if (c === -1) this.fail("incomplete escape sequence at the end of the pattern");
    this.pos++;
    const lit = (b: number): Node | ByteSet => {
      const s = newSet();
      addByte(s, b);
      return inClass ? s : this.setNode(s, f);
    };
    const set = (base: ByteSet, neg: boolean): Node | ByteSet => {
      const s = newSet();
      addSet(s, base);
      if (neg) negate(s);
      return inClass ? s : { k: "set", s };
    };
    switch (String.fromCharCode(c)) {
      case "d": return set(DIGIT, false);
      case "D": return set(DIGIT, true);
      case "w": return set(WORD, false);
      case "W": return set(WORD, true);
      case "s": return set(SPACE, false);
      case "S": return set(SPACE, true);
      case "n": return lit(10);
      case "t": return lit(9);
      case "r": return lit(13);
      case "f": return lit(12);
      case "v": return lit(11);
      case "a": return lit(7);
      case "e": return lit(27);
      case "0": return lit(0);
      case "x": return lit(this.hex());
    }
    if (!inClass) {
      switch (String.fromCharCode(c)) {
        case "b": return { k: "assert", a: A.WordB };
        case "B": return { k: "assert", a: A.NotWordB };
        case "A": return { k: "assert", a: A.TextStart };
        case "z": return { k: "assert", a: A.TextEnd };
      }
    }
    if (c >= 49 && c <= 57) this.fail("backreferences are not supported");
    if (c === 107 /* k */) this.fail("backreferences are not supported");
    if (c === 112 || c === 80) this.fail("Unicode classes (\\p, \\P) are not supported");
    if (c === 90 || c === 71) this.fail(`\\${String.fromCharCode(c)} is not supported`);
    // escaped punctuation (any non-alphanumeric byte) is itself
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) this.fail(`unknown escape sequence \\${String.fromCharCode(c)}`);
    return lit(c);
  }

  hex(): number {
    let m = /^\{([0-9a-fA-F]{1,8})\}/.exec(this.p.slice(this.pos, this.pos + 10));
    if (m === null) m = /^([0-9a-fA-F]{2})/.exec(this.p.slice(this.pos, this.pos + 2));
    if (m === null) this.fail("invalid hexadecimal escape");
    const v = parseInt(m[1], 16);
    if (v > 255) this.fail("\\x escapes above \\xFF are not supported (patterns match bytes)");
    this.pos += m[0].length;
    return v;
  }

  /** A bracket class, after '['. */
  cls(f: Flags): ByteSet {
    const s = newSet();
    let neg = false;
    if (this.peek() === 94 /* ^ */) {
      neg = true;
      this.pos++;
    }
    let first = true;
    for (;;) {
      const c = this.peek();
      if (c === -1) this.fail("unclosed character class");
      if (c === 93 /* ] */ && !first) {
        this.pos++;
        break;
      }
      first = false;
      // [:name:]
      if (c === 91 && this.p.charCodeAt(this.pos + 1) === 58) {
        const m = /^\[:(\^?)([a-z]+):\]/.exec(this.p.slice(this.pos, this.pos + 12));
        if (m !== null) {
          const add = POSIX[m[2]];
          if (add === undefined) this.fail(`unknown POSIX class [:${m[2]}:]`);
          const ps = newSet();
          add(ps);
          if (m[1]) negate(ps);
          addSet(s, ps);
          this.pos += m[0].length;
          continue;
        }
      }
      if (c === 91 /* [ */) this.fail("nested classes and class set operations are not supported");
      let lo: number;
      this.pos++;
      if (c === 92) {
        const e = this.escape(f, true) as ByteSet;
        // a single-byte escape may start a range; a class escape (\d) may not
        let count = 0, only = -1;
        for (let b = 0; b < 256 && count < 2; b++) if (hasByte(e, b)) (count++, (only = b));
        if (count !== 1) {
          addSet(s, e);
          continue;
        }
        lo = only;
      } else lo = c;
      if (this.peek() === 45 /* - */ && this.pos + 1 < this.p.length && this.p.charCodeAt(this.pos + 1) !== 93) {
        this.pos++;
        let hi = this.peek();
        this.pos++;
        if (hi === 92) {
          const e = this.escape(f, true) as ByteSet;
          hi = -1;
          let count = 0;
          for (let b = 0; b < 256; b++) if (hasByte(e, b)) (count++, (hi = b));
          if (count !== 1) this.fail("invalid range end in character class");
        }
        if (hi < lo) this.fail("invalid range in character class (start > end)");
        addRange(s, lo, hi);
      } else addByte(s, lo);
    }
    if (f.i) foldCase(s);
    if (neg) negate(s);
    return s;
  }
}

// ---------------------------------------------------------------- NFA program

const OP_SET = 0, OP_SPLIT = 1, OP_JMP = 2, OP_ASSERT = 3, OP_MATCH = 4;

class Program {
  op: number[] = [];
  a: number[] = []; // SET: set index; SPLIT/JMP: target; ASSERT: kind
  b: number[] = []; // SPLIT: second target
  sets: ByteSet[] = [];

  emit(op: number, a = 0, b = 0): number {
    if (this.op.length >= MAX_PROGRAM) throw new RegexSyntax(`pattern too large (more than ${MAX_PROGRAM} instructions after expanding repetitions)`);
    this.op.push(op);
    this.a.push(a);
    this.b.push(b);
    return this.op.length - 1;
  }

  compile(n: Node): void {
    switch (n.k) {
      case "empty":
        return;
      case "set":
        this.sets.push(n.s);
        this.emit(OP_SET, this.sets.length - 1);
        return;
      case "assert":
        this.emit(OP_ASSERT, n.a);
        return;
      case "cat":
        for (const x of n.items) this.compile(x);
        return;
      case "alt": {
        const jumps: number[] = [];
        for (let i = 0; i < n.items.length; i++) {
          if (i < n.items.length - 1) {
            const split = this.emit(OP_SPLIT);
            this.a[split] = split + 1;
            this.compile(n.items[i]);
            jumps.push(this.emit(OP_JMP));
            this.b[split] = this.op.length;
          } else this.compile(n.items[i]);
        }
        for (const j of jumps) this.a[j] = this.op.length;
        return;
      }
      case "rep": {
        for (let i = 0; i < n.min; i++) this.compile(n.n);
        if (n.max === -1) {
          // L: split body, out; body; jmp L
          const split = this.emit(OP_SPLIT);
          this.a[split] = split + 1;
          this.compile(n.n);
          this.emit(OP_JMP, split);
          this.b[split] = this.op.length;
        } else {
          // (body (body (...)?)?)?
          const splits: number[] = [];
          for (let i = n.min; i < n.max; i++) {
            const split = this.emit(OP_SPLIT);
            this.a[split] = split + 1;
            splits.push(split);
            this.compile(n.n);
          }
          for (const s of splits) this.b[s] = this.op.length;
        }
        return;
      }
    }
  }
}

// ---------------------------------------------------------------- lazy DFA

/** Class of the byte before the current position (what assertions need to know). */
const PREV_START = 0, PREV_NL = 1, PREV_WORD = 2, PREV_OTHER = 3;

function prevClass(c: number): number {
  return c === 10 ? PREV_NL : isWordByte(c) ? PREV_WORD : PREV_OTHER;
}

const UNKNOWN = -1, MATCH = -2, DEAD = -3;
/** DFA states kept per pattern before the cache is flushed (each costs 1 KB). */
const MAX_STATES = 1024;

export class Regex {
  private readonly op: Int32Array;
  private readonly arg: Int32Array;
  private readonly arg2: Int32Array;
  private readonly sets: ByteSet[];
  private readonly n: number;
  /** A plain literal (no metacharacters): matched with indexOf. */
  readonly literal: string | undefined;
  /** Every match must start at text position 0 (leading \A or ^ without m). */
  private readonly anchored: boolean;

  // DFA: state i has seeds[i] (NFA pcs after a byte step) and prev[i]; trans[i*256+c]
  private seeds: Int32Array[] = [];
  private prev: number[] = [];
  private endAccept: number[] = []; // 0 unknown, 1 no, 2 yes
  private ids = new Map<string, number>();
  private trans = new Int32Array(0);
  private stamp: Int32Array;
  private gen = 0;
  private epoch = 0;
  private startId = -1;
  private startEpoch = -1;
  private stack: Int32Array;
  private closure: Int32Array;

  constructor(prog: Program, literal: string | undefined, anchored: boolean) {
    this.op = Int32Array.from(prog.op);
    this.arg = Int32Array.from(prog.a);
    this.arg2 = Int32Array.from(prog.b);
    this.sets = prog.sets;
    this.n = prog.op.length;
    this.literal = literal;
    this.anchored = anchored;
    this.stamp = new Int32Array(this.n);
    this.stack = new Int32Array(this.n * 3 + 4);
    this.closure = new Int32Array(this.n);
  }

  /** Number of NFA instructions (for tests and cost accounting). */
  get size(): number {
    return this.n;
  }

  private flush(): void {
    dfaTables.bytes = Math.max(0, dfaTables.bytes - this.trans.length * 4);
    this.epoch++;
    this.seeds = [];
    this.prev = [];
    this.endAccept = [];
    this.ids = new Map();
    this.trans = new Int32Array(0);
  }

  private intern(seeds: Int32Array, prev: number): number {
    const key = prev + ":" + seeds.join(",");
    const have = this.ids.get(key);
    if (have !== undefined) return have;
    if (this.seeds.length >= MAX_STATES || dfaTables.bytes > DFA_BYTES_MAX) this.flush();
    const id = this.seeds.length;
    this.seeds.push(seeds);
    this.prev.push(prev);
    this.endAccept.push(0);
    this.ids.set(key, id);
    if (this.trans.length < (id + 1) * 256) {
      const t = new Int32Array(Math.max(256, this.trans.length * 2));
      t.set(this.trans);
      t.fill(UNKNOWN, this.trans.length);
      dfaTables.bytes += (t.length - this.trans.length) * 4;
      this.trans = t;
    }
    return id;
  }

  /** Does assertion `a` hold between a byte of class `prev` and `next` (-1: end of text)? */
  private static holds(a: number, prev: number, next: number): boolean {
    switch (a) {
      case A.TextStart:
        return prev === PREV_START;
      case A.TextEnd:
        return next === -1;
      case A.LineStart:
        return prev === PREV_START || prev === PREV_NL;
      case A.LineEnd:
        return next === -1 || next === 10;
      case A.WordB:
      case A.NotWordB: {
        const b = (prev === PREV_WORD) !== (next !== -1 && isWordByte(next));
        return a === A.WordB ? b : !b;
      }
    }
    return false;
  }

  /**
   * The epsilon closure of the state's seeds (plus the start, for an unanchored search)
   * given the next byte; fills this.closure with the SET instructions reached. Returns
   * their count, or -1 when MATCH is reachable.
   */
  private close(state: number, next: number, atStart: boolean): number {
    const gen = ++this.gen;
    const stamp = this.stamp, stack = this.stack, op = this.op, arg = this.arg, arg2 = this.arg2;
    const prev = this.prev[state];
    let sp = 0, out = 0;
    const seeds = this.seeds[state];
    for (let i = seeds.length - 1; i >= 0; i--) stack[sp++] = seeds[i];
    if (atStart || !this.anchored) stack[sp++] = 0;
    charge(1 + this.n / 16);
    while (sp > 0) {
      const pc = stack[--sp];
      if (stamp[pc] === gen) continue;
      stamp[pc] = gen;
      switch (op[pc]) {
        case OP_SET:
          this.closure[out++] = pc;
          break;
        case OP_MATCH:
          return -1;
        case OP_JMP:
          stack[sp++] = arg[pc];
          break;
        case OP_SPLIT:
          stack[sp++] = arg2[pc];
          stack[sp++] = arg[pc];
          break;
        case OP_ASSERT:
          if (Regex.holds(arg[pc], prev, next)) stack[sp++] = pc + 1;
          break;
      }
    }
    return out;
  }

  private step(state: number, c: number): number {
    const atStart = this.prev[state] === PREV_START;
    const k = this.close(state, c, atStart);
    let id: number;
    if (k < 0) id = MATCH;
    else {
      const next: number[] = [];
      for (let i = 0; i < k; i++) {
        const pc = this.closure[i];
        if (hasByte(this.sets[this.arg[pc]], c)) next.push(pc + 1);
      }
      if (next.length === 0 && this.anchored) id = DEAD;
      else {
        next.sort((x, y) => x - y);
        const epoch = this.epoch;
        id = this.intern(Int32Array.from(next), prevClass(c));
        // a flush inside intern invalidated `state`: its transition is not cached
        if (this.epoch !== epoch) return id;
      }
    }
    this.trans[state * 256 + c] = id;
    return id;
  }

  private acceptsAtEnd(state: number): boolean {
    const e = this.endAccept[state];
    if (e !== 0) return e === 2;
    const yes = this.close(state, -1, this.prev[state] === PREV_START) < 0;
    this.endAccept[state] = yes ? 2 : 1;
    return yes;
  }

  /** Does the pattern match anywhere in `text` (a byte string)? */
  test(text: string): boolean {
    const len = text.length;
    if (this.literal !== undefined) {
      charge(1 + len / 16);
      return text.indexOf(this.literal) >= 0;
    }
    charge(1 + len / 8);
    if (this.startEpoch !== this.epoch) {
      this.startId = this.intern(new Int32Array(0), PREV_START);
      this.startEpoch = this.epoch;
    }
    let s = this.startId;
    let trans = this.trans;
    for (let i = 0; i < len; i++) {
      const c = text.charCodeAt(i) & 255;
      let t = trans[s * 256 + c];
      if (t < 0) {
        if (t === UNKNOWN) t = this.step(s, c);
        if (t === MATCH) return true;
        if (t === DEAD) return false;
        trans = this.trans;
      }
      s = t;
    }
    return this.acceptsAtEnd(s);
  }
}

/** Compile a pattern; throws RegexSyntax. */
function compilePattern(pattern: string): Regex {
  const ast = new Parser(pattern).parse();
  if (/^[^\\^$.|?*+()[\]{}]*$/.test(pattern)) return new Regex(new Program(), pattern, false);
  const prog = new Program();
  prog.compile(ast);
  prog.emit(OP_MATCH);
  const first = ast.k === "cat" ? ast.items[0] : ast;
  const anchored = first.k === "assert" && first.a === A.TextStart;
  return new Regex(prog, undefined, anchored);
}

// ---------------------------------------------------------------- cache and Lua entry

const CACHE_MAX = 512;
const cache = new Map<string, Regex | string>();

/**
 * Bytes of DFA transition tables built by the cached patterns of this isolate (an upper
 * bound: dropped patterns are not subtracted until the cache is cleared). Past
 * DFA_BYTES_MAX a pattern that needs a new DFA state flushes its own states first, so
 * patterns built to explode the DFA cannot fill the isolate's heap.
 */
const dfaTables = { bytes: 0 };
const DFA_BYTES_MAX = 32 * 1024 * 1024;

/** The compiled pattern (cached per isolate), or a Lua error for invalid syntax. */
export function compileRegex(pattern: string): Regex {
  let r = cache.get(pattern);
  if (r === undefined) {
    charge(1 + pattern.length);
    try {
      r = compilePattern(pattern);
    } catch (e) {
      if (!(e instanceof RegexSyntax)) throw e;
      r = e.msg;
    }
    if (cache.size >= CACHE_MAX) {
      cache.clear();
      dfaTables.bytes = 0;
    }
    cache.set(pattern, r);
  }
  if (typeof r === "string") throw rtError(`regex.match: invalid pattern '${pattern.length > 60 ? pattern.slice(0, 57) + "..." : pattern}': ${r}`);
  return r;
}

/** Entries in the per-isolate pattern cache (tests). */
export function regexCacheSize(): number {
  return cache.size;
}

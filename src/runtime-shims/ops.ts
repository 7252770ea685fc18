// Lua operators. Each exported op has a tiny number/string fast path that V8 inlines
// into the emitted code, and an out-of-line slow path for coercions and metamethods.
// `d*` arguments describe an operand for error messages ("local 'x'", "global 'f'").
import { LuaTable, Multi, first, type, addressOf, LuaFunction, epoch, markProto } from "./value.js";
import { rtError, runtimeError } from "./errors.js";
import { numberToString, stringToNumber, tobit, cpow } from "./number.js";
import { charge } from "./limits.js";

/** Per-run state the operators need: the string metatable (set by the base library). */
export const state = {
  stringMeta: undefined as LuaTable | undefined,
};

export function getMetatable(v: unknown): LuaTable | undefined {
  if (v instanceof LuaTable) return v.mt;
  if (typeof v === "string") return state.stringMeta;
  return undefined;
}

export function metaOf(v: unknown, event: string): unknown {
  const mt = v instanceof LuaTable ? v.mt : typeof v === "string" ? state.stringMeta : undefined;
  return mt === undefined ? undefined : mt.strs[event];
}

function typeError(v: unknown, op: string, desc?: string): never {
  const d = desc ? `${desc} (a ${type(v)} value)` : `a ${type(v)} value`;
  throw runtimeError(`attempt to ${op} ${d}`);
}

// ---------------------------------------------------------------- indexing

/** t[k] for any k. */
export function index(o: unknown, k: unknown, desc?: string): unknown {
  if (o instanceof LuaTable) {
    const v = o.get(k);
    if (v !== undefined || o.mt === undefined) return v;
  }
  return indexSlow(o, k, desc);
}

/** t.name: a constant string key (the emitted code has already tried the own field). */
export function indexS(o: unknown, k: string, desc?: string): unknown {
  // walk the __index chain with string lookups only (no generic key dispatch)
  for (let loop = 0; loop < 100; loop++) {
    if (!(o instanceof LuaTable)) return indexSlow(o, k, loop === 0 ? desc : undefined);
    const v = o.strs[k];
    if (v !== undefined) return v;
    const mt = o.mt;
    if (mt === undefined) return undefined;
    const h = mt.strs.__index;
    if (h === undefined) return undefined;
    if (typeof h === "function") return first(metaCall(h, o, k));
    o = h;
  }
  throw rtError("loop in gettable");
}

/** A per-site method cache of emitted code: valid while `mt` and `epoch` are unchanged. */
export interface MethodCache {
  mt: LuaTable | undefined;
  e: number;
  v: unknown;
}

export function newCache(): MethodCache {
  return { mt: undefined, e: -1, v: undefined };
}

/**
 * o:name() when the own field missed: walk the __index chain, mark every table on it (so
 * their writes bump `epoch`), and remember the result for o's metatable when the chain was
 * made of tables only.
 */
export function indexM(o: unknown, k: string, ic: MethodCache, desc?: string): unknown {
  if (!(o instanceof LuaTable)) return indexSlow(o, k, desc);
  const mt0 = o.mt;
  let t: LuaTable = o;
  for (let loop = 0; loop < 100; loop++) {
    const v = t.strs[k];
    if (v !== undefined) {
      if (t !== o && mt0 !== undefined) {
        ic.mt = mt0;
        ic.e = epoch.n;
        ic.v = v;
      }
      return v;
    }
    const mt = t.mt;
    if (mt === undefined) return undefined;
    markProto(mt);
    const h = mt.strs.__index;
    if (h === undefined) return undefined;
    if (!(h instanceof LuaTable)) return typeof h === "function" ? first(metaCall(h, t, k)) : index(h, k);
    markProto(h);
    t = h;
  }
  throw rtError("loop in gettable");
}

function indexSlow(o: unknown, k: unknown, desc?: string): unknown {
  for (let loop = 0; loop < 100; loop++) {
    let h: unknown;
    if (o instanceof LuaTable) {
      const v = o.get(k);
      if (v !== undefined) return v;
      h = o.mt === undefined ? undefined : o.mt.strs.__index;
      if (h === undefined) return undefined;
    } else {
      h = metaOf(o, "__index");
      if (h === undefined) typeError(o, "index", loop === 0 ? desc : undefined);
    }
    if (typeof h === "function") return first(metaCall(h, o, k));
    o = h;
  }
  throw rtError("loop in gettable");
}

/** t[k] = v. */
export function setindex(o: unknown, k: unknown, v: unknown, desc?: string): void {
  if (o instanceof LuaTable && o.mt === undefined) {
    if (typeof k === "string") o.set(k, v);
    else rawsetChecked(o, k, v);
    return;
  }
  setindexSlow(o, k, v, desc);
}

export function rawsetChecked(t: LuaTable, k: unknown, v: unknown): void {
  if (k === undefined) throw rtError("table index is nil");
  if (k !== k) throw rtError("table index is NaN");
  t.set(k, v);
}

function setindexSlow(o: unknown, k: unknown, v: unknown, desc?: string): void {
  for (let loop = 0; loop < 100; loop++) {
    let h: unknown;
    if (o instanceof LuaTable) {
      h = o.mt === undefined ? undefined : o.mt.strs.__newindex;
      if (h === undefined || o.get(k) !== undefined) {
        rawsetChecked(o, k, v);
        return;
      }
    } else {
      h = metaOf(o, "__newindex");
      if (h === undefined) typeError(o, "index", loop === 0 ? desc : undefined);
    }
    if (typeof h === "function") {
      metaCall(h, o, k, v);
      return;
    }
    o = h;
  }
  throw rtError("loop in settable");
}

// ---------------------------------------------------------------- calls

/** The JS function to call for value f (a function, or a table with __call). */
export function callable(f: unknown, desc?: string): LuaFunction {
  if (typeof f === "function") return f as LuaFunction;
  const h = metaOf(f, "__call");
  if (h === undefined) typeError(f, "call", desc);
  const fn = callable(h);
  return (...args: unknown[]) => metaCall(fn, f, ...args);
}

/**
 * Call any callable Lua value with the given arguments (metamethods, library use).
 * Charges one budget unit: a Lua function reached without a call in Lua source (a
 * metamethod) may be a leaf that skips its entry charge, and an exponential tree of
 * such calls would otherwise escape the instruction limit.
 */
export function call(f: unknown, ...args: unknown[]): unknown {
  charge(1);
  if (typeof f === "function") return f(...args);
  return callable(f)(...args);
}

/** A metamethod that is a function: charged like call(). */
function metaCall(h: Function, ...args: unknown[]): unknown {
  charge(1);
  return h(...args);
}

// ---------------------------------------------------------------- arithmetic

/** Lua's tonumber coercion for arithmetic: numbers, and strings that look like numbers. */
export function tonum(v: unknown): number | undefined {
  if (typeof v === "number") return v;
  if (typeof v === "string") return stringToNumber(v);
  return undefined;
}

const enum Op { Add, Sub, Mul, Div, Mod, Pow, IDiv }
const events = ["__add", "__sub", "__mul", "__div", "__mod", "__pow", "__idiv"];

export function mod(a: number, b: number): number {
  return a - Math.floor(a / b) * b;
}

function arithNum(op: Op, x: number, y: number): number {
  switch (op) {
    case Op.Add: return x + y;
    case Op.Sub: return x - y;
    case Op.Mul: return x * y;
    case Op.Div: return x / y;
    case Op.Mod: return x - Math.floor(x / y) * y;
    case Op.Pow: return cpow(x, y);
    default: return Math.floor(x / y);
  }
}

function arith(op: Op, a: unknown, b: unknown, da?: string, db?: string): unknown {
  const x = tonum(a), y = tonum(b);
  if (x !== undefined && y !== undefined) return arithNum(op, x, y);
  const ev = events[op];
  let h = metaOf(a, ev);
  if (h === undefined) h = metaOf(b, ev);
  if (h !== undefined) return first(call(h, a, b));
  if (x === undefined) typeError(a, "perform arithmetic on", da);
  return typeError(b, "perform arithmetic on", db);
}

// lua: a + b  =>  js: add(a, b)
export function add(a: unknown, b: unknown, da?: string, db?: string): unknown {
  return typeof a === "number" && typeof b === "number" ? a + b : arith(Op.Add, a, b, da, db);
}
export function sub(a: unknown, b: unknown, da?: string, db?: string): unknown {
  return typeof a === "number" && typeof b === "number" ? a - b : arith(Op.Sub, a, b, da, db);
}
export function mul(a: unknown, b: unknown, da?: string, db?: string): unknown {
  return typeof a === "number" && typeof b === "number" ? a * b : arith(Op.Mul, a, b, da, db);
}
export function div(a: unknown, b: unknown, da?: string, db?: string): unknown {
  return typeof a === "number" && typeof b === "number" ? a / b : arith(Op.Div, a, b, da, db);
}
export function modulo(a: unknown, b: unknown, da?: string, db?: string): unknown {
  if (typeof a === "number" && typeof b === "number") {
    // int32 operands, b > 0 (the common case): JS % is exact there, as Lua's formula is, and
    // V8 compiles it to integer ops (a multiply for a constant b); `+ 0` turns -0 into 0
    if ((a | 0) === a && (b | 0) === b && b > 0) {
      const r = a % b;
      return r < 0 ? r + b : r + 0;
    }
    return a - Math.floor(a / b) * b;
  }
  return arith(Op.Mod, a, b, da, db);
}
export function pow(a: unknown, b: unknown, da?: string, db?: string): unknown {
  return typeof a === "number" && typeof b === "number" ? cpow(a, b) : arith(Op.Pow, a, b, da, db);
}
export function idiv(a: unknown, b: unknown, da?: string, db?: string): unknown {
  return typeof a === "number" && typeof b === "number" ? Math.floor(a / b) : arith(Op.IDiv, a, b, da, db);
}
export function unm(a: unknown, da?: string): unknown {
  if (typeof a === "number") return -a;
  const x = tonum(a);
  if (x !== undefined) return -x;
  const h = metaOf(a, "__unm");
  if (h !== undefined) return first(call(h, a, a));
  return typeError(a, "perform arithmetic on", da);
}

// ---------------------------------------------------------------- bitwise (5.3 syntax, 32-bit as LuaJIT's bit)

function toBit(v: unknown, d?: string): number {
  const x = tonum(v);
  if (x === undefined) typeError(v, "perform bitwise operation on", d);
  return tobit(x as number);
}
export function band(a: unknown, b: unknown, da?: string, db?: string): number {
  return toBit(a, da) & toBit(b, db);
}
export function bor(a: unknown, b: unknown, da?: string, db?: string): number {
  return toBit(a, da) | toBit(b, db);
}
export function bxor(a: unknown, b: unknown, da?: string, db?: string): number {
  return toBit(a, da) ^ toBit(b, db);
}
export function shl(a: unknown, b: unknown, da?: string, db?: string): number {
  return toBit(a, da) << (toBit(b, db) & 31);
}
export function shr(a: unknown, b: unknown, da?: string, db?: string): number {
  return (toBit(a, da) >>> (toBit(b, db) & 31)) | 0;
}
export function bnot(a: unknown, da?: string): number {
  return ~toBit(a, da);
}

// ---------------------------------------------------------------- concat, length

export function tostr(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "number") return numberToString(v);
  return undefined;
}

// lua: a .. b  =>  js: concat(a, b)
export function concat(a: unknown, b: unknown, da?: string, db?: string): unknown {
  if (typeof a === "string" && typeof b === "string") return a + b;
  return concatSlow(a, b, da, db);
}

function concatSlow(a: unknown, b: unknown, da?: string, db?: string): unknown {
  const x = tostr(a), y = tostr(b);
  if (x !== undefined && y !== undefined) return x + y;
  let h = metaOf(a, "__concat");
  if (h === undefined) h = metaOf(b, "__concat");
  if (h !== undefined) return first(call(h, a, b));
  if (x === undefined) typeError(a, "concatenate", da);
  return typeError(b, "concatenate", db);
}

// lua: #a  =>  js: len(a)
export function len(a: unknown, da?: string): unknown {
  if (typeof a === "string") return a.length;
  if (a instanceof LuaTable) return a.length(); // like LuaJIT/5.1: no __len for tables
  const h = metaOf(a, "__len");
  if (h !== undefined) return first(call(h, a));
  return typeError(a, "get length of", da);
}

// ---------------------------------------------------------------- comparison

export function eq(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!(a instanceof LuaTable) || !(b instanceof LuaTable)) return false;
  const h = eqHandler(a, b);
  if (h === undefined) return false;
  const r = first(call(h, a, b));
  return r !== undefined && r !== false;
}

function eqHandler(a: LuaTable, b: LuaTable): unknown {
  const h1 = a.mt === undefined ? undefined : a.mt.strs.__eq;
  if (h1 === undefined) return undefined;
  if (a.mt === b.mt) return h1;
  const h2 = b.mt === undefined ? undefined : b.mt.strs.__eq;
  return h1 === h2 ? h1 : undefined;
}

function compareError(a: unknown, b: unknown): never {
  const ta = type(a), tb = type(b);
  if (ta === tb) throw runtimeError(`attempt to compare two ${ta} values`);
  throw runtimeError(`attempt to compare ${ta} with ${tb}`);
}

/** 5.1's call_orderTM: both operands must share the metamethod. */
function orderTM(a: unknown, b: unknown, ev: string): unknown {
  const h1 = metaOf(a, ev);
  if (h1 === undefined) return undefined;
  const h2 = metaOf(b, ev);
  return h1 === h2 ? h1 : undefined;
}

export function lt(a: unknown, b: unknown): boolean {
  if (typeof a === "number" && typeof b === "number") return a < b;
  if (typeof a === "string" && typeof b === "string") return a < b;
  if (type(a) === type(b)) {
    const h = orderTM(a, b, "__lt");
    if (h !== undefined) {
      const r = first(call(h, a, b));
      return r !== undefined && r !== false;
    }
  }
  return compareError(a, b);
}

export function le(a: unknown, b: unknown): boolean {
  if (typeof a === "number" && typeof b === "number") return a <= b;
  if (typeof a === "string" && typeof b === "string") return a <= b;
  if (type(a) === type(b)) {
    let h = orderTM(a, b, "__le");
    if (h !== undefined) {
      const r = first(call(h, a, b));
      return r !== undefined && r !== false;
    }
    h = orderTM(b, a, "__lt");
    if (h !== undefined) {
      const r = first(call(h, b, a));
      return !(r !== undefined && r !== false);
    }
  }
  return compareError(a, b);
}

// ---------------------------------------------------------------- tostring

export function tostring(v: unknown): string {
  switch (typeof v) {
    case "string":
      return v;
    case "number":
      return numberToString(v);
    case "undefined":
      return "nil";
    case "boolean":
      return v ? "true" : "false";
  }
  const h = metaOf(v, "__tostring");
  if (h !== undefined) {
    const s = first(call(h, v));
    if (typeof s !== "string") {
      if (typeof s === "number") return numberToString(s);
      throw rtError("'__tostring' must return a string");
    }
    return s;
  }
  if (v instanceof LuaTable) return "table: " + addressOf(v);
  if (typeof v === "function") return "function: " + addressOf(v);
  return type(v) + ": " + addressOf(v as object);
}

export { Multi };

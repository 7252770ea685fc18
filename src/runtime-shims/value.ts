// Lua values as they live inside the isolate.
//
//   nil      -> undefined          boolean -> boolean      number -> number (double)
//   string   -> JS string whose every char code is a byte 0..255
//   table    -> LuaTable           function -> JS function (see "Calls" below)
//
// Calls: a Lua function is a plain JS function taking its arguments positionally.
// It returns exactly one value as itself, and zero or several values as a Multi.
// So the common single-result call allocates nothing, and `return` of nothing is NONE,
// which is how select('#', f()) tells "no value" from "nil".
import { allocTable } from "./limits.js";

/** Zero or 2+ return values. Never a Lua value itself. */
export class Multi {
  constructor(readonly v: unknown[]) {}
}
export const NONE = new Multi([]);

/** First value of a call result (single-value context). */
export function first(r: unknown): unknown {
  return r instanceof Multi ? r.v[0] : r;
}

/** The i-th (0-based) value of a call result. */
export function nth(r: unknown, i: number): unknown {
  if (r instanceof Multi) return r.v[i];
  return i === 0 ? r : undefined;
}

/** A call result as an array of values (allocates; slow paths only). */
export function values(r: unknown): unknown[] {
  return r instanceof Multi ? r.v : [r];
}

/** Wrap an array of values as a call result. */
export function ret(vs: unknown[]): unknown {
  return vs.length === 1 ? vs[0] : new Multi(vs);
}

export type LuaFunction = (...args: any[]) => unknown;


let nextId = 1;

/**
 * A Lua table: an array part for keys 1..n, a null-prototype object for string keys
 * (so `__proto__` or `constructor` are ordinary keys), and a Map for every other key.
 * Invariant: arr[arr.length - 1] is never nil, and key arr.length + 1 is never in hash.
 */
/**
 * The string-keyed part of a table. Objects from Object.create(null) start in V8's
 * dictionary mode; instances of a constructor whose prototype is an empty null-prototype
 * object stay in fast mode (hidden classes, inline caches) and still have no inherited
 * keys: `__proto__`, `constructor`, `toString` are ordinary own keys.
 */
function StrStore(): void {}
StrStore.prototype = Object.create(null);

/**
 * The Function constructor, kept by the runtime before index.ts removes it from the isolate's
 * globals (no code generation is reachable from anything a script can touch; this reference
 * is module-private and only ever given runtime-built source).
 */
const makeFunction = Function;

/**
 * A function making string-key stores that start with `keys` copied from a source store,
 * all at once: the new object gets its final hidden class directly (no transition per key),
 * which makes copying the ~50 globals of a run several times faster than a key loop.
 */
export function strsCopier(keys: string[]): (src: Record<string, unknown>) => Record<string, unknown> {
  const body = keys.map((k) => `this[${JSON.stringify(k)}] = s[${JSON.stringify(k)}];`).join("\n");
  const Copy = makeFunction("s", body) as unknown as { prototype: object; new (s: Record<string, unknown>): Record<string, unknown> };
  Copy.prototype = StrStore.prototype;
  return (src) => new Copy(src);
}

/** The prototype of string-key stores (an empty null-prototype object: nothing inherited). */
export const STRS_PROTO: object = StrStore.prototype;

/** A fresh string-key store (see StrStore). */
export function newStrs(): Record<string, unknown> {
  return new (StrStore as any)();
}

/** Bumped whenever a table on some __index chain changes a string key (see `proto`). */
export const epoch = { n: 0 };

/** Shared library tables written during this run (restored before the next run). */
export const dirtyShared = new Set<LuaTable>();

/** A write to a table with proto !== 0: invalidate method caches; remember shared tables. */
export function touched(t: LuaTable): void {
  epoch.n++;
  if (t.proto === 2) dirtyShared.add(t);
}

/** Mark `t` as a metatable / __index table without downgrading a shared library table. */
export function markProto(t: LuaTable): void {
  if (t.proto === 0) t.proto = 1;
}

/** Shared empty parts: never written (a table gets its own on the first write). */
const EMPTY_ARR = Object.freeze([]) as unknown as unknown[];
const EMPTY_STRS: Record<string, unknown> = Object.freeze(newStrs());

export class LuaTable {
  constructor() {
    // about what V8 spends on the object and its hidden fields (measured: ~100 bytes)
    allocTable(96);
  }
  /** Array part (a shared empty array until the first append). */
  arr: unknown[] = EMPTY_ARR;
  /** String keys (a shared empty store until the first string key). */
  strs: Record<string, unknown> = EMPTY_STRS;
  hash: Map<unknown, unknown> | undefined = undefined;
  mt: LuaTable | undefined = undefined;
  /** Number of keys ever added outside the array part (invalidates next()'s key list). */
  shape = 0;
  /** Highest array length reached: a deleted array key stays a valid next() key. */
  arrHigh = 0;
  /**
   * 1 once the table is a metatable or on an __index chain: then writes to its string keys
   * bump `epoch`, which invalidates the method caches of emitted code. 2 for the library
   * tables shared by every run of the isolate: a write also records the table as dirty, and
   * the next run starts from its pristine contents (see lib/index.ts).
   */
  proto = 0;
  /** next()'s cached key list, built on the first traversal. */
  iter: { keys: unknown[]; shape: number; pos: number } | undefined = undefined;

  get(k: unknown): unknown {
    if (typeof k === "string") return this.strs[k];
    if (typeof k === "number") {
      const a = this.arr;
      if (k >= 1 && k <= a.length && (k | 0) === k) return a[k - 1];
    }
    return this.hash === undefined ? undefined : this.hash.get(k);
  }

  getStr(k: string): unknown {
    return this.strs[k];
  }

  getInt(k: number): unknown {
    const a = this.arr;
    if (k >= 1 && k <= a.length) return a[k - 1];
    return this.hash === undefined ? undefined : this.hash.get(k);
  }

  /** Raw set. The caller has checked that k is neither nil nor NaN. */
  set(k: unknown, v: unknown): void {
    if (typeof k === "string") {
      if (this.proto !== 0) touched(this);
      let s = this.strs;
      if (s === EMPTY_STRS) {
        if (v === undefined) return;
        this.strs = s = newStrs();
      }
      if (v === undefined) {
        if (k in s) delete s[k];
      } else {
        if (!(k in s)) {
          this.shape++;
          allocTable(32);
        }
        s[k] = v;
      }
      return;
    }
    if (typeof k === "number" && (k | 0) === k && k >= 1) {
      this.setInt(k, v);
      return;
    }
    this.setHash(k, v);
  }

  setInt(k: number, v: unknown): void {
    if (this.proto === 2) touched(this);
    let a = this.arr;
    const n = a.length;
    if (k <= n) {
      a[k - 1] = v;
      if (v === undefined && k === n) {
        // keep the invariant: the last array slot is never nil
        let m = n - 1;
        while (m > 0 && a[m - 1] === undefined) m--;
        a.length = m;
      }
      return;
    }
    if (k === n + 1) {
      if (v === undefined) {
        if (this.hash !== undefined) this.hash.delete(k);
        return;
      }
      if (a === EMPTY_ARR) this.arr = a = [];
      a.push(v);
      if (a.length > this.arrHigh) {
        this.arrHigh = a.length;
        allocTable(8);
      }
      const h = this.hash;
      if (h !== undefined && h.size > 0) {
        // migrate following integer keys from the hash part
        let next = a.length + 1;
        let w = h.get(next);
        while (w !== undefined) {
          a.push(w);
          h.delete(next);
          next++;
          w = h.get(next);
        }
      }
      return;
    }
    this.setHash(k, v);
  }

  private setHash(k: unknown, v: unknown): void {
    if (this.proto === 2) touched(this);
    if (v === undefined) {
      if (this.hash !== undefined) this.hash.delete(k);
      return;
    }
    if (this.hash === undefined) this.hash = new Map();
    if (!this.hash.has(k)) {
      this.shape++;
      allocTable(40);
    }
    this.hash.set(k, v);
  }

  /** The length operator without metamethods: a border. */
  length(): number {
    const n = this.arr.length;
    if (n > 0 || this.hash === undefined) return n;
    // array part empty: keys 1.. may only live in the hash if added out of order
    let i = 0;
    while (this.hash.get(i + 1) !== undefined) i++;
    return i;
  }

  /**
   * next(): the key after `k` (undefined = start). Returns false when k is not a key
   * of this table (Lua's "invalid key to 'next'"), null at the end.
   */
  next(k: unknown): [unknown, unknown] | null | false {
    const a = this.arr;
    let i = 0; // position in the array part to resume from
    if (k !== undefined) {
      if (typeof k === "number" && (k | 0) === k && k >= 1 && k <= a.length) {
        i = k;
      } else {
        return this.nextKeyed(k);
      }
    }
    for (; i < a.length; i++) {
      if (a[i] !== undefined) return [i + 1, a[i]];
    }
    return this.keyedFrom(0);
  }

  private keys(): unknown[] {
    let it = this.iter;
    if (it === undefined || it.shape !== this.shape) {
      const ks: unknown[] = Object.keys(this.strs);
      if (this.hash !== undefined) for (const hk of this.hash.keys()) ks.push(hk);
      this.iter = it = { keys: ks, shape: this.shape, pos: 0 };
    }
    return it.keys;
  }

  private keyedFrom(pos: number): [unknown, unknown] | null {
    const ks = this.keys();
    for (let p = pos; p < ks.length; p++) {
      const key = ks[p];
      const v = typeof key === "string" ? this.strs[key] : this.hash!.get(key);
      if (v !== undefined) {
        this.iter!.pos = p;
        return [key, v];
      }
    }
    return null;
  }

  private nextKeyed(k: unknown): [unknown, unknown] | null | false {
    const ks = this.keys();
    let p = this.iter!.pos;
    if (ks[p] !== k) {
      p = ks.indexOf(k);
      if (p < 0) {
        // an array key cleared during traversal (the array part shrank): go on after it
        if (typeof k === "number" && (k | 0) === k && k >= 1 && k <= this.arrHigh) return this.keyedFrom(0);
        return false;
      }
    }
    return this.keyedFrom(p + 1);
  }
}

/** A stable small number for tostring(table/function): "table: 0x0000001". */
const fnIds = new WeakMap<object, number>();
export function addressOf(v: object): string {
  let id = fnIds.get(v);
  if (id === undefined) {
    id = nextId++;
    fnIds.set(v, id);
  }
  return "0x" + (0x55550000 + id * 16).toString(16).padStart(8, "0");
}

/** Base of coroutine objects (type "thread"); defined here so type() needs no import. */
export class LuaThread {}

export function type(v: unknown): string {
  switch (typeof v) {
    case "undefined":
      return "nil";
    case "boolean":
      return "boolean";
    case "number":
      return "number";
    case "string":
      return "string";
    case "function":
      return "function";
    default:
      return v instanceof LuaTable ? "table" : v instanceof LuaThread ? "thread" : "userdata";
  }
}

/**
 * A Lua error in flight. `value` is what pcall returns (any Lua value). `traceback`
 * is filled for the top level. Not an Error subclass: scripts never see JS objects.
 */
export class LuaError {
  traceback: string | undefined = undefined;
  constructor(
    public value: unknown,
    /** Lua line where it was raised (0 when unknown). */
    public line = 0,
  ) {}
}

/**
 * An error that ends the whole run and cannot be caught by pcall: instruction
 * budget, memory accounting. `kind` is the ScriptError type it becomes on the host.
 */
export class LuaAbort {
  line = 0;
  constructor(
    readonly kind: "script_timeout" | "script_memory_limit",
    readonly message: string,
  ) {}
}

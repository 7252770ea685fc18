// The runtime bundle's entry: evaluated once per isolate. It installs `$moonbox`, through
// which compiled chunks define themselves and the host starts runs. Everything a run can
// touch is created fresh per run (globals, library tables, string metatable), so one
// execution never sees another's state.
import * as ops from "./ops.js";
import { LuaTable, Multi, NONE, first, nth, values, newStrs, epoch } from "./value.js";
import { registerChunk, rtError } from "./errors.js";
import { budget, budgetExhausted, allocTable } from "./limits.js";
import { mains, run, entries, Main } from "./run.js";
import { cofn, cocall } from "./lib/coroutine.js";
// layers that add entry points to `entries`
import "./webhook.js";
import { predicateRt } from "./predicate.js";

// ---------------------------------------------------------------- helpers for emitted code

/** lua: {1, 2, x = 3}  =>  js: $table([1, 2], ["x", 3]) */
function table(items: unknown[], keyed?: unknown[]): LuaTable {
  const t = new LuaTable();
  allocTable(16 + 8 * items.length); // the array part
  if (keyed !== undefined) {
    for (let i = 0; i < keyed.length; i += 2) ops.rawsetChecked(t, keyed[i], keyed[i + 1]);
  }
  let n = items.length;
  while (n > 0 && items[n - 1] === undefined) n--;
  if (t.arr.length === 0 && t.hash === undefined) {
    items.length = n;
    t.arr = items;
  } else {
    for (let i = 0; i < n; i++) if (items[i] !== undefined) t.setInt(i + 1, items[i]);
  }
  return t;
}

/** lua: {x = 1, y = 2}  =>  js: $newTable(2) (then the fields are stored inline) */
function newTable(nkeys: number): LuaTable {
  const t = new LuaTable();
  t.strs = newStrs();
  allocTable(32 + 48 * nkeys); // a dictionary-mode object: header plus ~48 bytes per key (measured)
  return t;
}

/** lua: for i = a, b  =>  js: $fornum(a, "initial value") */
function fornum(v: unknown, what: string): number {
  const x = ops.tonum(v);
  if (x === undefined) throw rtError(`'for' ${what} must be a number`);
  return x;
}

/** lua: return ...  =>  js: return $vret($va) */
function vret(va: unknown[]): unknown {
  return va.length === 1 ? va[0] : new Multi(va);
}

/** lua: return a, f()  =>  js: return $mret([a], f()) */
function mret(heads: unknown[], r: unknown): Multi {
  return new Multi(r instanceof Multi ? heads.concat(r.v) : (heads.push(r), heads));
}

const rt = {
  ...ops,
  gt: (a: unknown, b: unknown) => ops.lt(b, a),
  ge: (a: unknown, b: unknown) => ops.le(b, a),
  Multi,
  NONE,
  Table: LuaTable,
  first,
  nth,
  vals: values,
  vret,
  mret,
  table,
  newTable,
  fornum,
  budget,
  budgetExhausted,
  cofn,
  cocall,
  epoch,
  // fast paths of predicate chunks: the event table, its methods, call caches
  ...predicateRt,
};

export type Runtime = typeof rt;

/** What the host can call: `$moonbox.<name>(...)`. Entry points of other layers join in `entries`. */
const api = Object.freeze({
  define(id: string, factory: (r: Runtime) => Main): void {
    mains.set(id, factory(rt));
  },
  meta(id: string, chunkName: string, lines: Record<number, number[]> | string): void {
    registerChunk(id, { name: chunkName, lines });
  },
  has(id: string): boolean {
    return mains.has(id);
  },
  run,
  ...entries,
});

Object.defineProperty(globalThis, "$moonbox", { value: api, writable: false, configurable: false, enumerable: false });

// Defence in depth: Lua code can name no JS global, but remove what the runtime never
// needs anyway, so nothing can compile code from strings or share memory across threads.
const g = globalThis as any;
for (const name of ["eval", "Function", "WebAssembly", "SharedArrayBuffer", "Atomics", "Proxy", "Reflect"]) delete g[name];
for (const f of [function () {}, function* () {}, async function () {}, async function* () {}]) {
  Object.defineProperty(Object.getPrototypeOf(f), "constructor", { value: undefined, writable: false, configurable: false });
}

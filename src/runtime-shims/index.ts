// The runtime bundle's entry: evaluated once per isolate. It installs `$moonbox`, through
// which compiled chunks define themselves and the host starts runs. Everything a run can
// touch is created fresh per run (globals, library tables, string metatable), so one
// execution never sees another's state.
import * as ops from "./ops.js";
import { LuaTable, Multi, NONE, first, nth, values, LuaError, LuaAbort, type } from "./value.js";
import { registerChunk, rtError, errState } from "./errors.js";
import { budget, budgetExhausted, memory } from "./limits.js";
import { numberToString } from "./number.js";
import { openLibs } from "./lib/index.js";
import { io } from "./lib/base.js";

// ---------------------------------------------------------------- helpers for emitted code

/** lua: {1, 2, x = 3}  =>  js: $table([1, 2], ["x", 3]) */
function table(items: unknown[], keyed?: unknown[]): LuaTable {
  const t = new LuaTable();
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
  fornum,
  budget,
  budgetExhausted,
};

// ---------------------------------------------------------------- chunks and runs

type Main = (G: LuaTable, ...args: unknown[]) => unknown;
const mains = new Map<string, Main>();

export interface RunOptions {
  instructionLimit?: number;
  memoryLimit?: number;
  /** The isolate's heap cap in bytes: no single allocation may exceed it. */
  memoryCap?: number;
  args?: string[];
}

export type EncodedValue =
  | { t: "nil" }
  | { t: "boolean"; v: boolean }
  | { t: "number"; v: number }
  | { t: "string"; v: string }
  | { t: string; s: string };

export interface RunResult {
  ok: boolean;
  values: EncodedValue[];
  stdout: string;
  error?: { type: string; message: string; line: number; traceback?: string };
  instructions: number;
}

function encode(v: unknown): EncodedValue {
  switch (typeof v) {
    case "undefined":
      return { t: "nil" };
    case "boolean":
      return { t: "boolean", v };
    case "number":
      return { t: "number", v };
    case "string":
      return { t: "string", v };
  }
  let s: string;
  try {
    s = ops.tostring(v);
  } catch {
    s = type(v);
  }
  return { t: type(v), s };
}

function errorMessage(v: unknown): string {
  if (typeof v === "string") return v;
  if (typeof v === "number") return numberToString(v);
  return `(error object is a ${type(v)} value)`;
}

function run(id: string, opts: RunOptions): RunResult {
  const main = mains.get(id);
  if (main === undefined) {
    return { ok: false, values: [], stdout: "", error: { type: "script_not_found", message: `chunk ${id} is not loaded`, line: 0 }, instructions: 0 };
  }
  const limit = opts.instructionLimit ?? Infinity;
  budget.n = limit;
  memory.used = 0;
  memory.limit = opts.memoryLimit ?? Infinity;
  memory.cap = opts.memoryCap ?? Infinity;
  io.out = [];
  io.outBytes = 0;
  errState.pcallDepth = 0;
  const G = new LuaTable();
  openLibs(G);
  memory.used = 0; // the fresh globals and libraries are not the script's allocations
  let result: RunResult;
  try {
    const r = main(G, ...(opts.args ?? []));
    result = { ok: true, values: values(r).map(encode), stdout: "", instructions: 0 };
  } catch (e) {
    let error: RunResult["error"];
    if (e instanceof LuaError) {
      error = { type: "script_runtime_error", message: errorMessage(e.value), line: e.line, traceback: e.traceback };
    } else if (e instanceof LuaAbort) {
      error = { type: e.kind, message: e.message, line: e.line };
    } else if (e instanceof RangeError && /Invalid|Array buffer allocation/i.test(e.message)) {
      error = { type: "script_memory_limit", message: "memory limit exceeded (allocation too large)", line: 0 };
    } else if (e instanceof RangeError) {
      error = { type: "script_runtime_error", message: "stack overflow", line: 0 };
    } else {
      error = { type: "script_runtime_error", message: "internal error: " + String((e as any)?.message ?? e), line: 0 };
    }
    result = { ok: false, values: [], stdout: "", error, instructions: 0 };
  }
  result.stdout = io.out.length ? io.out.join("\n") + "\n" : "";
  result.instructions = limit === Infinity ? 0 : limit - Math.max(budget.n, 0);
  io.out = [];
  return result;
}

const api = Object.freeze({
  define(id: string, factory: (r: typeof rt) => Main): void {
    mains.set(id, factory(rt));
  },
  meta(id: string, chunkName: string, lines: Record<number, number[]>): void {
    registerChunk(id, { name: chunkName, lines });
  },
  has(id: string): boolean {
    return mains.has(id);
  },
  run,
});

Object.defineProperty(globalThis, "$moonbox", { value: api, writable: false, configurable: false, enumerable: false });

// Defence in depth: Lua code can name no JS global, but remove what the runtime never
// needs anyway, so nothing can compile code from strings or share memory across threads.
const g = globalThis as any;
for (const name of ["eval", "Function", "WebAssembly", "SharedArrayBuffer", "Atomics", "Proxy", "Reflect"]) delete g[name];
for (const f of [function () {}, function* () {}, async function () {}, async function* () {}]) {
  Object.defineProperty(Object.getPrototypeOf(f), "constructor", { value: undefined, writable: false, configurable: false });
}

// Moonbox modules that live inside the isolate (json, base64, log; later http, kv, crypto),
// and the pieces every such module needs: a registry that `require` consults, per-run
// instances, read-only tables, conversion between plain data and Lua values, and the
// bridge through which host-backed modules will call the host synchronously.
//
// A module is built once per isolate and its table is shared by all runs like the standard
// library tables (lib/index.ts share()): a run that writes it (`json.encode = f`) marks it
// dirty and it is restored before the next run, so nothing leaks from one run into the next
// and no run pays for copying modules. `require(name)` and the global of the same name return
// the same table.
import { LuaTable, LuaError, LuaAbort, type } from "../value.js";
import { memory, alloc } from "../limits.js";
import * as errors from "../errors.js";
import { rtError } from "../errors.js";
import { modules, share, freshGlobals, type GlobalsKind } from "../lib/index.js";
import type { ScriptErrorType as ScriptErrorTypeName } from "../../errors.js";

export interface ModuleDef {
  name: string;
  /** Build the module's pristine table (once per isolate). */
  build: () => LuaTable;
  /**
   * "any": `require` finds it in every run (`moonbox run` too);
   * "transform": only in webhook transform runs (it needs the run's context: log sink,
   * host bridge), elsewhere `require` reports it as not found.
   */
  scope: "any" | "transform";
  /** Installed as a global in transform runs (as the spec shows `log.info`, `http.get`). */
  global: boolean;
}

const defs = new Map<string, ModuleDef>();
const pristine = new Map<string, LuaTable>();

/** Globals of transform runs (the runs that may see "transform" modules). */
const transformRuns = new WeakSet<LuaTable>();
/** Hooks run once at the start of each run that uses a module (reset per-run state). */
const runResets: (() => void)[] = [];
let lastRun: LuaTable | undefined;

/** Register a module; `require(name)` finds it from now on. */
export function defineModule(def: ModuleDef): void {
  defs.set(def.name, def);
  modules.set(def.name, (G: LuaTable) => {
    const m = instance(G, def.name);
    if (m === undefined) throw rtError(`module '${def.name}' not found`);
    return m;
  });
}

/** Run `f` at the start of every run that touches modules (e.g. clear a per-run cache). */
export function onRunStart(f: () => void): void {
  runResets.push(f);
}

function startRun(G: LuaTable): void {
  if (lastRun === G) return;
  lastRun = G;
  for (const f of runResets) f();
}

/**
 * Module functions are library ("C") frames for error levels, like the standard library's:
 * `json.decode(bad)` reports the calling line, `pcall(json.decode, bad)` no position. They
 * must have names (V8 reports frames by function name): use named functions, or `named()`.
 */
function registerFunctions(m: LuaTable): void {
  const register = (errors as { registerLibraryFunctions?: (fns: Iterable<unknown>) => void }).registerLibraryFunctions;
  if (register !== undefined) register(Object.values(m.strs));
}

/** A function with the given name (for module functions made in a loop). */
export function named<F extends (...args: any[]) => unknown>(name: string, f: F): F {
  return { [name]: function (this: unknown, ...args: unknown[]) { return f.apply(this, args); } }[name] as unknown as F;
}

/** Module `def`'s table (built and shared on first use in this isolate). */
function moduleTable(def: ModuleDef): LuaTable {
  let p = pristine.get(def.name);
  if (p === undefined) {
    pristine.set(def.name, (p = def.build()));
    registerFunctions(p);
    share(p);
  }
  return p;
}

/** Module `name` as run `G` sees it (undefined when the module is not available here). */
export function instance(G: LuaTable, name: string): LuaTable | undefined {
  const def = defs.get(name);
  if (def === undefined) return undefined;
  if (def.scope === "transform" && !transformRuns.has(G)) return undefined;
  startRun(G);
  return moduleTable(def);
}

/** The globals of transform runs: the standard ones plus every module marked `global`. */
const transformGlobals: GlobalsKind = {
  extend(G) {
    for (const def of defs.values()) if (def.global) G.set(def.name, moduleTable(def));
  },
};

/** Fresh globals for a transform run ("transform" modules available, module globals set). */
export function freshTransformGlobals(): LuaTable {
  const G = freshGlobals(transformGlobals);
  transformRuns.add(G);
  lastRun = undefined;
  startRun(G);
  return G;
}

/**
 * Make globals `G` (made elsewhere, e.g. by a test) those of a transform run: "transform"
 * modules become available and every module marked `global` is installed as a global.
 */
export function installTransformModules(G: LuaTable): void {
  transformRuns.add(G);
  lastRun = undefined;
  startRun(G);
  for (const def of defs.values()) {
    if (def.global) G.set(def.name, instance(G, def.name));
  }
}

// ---------------------------------------------------------------- JSON kinds

/**
 * How json.encode writes a table whose shape is ambiguous (the empty table): tables decoded
 * from `[...]`, made by json.array() or converted from host arrays are arrays; json.object()
 * and host objects are objects. Invisible to scripts (a WeakMap, not a metatable).
 */
export const jsonKinds = new WeakMap<LuaTable, number>();
export const KIND_ARRAY = 1;
export const KIND_OBJECT = 2;

/** The JSON null sentinel (`json.null`): one frozen object per isolate, a userdata to Lua. */
export const JSON_NULL: object = Object.freeze(Object.create(null));

// ---------------------------------------------------------------- read-only tables

/**
 * A read-only Lua table (the transform's `headers`, `metadata`, `previous_error`).
 *
 * The table the script holds is an empty proxy: its own `arr` and `strs` are empty and
 * frozen, so neither the emitted code's inline stores (which only write keys that already
 * exist in `strs`/`arr`) nor anything else can put a value in it. The data lives in a
 * hidden table the script never receives:
 * - reads: the raw accessors (`get`, `getInt`, `next`, `length`) read the hidden table, so
 *   `rawget`, `pairs`, `ipairs`, `next`, `#` and `table.concat` see the data; indexing goes
 *   through the proxy's metatable `__index` (the hidden table, or a lookup function).
 * - writes: `set`/`setInt` (used by assignment, `rawset`, `table.insert`, `table.sort`...)
 *   raise "attempt to modify read-only table 'NAME'".
 * - the metatable is protected (`__metatable = false`): `getmetatable` returns false and
 *   `setmetatable` raises "cannot change a protected metatable".
 * Known rough edge: `table.insert(t, pos, v)` into an EMPTY read-only sequence hits the
 * frozen array and fails with an internal TypeError instead of the read-only message (still
 * a runtime error, and nothing is modified).
 */
export class ReadOnlyTable extends LuaTable {
  constructor(
    readonly data: LuaTable,
    readonly roName: string,
    lookup?: (t: LuaTable, k: unknown) => unknown,
  ) {
    super();
    Object.freeze(this.arr);
    Object.freeze(this.strs);
    const mt = new LuaTable();
    mt.set("__index", lookup ?? data);
    mt.set("__metatable", false);
    this.mt = mt;
  }
  override get(k: unknown): unknown {
    return this.data.get(k);
  }
  override getStr(k: string): unknown {
    return this.data.getStr(k);
  }
  override getInt(k: number): unknown {
    return this.data.getInt(k);
  }
  override set(_k: unknown, _v: unknown): void {
    throw rtError(`attempt to modify read-only table '${this.roName}'`);
  }
  override setInt(_k: number, _v: unknown): void {
    throw rtError(`attempt to modify read-only table '${this.roName}'`);
  }
  override length(): number {
    return this.data.length();
  }
  override next(k: unknown): [unknown, unknown] | null | false {
    return this.data.next(k);
  }
}

/** The table whose contents a (possibly read-only) table shows. */
export function contents(t: LuaTable): LuaTable {
  return t instanceof ReadOnlyTable ? t.data : t;
}

// ---------------------------------------------------------------- plain data <-> Lua values

/** Plain data as it crosses between host and isolate (strings are byte strings). */
export type Plain = null | boolean | number | string | Plain[] | { [k: string]: Plain };

/**
 * Plain data as a Lua value: objects and arrays become tables (read-only when `roName` is
 * given, recursively, named like `previous_error.details`); null becomes nil.
 */
export function fromPlain(v: unknown, roName?: string): unknown {
  if (v === null || v === undefined) return undefined;
  switch (typeof v) {
    case "string":
    case "boolean":
      return v;
    case "number":
      return v;
    case "object": {
      const t = new LuaTable();
      const set = LuaTable.prototype.set;
      if (Array.isArray(v)) {
        // null inside an array is json.null (so the sequence keeps its length); elsewhere nil
        for (let i = 0; i < v.length; i++) set.call(t, i + 1, v[i] === null ? JSON_NULL : fromPlain(v[i], roName && `${roName}[${i + 1}]`));
        jsonKinds.set(t, KIND_ARRAY);
      } else {
        jsonKinds.set(t, KIND_OBJECT);
        for (const k of Object.keys(v as object)) set.call(t, k, fromPlain((v as any)[k], roName && `${roName}.${k}`));
      }
      return roName ? new ReadOnlyTable(t, roName) : t;
    }
  }
  return undefined;
}

/**
 * A Lua value as plain data for the host (the shape host-backed modules receive). Tables
 * that are sequences become arrays, others objects with string keys (number keys written
 * as their Lua string form); functions and other values raise `what: cannot pass a X value`.
 */
export function toPlain(v: unknown, what: string, depth = 0): Plain {
  switch (typeof v) {
    case "undefined":
      return null;
    case "boolean":
    case "string":
      return v;
    case "number":
      return v;
  }
  if (v === JSON_NULL) return null;
  if (v instanceof LuaTable) {
    if (depth > 64) throw rtError(`${what}: table nested too deeply (or cyclic)`);
    const t = contents(v);
    const n = t.length();
    const out: Record<string, Plain> = {};
    let count = 0;
    let k: unknown = undefined;
    for (;;) {
      const r = t.next(k);
      if (!r) break;
      k = r[0];
      count++;
      if (typeof k === "string") out[k] = toPlain(r[1], what, depth + 1);
      else if (typeof k === "number") out[String(k)] = toPlain(r[1], what, depth + 1);
      else throw rtError(`${what}: cannot pass a table with ${type(k)} keys`);
    }
    if (n > 0 && count === n) {
      const arr: Plain[] = [];
      for (let i = 1; i <= n; i++) arr.push(out[String(i)]);
      return arr;
    }
    return out;
  }
  throw rtError(`${what}: cannot pass a ${type(v)} value`);
}

// ---------------------------------------------------------------- host-backed modules

/**
 * The host bridge: installed once per isolate by the host (`entries.setHostBridge` in
 * webhook.ts). `call` blocks the isolate until the host's promise settles (isolated-vm's
 * `Reference.applySyncPromise`), so Lua code calls host functions synchronously while the
 * host's event loop keeps running. The host identifies the run by `token` and looks up its
 * tenant and deadline itself (src/modules/bridge.ts); the script can influence only `args`.
 */
export interface HostBridge {
  call(token: number, module: string, fn: string, args: Plain[], memoryRemaining: number, startedAt: number): HostReply;
}

/**
 * What the host answers: a value, or a typed failure (a Lua error the script may catch), or
 * with `abort` a failure that ends the run (the run's deadline passed while waiting).
 */
export type HostReply =
  | { ok: true; value: Plain }
  | { ok: false; type: ScriptErrorTypeName; message: string; retryable?: boolean; abort?: boolean };

export const bridge: { current: HostBridge | undefined } = { current: undefined };

/**
 * The current run's host calls: `token` names the run to the host (0: none granted, e.g.
 * `moonbox run`); `allowed` is false in runs the host entered synchronously, where the
 * isolate cannot wait for a promise: a host call then ends the run with NEEDS_ASYNC and
 * the host runs the script again asynchronously (nothing reached the host before).
 */
export const hostRun = { token: 0, allowed: false, startedAt: 0 };

/** Abort kind of a host call in a synchronous run (the host retries the run asynchronously). */
export const NEEDS_ASYNC = "host_call_needs_async";

/**
 * Errors raised by host-backed modules, with the ScriptError type they carry (e.g.
 * script_module_http, retryable). A script may catch them with pcall; if one ends the run,
 * the run's error has that type instead of script_runtime_error.
 */
export const moduleErrors = new WeakMap<LuaError, { type: ScriptErrorTypeName; retryable?: boolean }>();

function moduleError(message: string, type: ScriptErrorTypeName, retryable?: boolean): LuaError {
  const e = rtError(message);
  moduleErrors.set(e, retryable === undefined ? { type } : { type, retryable });
  return e;
}

/** Bytes a reply will occupy as Lua values (strings by length, tables by entry). */
function plainBytes(v: Plain): number {
  if (typeof v === "string") return v.length + 16;
  if (v === null || typeof v !== "object") return 8;
  let n = 64;
  if (Array.isArray(v)) for (const x of v) n += 16 + plainBytes(x);
  else for (const k of Object.keys(v)) n += 16 + k.length + plainBytes(v[k]);
  return n;
}

/** Call the host: `hostCall("http", "get", [url, headers])`. Raises a typed Lua error on failure. */
export function hostCall(module: string, fn: string, args: Plain[], errorType: ScriptErrorTypeName): Plain {
  const b = bridge.current;
  if (b === undefined || hostRun.token === 0) {
    throw moduleError(`${module}.${fn}: module '${module}' is not available in this engine`, errorType, false);
  }
  if (!hostRun.allowed) throw new LuaAbort(NEEDS_ASYNC as "script_timeout", "host call in a synchronous run");
  const r = b.call(hostRun.token, module, fn, args, Math.max(0, memory.limit - memory.used), hostRun.startedAt);
  if (!r.ok) {
    if (r.abort) throw new LuaAbort(r.type as "script_timeout", `${module}.${fn}: ${r.message}`);
    throw moduleError(`${module}.${fn}: ${r.message}`, r.type, r.retryable);
  }
  // what the host sends is the script's memory too (a 10 MB response body counts)
  alloc(plainBytes(r.value));
  return r.value;
}

/**
 * Define a module whose functions are served by the host, e.g.
 *   defineHostModule("http", ["get"], "script_module_http")
 * Each Lua call passes its arguments as plain data and returns the host's value as a Lua
 * value (tables for objects and arrays). Only the first return value crosses.
 */
export function defineHostModule(name: string, fns: string[], errorType: ScriptErrorTypeName, global = true): void {
  defineModule({
    name,
    scope: "transform",
    global,
    build: () => {
      const t = new LuaTable();
      for (const fn of fns) {
        t.set(
          fn,
          named(`${name}_${fn}`, (...args: unknown[]) => {
            const plain = args.map((a, i) => toPlain(a, `${name}.${fn}: argument #${i + 1}`));
            return fromPlain(hostCall(name, fn, plain, errorType));
          }),
        );
      }
      return t;
    },
  });
}

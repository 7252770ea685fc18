// The standard libraries, and fresh globals for every run.
import { LuaTable, newStrs, dirtyShared, epoch, strsCopier } from "../value.js";
import { state } from "../ops.js";
import { rtError, registerLibraryFunctions } from "../errors.js";
import { openBase } from "./base.js";
import { makeStringLib } from "./string.js";
import { makeTableLib, unpack } from "./table.js";
import { makeMathLib } from "./math.js";
import { makeBitLib } from "./bit.js";
import { makeCoroutineLib } from "./coroutine.js";

/** Modules `require` may return; hosts add theirs (json, base64, ...) in later layers. */
export const modules = new Map<string, (G: LuaTable) => unknown>();

/** A shallow copy of a table (the globals table: a flat table of functions and libraries). */
function cloneTable(src: LuaTable): LuaTable {
  const t = new LuaTable();
  const s = newStrs();
  const from = src.strs;
  for (const k in from) s[k] = from[k]; // faster than Object.assign for these objects
  t.strs = s;
  t.arr = src.arr.slice();
  t.hash = src.hash && new Map(src.hash);
  t.shape = src.shape;
  return t;
}

/** The pristine contents of a shared library table, to restore it after a run wrote it. */
interface Snapshot {
  strs: Record<string, unknown>;
  arr: unknown[];
  hash: Map<unknown, unknown> | undefined;
  mt: LuaTable | undefined;
  shape: number;
}
const snapshots = new Map<LuaTable, Snapshot>();

/** Share `t` between runs: a run that writes it marks it dirty; it is restored before the next run. */
export function share(t: LuaTable): void {
  t.proto = 2;
  snapshots.set(t, { strs: { ...t.strs }, arr: t.arr.slice(), hash: t.hash && new Map(t.hash), mt: t.mt, shape: t.shape });
}

function restore(t: LuaTable): void {
  const snap = snapshots.get(t)!;
  const s = newStrs();
  for (const k in snap.strs) s[k] = snap.strs[k];
  t.strs = s;
  t.arr = snap.arr.length ? snap.arr.slice() : [];
  t.hash = snap.hash && new Map(snap.hash);
  t.mt = snap.mt;
  t.shape = snap.shape + 1; // invalidates next()'s key lists
  t.iter = undefined;
}

const LIBRARIES = ["string", "table", "math", "bit", "coroutine"];
let pristine: LuaTable | undefined;
let stringMeta: LuaTable | undefined;

function buildPristine(): LuaTable {
  const G = buildLibraries();
  // library functions are "C" frames for error levels and tracebacks
  const fns: unknown[] = [];
  for (const v of Object.values(G.strs)) {
    if (v instanceof LuaTable) fns.push(...Object.values(v.strs));
    else fns.push(v);
  }
  registerLibraryFunctions(fns);
  // the library tables and the string metatable are shared by all runs (see freshGlobals)
  for (const name of LIBRARIES) share(G.strs[name] as LuaTable);
  stringMeta = new LuaTable();
  stringMeta.set("__index", G.strs.string);
  share(stringMeta);
  return G;
}

function buildLibraries(): LuaTable {
  const G = new LuaTable();
  openBase(G, () => undefined);
  G.set("string", makeStringLib());
  G.set("table", makeTableLib());
  G.set("math", makeMathLib());
  G.set("bit", makeBitLib());
  G.set("coroutine", makeCoroutineLib());
  G.set("unpack", unpack); // Lua 5.1's global unpack is table.unpack's twin
  return G;
}

/**
 * A kind of run's globals: the standard ones, plus what `extend` adds (the webhook transform
 * adds its modules). Each kind keeps its pristine globals and a copier made for exactly
 * their keys (built on first use in an isolate).
 */
export interface GlobalsKind {
  extend?: (G: LuaTable) => void;
  pristine?: LuaTable;
  copy?: (src: Record<string, unknown>) => Record<string, unknown>;
}

const standardGlobals: GlobalsKind = {};

/**
 * Globals for one run. The globals table is copied from a pristine one; the library tables
 * (string, table, math, bit, coroutine), the module tables and the string metatable are
 * shared by all runs of the isolate, and any run that writes one (`string.upper = f`,
 * `setmetatable(math, mt)`, `getmetatable("").__index = t`) marks it dirty, so it is restored
 * here before the next run: a script that rewrites a library changes nothing for the next run.
 */
export function freshGlobals(kind: GlobalsKind = standardGlobals): LuaTable {
  pristine ??= buildPristine();
  if (dirtyShared.size > 0) {
    for (const t of dirtyShared) restore(t);
    dirtyShared.clear();
    epoch.n++; // method caches may hold values from the rewritten tables
  }
  if (kind.pristine === undefined) {
    const P = cloneTable(pristine);
    P.strs._G = P; // placeholders, so the copier makes room for them
    P.strs.require = makeRequire(P);
    kind.extend?.(P);
    kind.pristine = P;
    kind.copy = strsCopier(Object.keys(P.strs));
  }
  const P = kind.pristine;
  const G = new LuaTable();
  G.strs = kind.copy!(P.strs);
  if (P.arr.length) G.arr = P.arr.slice();
  if (P.hash) G.hash = new Map(P.hash);
  G.shape = P.shape;
  G.strs._G = G;
  G.strs.require = makeRequire(G);
  state.stringMeta = stringMeta; // strings index the string library: ("x"):rep(3)
  return G;
}

/**
 * Add entries to a library of the pristine globals, once per isolate (predicates add
 * string.glob_match, regex, alert): a new library table is shared and restored like the
 * standard ones; an existing one gets the entries in its pristine contents too.
 */
export function extendLibrary(name: string, entries: Record<string, unknown>): void {
  pristine ??= buildPristine();
  let t = pristine.strs[name];
  if (!(t instanceof LuaTable)) {
    t = new LuaTable();
    pristine.set(name, t);
  }
  const lib = t as LuaTable;
  const wasShared = snapshots.has(lib);
  for (const k of Object.keys(entries)) lib.set(k, entries[k]);
  if (wasShared) dirtyShared.delete(lib);
  share(lib);
}

/** Shared tables as one rule left them: see takeShared / putShared. */
export type SharedState = Map<LuaTable, Snapshot>;

/**
 * Move the contents of the shared tables written since the last call (or put in place by
 * putShared) out into `into` and restore their pristine contents: what a predicate rule
 * did to the libraries stays that rule's own (it gets it back with putShared before its next
 * evaluations), and the other rules of the isolate see pristine libraries.
 */
export function takeShared(into?: SharedState): SharedState | undefined {
  if (dirtyShared.size === 0) return into;
  const out: SharedState = into ?? new Map();
  for (const t of dirtyShared) {
    out.set(t, { strs: t.strs, arr: t.arr, hash: t.hash, mt: t.mt, shape: t.shape });
    restore(t);
  }
  dirtyShared.clear();
  epoch.n++; // method and call caches may hold values of the rule's versions
  return out;
}

/** Put a rule's own versions of shared tables in place (taken back by takeShared). */
export function putShared(state: SharedState): void {
  for (const [t, v] of state) {
    t.strs = v.strs;
    t.arr = v.arr;
    t.hash = v.hash;
    t.mt = v.mt;
    t.shape = Math.max(t.shape, v.shape) + 1; // invalidates next()'s key lists
    t.iter = undefined;
    dirtyShared.add(t);
  }
  epoch.n++;
}

function makeRequire(G: LuaTable) {
  let loaded: Map<string, unknown> | undefined; // made on the first require (most runs have none)
  return function require(name: unknown): unknown {
    if (typeof name !== "string") throw rtError(`bad argument #1 to 'require' (string expected, got ${name === undefined ? "no value" : typeof name})`);
    const have = loaded?.get(name);
    if (have !== undefined) return have;
    const open = modules.get(name);
    if (open === undefined) throw rtError(`module '${name}' not found`);
    const m = open(G);
    (loaded ??= new Map()).set(name, m);
    return m;
  };
}

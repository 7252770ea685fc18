// The standard libraries, and fresh globals for every run.
import { LuaTable, newStrs } from "../value.js";
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

/** A shallow copy of a table (library tables are flat tables of functions). */
function cloneTable(src: LuaTable): LuaTable {
  const t = new LuaTable();
  t.strs = Object.assign(newStrs(), src.strs);
  t.arr = src.arr.slice();
  t.hash = src.hash && new Map(src.hash);
  t.shape = src.shape;
  return t;
}

const LIBRARIES = ["string", "table", "math", "bit", "coroutine"];
let pristine: LuaTable | undefined;

function buildPristine(): LuaTable {
  const G = buildLibraries();
  // library functions are "C" frames for error levels and tracebacks
  const fns: unknown[] = [];
  for (const v of Object.values(G.strs)) {
    if (v instanceof LuaTable) fns.push(...Object.values(v.strs));
    else fns.push(v);
  }
  registerLibraryFunctions(fns);
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
 * Globals for one run. The libraries are built once per isolate and copied per run (a
 * shallow copy of a few flat tables is much cheaper than building them), so a script that
 * rewrites `string.upper` or a global changes nothing for the next run.
 */
export function freshGlobals(): LuaTable {
  pristine ??= buildPristine();
  const G = cloneTable(pristine);
  for (const name of LIBRARIES) G.strs[name] = cloneTable(pristine.strs[name] as LuaTable);
  G.strs._G = G;
  G.strs.require = makeRequire(G);
  // strings index the run's string library: ("x"):rep(3)
  const meta = new LuaTable();
  meta.set("__index", G.strs.string);
  state.stringMeta = meta;
  return G;
}

function makeRequire(G: LuaTable) {
  const loaded = new LuaTable();
  return function require(name: unknown): unknown {
    if (typeof name !== "string") throw rtError(`bad argument #1 to 'require' (string expected, got ${name === undefined ? "no value" : typeof name})`);
    const have = loaded.get(name);
    if (have !== undefined) return have;
    const open = modules.get(name);
    if (open === undefined) throw rtError(`module '${name}' not found`);
    const m = open(G);
    loaded.set(name, m);
    return m;
  };
}

// Opens the standard libraries into a fresh globals table (one per run).
import { LuaTable } from "../value.js";
import { state } from "../ops.js";
import { rtError } from "../errors.js";
import { openBase } from "./base.js";
import { makeStringLib } from "./string.js";
import { makeTableLib, unpack } from "./table.js";
import { makeMathLib } from "./math.js";
import { makeBitLib } from "./bit.js";

/** Modules `require` may return; hosts add theirs (json, base64, ...) in later layers. */
export const modules = new Map<string, (G: LuaTable) => unknown>();

export function openLibs(G: LuaTable): void {
  const loaded = new LuaTable();
  openBase(G, (name: unknown) => {
    if (typeof name !== "string") throw rtError(`bad argument #1 to 'require' (string expected, got ${name === undefined ? "no value" : typeof name})`);
    const have = loaded.get(name);
    if (have !== undefined) return have;
    const open = modules.get(name);
    if (open === undefined) throw rtError(`module '${name}' not found`);
    const m = open(G);
    loaded.set(name, m);
    return m;
  });
  const string = makeStringLib();
  G.set("string", string);
  G.set("table", makeTableLib());
  G.set("math", makeMathLib());
  G.set("bit", makeBitLib());
  G.set("unpack", unpack); // Lua 5.1's global unpack is table.unpack's twin
  // strings index the string library: ("x"):rep(3)
  const meta = new LuaTable();
  meta.set("__index", string);
  state.stringMeta = meta;
}

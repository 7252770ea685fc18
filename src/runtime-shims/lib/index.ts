// Opens the standard libraries into a fresh globals table (one per run).
import { LuaTable } from "../value.js";
import { state } from "../ops.js";
import { rtError } from "../errors.js";
import { openBase } from "./base.js";

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
  state.stringMeta = undefined;
}

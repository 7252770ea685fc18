// Argument checking for library functions, with Lua 5.1's messages:
//   bad argument #1 to 'rep' (string expected, got nil)
import { LuaTable, type } from "../value.js";
import { raiseAt, luaFrames, runningLibrary } from "../errors.js";
import { numberToString, stringToNumber } from "../number.js";

/**
 * luaL_argerror. The function is named by its call site as Lua does (`local r = string.rep;
 * r(...)` -> 'r'), a method call does not count self (`s:rep({})` -> #1), and a function
 * called by a library function (pcall, a metamethod dispatch) has no name ('?'); `fname`
 * stands in where the call site recorded no name.
 */
export function argError(n: number, fname: string, msg: string): never {
  const caller = luaFrames()[0];
  const name = caller !== undefined && caller.line === -1 ? "?" : (runningLibrary.name ?? fname);
  if (runningLibrary.method && caller?.line !== -1) {
    if (--n === 0) throw raiseAt(`calling '${name}' on bad self (${msg})`, 1, true);
  }
  throw raiseAt(`bad argument #${n} to '${name}' (${msg})`, 1, true);
}

/**
 * `nargs` tells "got nil" from "got no value": the call's argument count, or directly
 * whether the argument was present.
 */
export function typeError(n: number, fname: string, expected: string, v: unknown, nargs?: number | boolean): never {
  const present = typeof nargs === "boolean" ? nargs : nargs !== undefined ? n <= nargs : v !== undefined;
  return argError(n, fname, `${expected} expected, got ${present ? type(v) : "no value"}`);
}

/** luaL_checklstring: strings, and numbers converted with %.14g. */
export function checkString(v: unknown, n: number, fname: string, nargs?: number): string {
  if (typeof v === "string") return v;
  if (typeof v === "number") return numberToString(v);
  return typeError(n, fname, "string", v, nargs);
}

export function optString(v: unknown, n: number, fname: string, def: string): string {
  return v === undefined ? def : checkString(v, n, fname);
}

/** luaL_checknumber: numbers, and strings convertible to numbers. */
export function checkNumber(v: unknown, n: number, fname: string, nargs?: number): number {
  if (typeof v === "number") return v;
  if (typeof v === "string") {
    const x = stringToNumber(v);
    if (x !== undefined) return x;
  }
  return typeError(n, fname, "number", v, nargs);
}

export function optNumber(v: unknown, n: number, fname: string, def: number): number {
  return v === undefined ? def : checkNumber(v, n, fname);
}

/** luaL_checkinteger: a number truncated toward zero (lua_Integer cast, as 5.1 on x86-64). */
export function checkInt(v: unknown, n: number, fname: string): number {
  const x = checkNumber(v, n, fname);
  return x >= 0 ? Math.floor(x) : Math.ceil(x);
}

export function optInt(v: unknown, n: number, fname: string, def: number): number {
  return v === undefined ? def : checkInt(v, n, fname);
}

export function checkTable(v: unknown, n: number, fname: string, nargs?: number): LuaTable {
  if (v instanceof LuaTable) return v;
  return typeError(n, fname, "table", v, nargs);
}

/** luaL_checkany */
export function checkAny(nargs: number, n: number, fname: string): void {
  if (nargs < n) argError(n, fname, "value expected");
}

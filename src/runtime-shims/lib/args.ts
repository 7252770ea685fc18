// Argument checking for library functions, with Lua 5.1's messages:
//   bad argument #1 to 'rep' (string expected, got nil)
import { LuaTable, type } from "../value.js";
import { rtError } from "../errors.js";
import { numberToString, stringToNumber } from "../number.js";

export function argError(n: number, fname: string, msg: string): never {
  throw rtError(`bad argument #${n} to '${fname}' (${msg})`);
}

function typeName(v: unknown, present: boolean): string {
  return present ? type(v) : "no value";
}

export function typeError(n: number, fname: string, expected: string, v: unknown, present = v !== undefined): never {
  return argError(n, fname, `${expected} expected, got ${typeName(v, present)}`);
}

/** luaL_checklstring: strings, and numbers converted with %.14g. */
export function checkString(v: unknown, n: number, fname: string): string {
  if (typeof v === "string") return v;
  if (typeof v === "number") return numberToString(v);
  return typeError(n, fname, "string", v);
}

export function optString(v: unknown, n: number, fname: string, def: string): string {
  return v === undefined ? def : checkString(v, n, fname);
}

/** luaL_checknumber: numbers, and strings convertible to numbers. */
export function checkNumber(v: unknown, n: number, fname: string): number {
  if (typeof v === "number") return v;
  if (typeof v === "string") {
    const x = stringToNumber(v);
    if (x !== undefined) return x;
  }
  return typeError(n, fname, "number", v);
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

export function checkTable(v: unknown, n: number, fname: string): LuaTable {
  if (v instanceof LuaTable) return v;
  return typeError(n, fname, "table", v);
}

/** luaL_checkany */
export function checkAny(nargs: number, n: number, fname: string): void {
  if (nargs < n) argError(n, fname, "value expected");
}

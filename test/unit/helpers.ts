// Shared setup and helpers of the library unit tests, which call the runtime's libraries
// directly with JS byte strings (no isolate, no Lua frames: error messages carry no chunk
// position).
import { beforeEach } from "vitest";
import { makeStringLib } from "../../src/runtime-shims/lib/string.js";
import { LuaTable, Multi, LuaError, LuaAbort } from "../../src/runtime-shims/value.js";
import { budget } from "../../src/runtime-shims/limits.js";

export type Fn = (...args: unknown[]) => unknown;

/** These tests set budget.n directly: registers a beforeEach that turns off refills from a reserve. */
export function noBudgetReserve(): void {
  beforeEach(() => {
    budget.reserve = 0;
  });
}

/** A library table's functions by name (`libFns(lib).find(...)`). */
export const libFns = (lib: LuaTable) => new Proxy({} as Record<string, Fn>, { get: (_t, name: string) => lib.get(name) as Fn });

/** All results of a call as an array. */
export function all(r: unknown): unknown[] {
  return r instanceof Multi ? r.v : [r];
}

/** The Lua error message a call raises. */
export function err(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof LuaError) return String(e.value);
    throw e;
  }
  throw new Error("no error raised");
}

/** The LuaAbort a call raises. */
export function abort(f: () => unknown): LuaAbort {
  try {
    f();
  } catch (e) {
    if (e instanceof LuaAbort) return e;
    throw e;
  }
  throw new Error("no abort raised");
}

let gmatch: Fn | undefined;

/** Every match of string.gmatch, each as the array of its captures. */
export function gmatchAll(s: unknown, p: unknown): unknown[][] {
  gmatch ??= makeStringLib().get("gmatch") as Fn;
  const it = gmatch(s, p) as Fn;
  const out: unknown[][] = [];
  for (let r = all(it()); r[0] !== undefined; r = all(it())) out.push(r);
  return out;
}

// The per-run limits that live inside the isolate: the instruction budget and Moonbox's
// own accounting of bytes a script allocates. Both end the run (LuaAbort) and cannot be
// caught by pcall.
//
// One budget unit = one loop back-edge or one Lua function entry; library functions
// charge in proportion to their work (roughly one unit per byte or element touched / 8).
import { LuaAbort } from "./value.js";

export const budget = { n: Infinity };
export const memory = { used: 0, limit: Infinity };

/** Called by emitted code when budget.n drops below zero. */
export function budgetExhausted(): never {
  budget.n = -1;
  throw new LuaAbort("script_timeout", "instruction limit exceeded");
}

/** Charge `units` of work from a library function. */
export function charge(units: number): void {
  if ((budget.n -= units) < 0) budgetExhausted();
}

/**
 * Account `bytes` about to be allocated by the script (strings, tables). Call it BEFORE
 * allocating, so one call can never allocate gigabytes.
 */
export function alloc(bytes: number): void {
  if ((memory.used += bytes) > memory.limit) {
    throw new LuaAbort("script_memory_limit", `memory limit exceeded (${memory.limit} bytes)`);
  }
}

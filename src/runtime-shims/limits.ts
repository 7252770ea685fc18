// The per-run limits that live inside the isolate: the instruction budget and Moonbox's
// own accounting of bytes a script allocates. Both end the run (LuaAbort) and cannot be
// caught by pcall.
//
// One budget unit = one loop back-edge or one Lua function entry; library functions
// charge in proportion to their work (roughly one unit per byte or element touched / 8).
import { LuaAbort } from "./value.js";

export const budget = { n: Infinity };
/**
 * used: bytes this run allocated through strings and tables (cumulative, an upper bound of
 * live memory); limit: the per-run accounting limit; cap: the isolate's hard heap cap, which
 * no single allocation may exceed.
 */
export const memory = { used: 0, limit: Infinity, cap: Infinity };

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
  if (bytes > memory.cap) throw new LuaAbort("script_memory_limit", `memory limit exceeded (one allocation of ${bytes} bytes)`);
  if ((memory.used += bytes) > memory.limit) {
    throw new LuaAbort("script_memory_limit", `memory limit exceeded (${memory.limit} bytes)`);
  }
}

/** Account a table allocation (emitted code and the table helpers call it). */
export function allocTable(bytes: number): void {
  if ((memory.used += bytes) > memory.limit) {
    throw new LuaAbort("script_memory_limit", `memory limit exceeded (${memory.limit} bytes)`);
  }
}

// The per-run limits that live inside the isolate: the instruction budget and Moonbox's
// own accounting of bytes a script allocates. Both end the run (LuaAbort) and cannot be
// caught by pcall.
//
// One budget unit = one loop iteration, one call made by Lua code (charged where it is made:
// transpile/lower.ts chargeCalls) or one metamethod/library callback call (ops.ts call);
// library functions charge in proportion to their work (roughly one unit per 8 bytes or
// elements touched). Every unbounded computation passes through one of these.
import { LuaAbort } from "./value.js";

/** Largest V8 small integer: the hot counter stays a Smi (an in-object field, no boxing). */
const SMI_MAX = 0x3fffffff;

/**
 * The instruction budget: emitted code decrements `n` and calls budgetExhausted() below
 * zero, which refills `n` from `reserve` until the limit is really used up. Keeping `n` a
 * small integer (never Infinity) makes the check a plain integer decrement in V8.
 */
export const budget = { n: SMI_MAX, reserve: Infinity };

/** Start a run (or one evaluation) with `limit` units (Infinity: unlimited). */
export function setBudget(limit: number): void {
  const first = Math.min(limit, SMI_MAX);
  budget.n = first;
  budget.reserve = limit - first;
}

/** Units left (for reporting what a run used). */
export function budgetRemaining(): number {
  return Math.max(budget.n, 0) + budget.reserve;
}
/**
 * used: bytes this run allocated through strings and tables (cumulative, an upper bound of
 * live memory); limit: the per-run accounting limit; cap: the isolate's hard heap cap, which
 * no single allocation may exceed.
 */
export const memory = { used: 0, limit: Infinity, cap: Infinity };

/** Called by emitted code when budget.n drops below zero: refill, or end the run. */
export function budgetExhausted(): void {
  const deficit = -budget.n;
  if (budget.reserve >= deficit) {
    budget.reserve -= deficit;
    const take = Math.min(budget.reserve, SMI_MAX);
    budget.n = take;
    budget.reserve -= take;
    return;
  }
  budget.n = -1;
  budget.reserve = 0;
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

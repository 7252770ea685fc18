// Runs: the compiled chunks defined in this isolate, and how one execution starts from
// pristine state and ends in a plain result object the host can copy out.
import { LuaTable, LuaError, LuaAbort, values, type } from "./value.js";
import { errState } from "./errors.js";
import { setBudget, budgetRemaining, memory } from "./limits.js";
import { numberToString } from "./number.js";
import { tostring } from "./ops.js";
import { freshGlobals } from "./lib/index.js";
import { io } from "./lib/base.js";
import { resetCoroutines } from "./lib/coroutine.js";

export type Main = (G: LuaTable, ...args: unknown[]) => unknown;

/** Compiled chunks by id (defined once per isolate). */
export const mains = new Map<string, Main>();

/** Entry points added by other layers (webhook transform, predicates): `$moonbox.<name>`. */
export const entries: Record<string, (...args: any[]) => unknown> = {};

export interface RunOptions {
  instructionLimit?: number;
  memoryLimit?: number;
  /** The isolate's heap cap in bytes: no single allocation may exceed it. */
  memoryCap?: number;
  args?: string[];
}

export type EncodedValue =
  | { t: "nil" }
  | { t: "boolean"; v: boolean }
  | { t: "number"; v: number }
  | { t: "string"; v: string }
  | { t: string; s: string };

export interface RunError {
  type: string;
  message: string;
  line: number;
  traceback?: string;
  /** Overrides the type's retryability (a host module's transient failure). */
  retryable?: boolean;
}

export interface RunResult {
  ok: boolean;
  values: EncodedValue[];
  stdout: string;
  error?: RunError;
  instructions: number;
}

export function encode(v: unknown): EncodedValue {
  switch (typeof v) {
    case "undefined":
      return { t: "nil" };
    case "boolean":
      return { t: "boolean", v };
    case "number":
      return { t: "number", v };
    case "string":
      return { t: "string", v };
  }
  let s: string;
  try {
    s = tostring(v);
  } catch {
    s = type(v);
  }
  return { t: type(v), s };
}

/** The message of an uncaught Lua error value, as lua.c prints it. */
export function errorMessage(v: unknown): string {
  if (typeof v === "string") return v;
  if (typeof v === "number") return numberToString(v);
  return `(error object is a ${type(v)} value)`;
}

/** Any exception that left a run, as a typed error. Never parses script-controlled text. */
export function toRunError(e: unknown): RunError {
  if (e instanceof LuaError) return { type: "script_runtime_error", message: errorMessage(e.value), line: e.line, traceback: e.traceback };
  if (e instanceof LuaAbort) return { type: e.kind, message: e.message, line: e.line };
  if (e instanceof RangeError && /Invalid|Array buffer allocation/i.test(e.message)) {
    return { type: "script_memory_limit", message: "memory limit exceeded (allocation too large)", line: 0 };
  }
  if (e instanceof RangeError) return { type: "script_runtime_error", message: "stack overflow", line: 0 };
  return { type: "script_runtime_error", message: "internal error: " + String((e as any)?.message ?? e), line: 0 };
}

/** Reset every per-run limit and return fresh globals. */
export function beginRun(opts: RunOptions, fresh: () => LuaTable = freshGlobals): LuaTable {
  setBudget(opts.instructionLimit ?? Infinity);
  memory.limit = opts.memoryLimit ?? Infinity;
  memory.cap = opts.memoryCap ?? Infinity;
  io.out = [];
  io.outBytes = 0;
  errState.pcallDepth = 0;
  resetCoroutines();
  memory.used = 0; // before freshGlobals: the previous run may have ended above the limit
  const G = fresh();
  memory.used = 0; // the fresh globals and libraries are not the script's allocations
  return G;
}

/** Instruction units used since beginRun (0 when unlimited). */
export function instructionsUsed(opts: RunOptions): number {
  const limit = opts.instructionLimit ?? Infinity;
  return limit === Infinity ? 0 : limit - budgetRemaining();
}

/** Take (and clear) what print() wrote during this run. */
export function takeStdout(): string {
  const s = io.out.length ? io.out.join("\n") + "\n" : "";
  io.out = [];
  return s;
}

export function run(id: string, opts: RunOptions): RunResult {
  const main = mains.get(id);
  if (main === undefined) {
    return { ok: false, values: [], stdout: "", error: { type: "script_not_found", message: `chunk ${id} is not loaded`, line: 0 }, instructions: 0 };
  }
  const G = beginRun(opts);
  let result: RunResult;
  try {
    const r = main(G, ...(opts.args ?? []));
    result = { ok: true, values: values(r).map(encode), stdout: "", instructions: 0 };
  } catch (e) {
    result = { ok: false, values: [], stdout: "", error: toRunError(e), instructions: 0 };
  }
  result.stdout = takeStdout();
  result.instructions = instructionsUsed(opts);
  return result;
}

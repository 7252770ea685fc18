// The engine: a pool of isolates running compiled Lua chunks under limits.
import { cpus } from "node:os";
import type { RawRunResult } from "./isolate/host.js";
import { InlinePool, IsolatePool, IsolateFailure } from "./isolate/pool.js";
import { ProcessPool } from "./isolate/process-pool.js";
import { compileLua, CompiledChunk, LuaSource } from "./compile.js";
import { ScriptError, ScriptErrorType, SCRIPT_ERROR_TYPES } from "./errors.js";

export interface EngineOptions {
  /**
   * "process" (default): each isolate lives in a child process, so even a V8 fatal
   * out-of-memory cannot take the caller down. "inline": isolates in this process (faster
   * crossing; an isolate that hits its memory limit is still disposed and replaced).
   */
  isolation?: "process" | "inline";
  /** Isolates in the pool (default: number of CPU cores). */
  poolSize?: number;
  /** Hard heap cap per isolate, MB (isolated-vm minimum is 8). Default 64. */
  memoryLimitMb?: number;
  /** Wall-clock limit per run, ms. Default 500. */
  timeoutMs?: number;
  /** Instruction budget per run (undefined: unlimited). */
  instructionLimit?: number;
  /** Moonbox's own per-run allocation accounting limit, bytes (undefined: isolate cap only). */
  memoryLimitBytes?: number;
}

export interface RunOptions {
  chunkName?: string;
  args?: string[];
  timeoutMs?: number;
  instructionLimit?: number;
  memoryLimitBytes?: number;
}

/** A Lua value returned by a chunk, as it crosses to the host. */
export type LuaResultValue =
  | { t: "nil" }
  | { t: "boolean"; v: boolean }
  | { t: "number"; v: number }
  | { t: "string"; v: string /* latin1 byte string */ }
  | { t: string; s: string /* tostring() of tables, functions */ };

export interface RunResult {
  ok: boolean;
  values: LuaResultValue[];
  stdout: string;
  error?: ScriptError;
  durationMs: number;
  heapBytes: number;
  instructions: number;
}

export class Engine {
  readonly pool: IsolatePool;
  readonly options: Required<Pick<EngineOptions, "poolSize" | "memoryLimitMb" | "timeoutMs" | "isolation">> & EngineOptions;

  private constructor(opts: EngineOptions) {
    this.options = {
      ...opts,
      poolSize: opts.poolSize ?? Math.max(1, cpus().length),
      memoryLimitMb: opts.memoryLimitMb ?? 64,
      timeoutMs: opts.timeoutMs ?? 500,
      isolation: opts.isolation ?? "process",
    };
    const poolOpts = { size: this.options.poolSize, memoryLimitMb: this.options.memoryLimitMb };
    this.pool = this.options.isolation === "process" ? new ProcessPool(poolOpts) : new InlinePool(poolOpts);
  }

  /** Create an engine and start its isolates (pool fill). */
  static async create(opts: EngineOptions = {}): Promise<Engine> {
    const e = new Engine(opts);
    await (e.pool as InlinePool | ProcessPool).fill();
    return e;
  }

  compile(source: LuaSource, chunkName = "script.lua"): CompiledChunk {
    return compileLua(source, chunkName);
  }

  /** Run a Lua chunk (source or compiled). Never throws for script faults: see `error`. */
  async run(script: LuaSource | CompiledChunk, opts: RunOptions = {}): Promise<RunResult> {
    const t0 = performance.now();
    let chunk: CompiledChunk;
    try {
      chunk = isCompiled(script) ? script : this.compile(script, opts.chunkName);
    } catch (e) {
      return failed(toScriptError(e), t0);
    }
    try {
      const raw = await this.pool.run(chunk, {
        args: opts.args,
        timeoutMs: opts.timeoutMs ?? this.options.timeoutMs,
        instructionLimit: opts.instructionLimit ?? this.options.instructionLimit,
        memoryLimitBytes: opts.memoryLimitBytes ?? this.options.memoryLimitBytes,
      });
      return fromRaw(raw, t0);
    } catch (e) {
      return failed(failureToScriptError(e, this.options.memoryLimitMb), t0);
    }
  }

  async dispose(): Promise<void> {
    await this.pool.dispose();
  }
}

/** An isolate/pool failure as the ScriptError the caller sees. */
export function failureToScriptError(e: unknown, memoryLimitMb: number): ScriptError {
  if (e instanceof IsolateFailure) {
    if (e.kind === "memory") return new ScriptError("script_memory_limit", `memory limit exceeded (isolate cap ${memoryLimitMb} MB)`);
    if (e.kind === "timeout") return new ScriptError("script_timeout", "script timed out");
    return new ScriptError("script_runtime_error", `isolate failure: ${e.message}`);
  }
  return toScriptError(e);
}

function isCompiled(s: unknown): s is CompiledChunk {
  return typeof s === "object" && s !== null && "code" in s && "id" in s;
}

function failed(error: ScriptError, t0: number): RunResult {
  return { ok: false, values: [], stdout: "", error, durationMs: performance.now() - t0, heapBytes: 0, instructions: 0 };
}

function toScriptError(e: unknown): ScriptError {
  if (e instanceof ScriptError) return e;
  return new ScriptError("script_runtime_error", String((e as any)?.message ?? e));
}

function fromRaw(raw: RawRunResult, t0: number): RunResult {
  let error: ScriptError | undefined;
  if (raw.error) {
    const type = (SCRIPT_ERROR_TYPES as readonly string[]).includes(raw.error.type) ? (raw.error.type as ScriptErrorType) : "script_runtime_error";
    error = new ScriptError(type, raw.error.message, raw.error.line || undefined, raw.error.traceback);
  }
  return {
    ok: raw.ok,
    values: raw.values,
    stdout: raw.stdout,
    error,
    durationMs: performance.now() - t0,
    heapBytes: raw.heapBytes ?? 0,
    instructions: raw.instructions,
  };
}

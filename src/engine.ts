// The engine: a pool of isolates running compiled Lua chunks under limits.
import { cpus } from "node:os";
import { IsolateHost, RawRunResult } from "./isolate/host.js";
import { compileLua, CompiledChunk, LuaSource } from "./compile.js";
import { ScriptError, ScriptErrorType, SCRIPT_ERROR_TYPES } from "./errors.js";

export interface EngineOptions {
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
  private idle: IsolateHost[] = [];
  private waiters: ((h: IsolateHost) => void)[] = [];
  private size = 0;
  private closed = false;
  readonly options: Required<Pick<EngineOptions, "poolSize" | "memoryLimitMb" | "timeoutMs">> & EngineOptions;

  private constructor(opts: EngineOptions) {
    this.options = {
      ...opts,
      poolSize: opts.poolSize ?? Math.max(1, cpus().length),
      memoryLimitMb: opts.memoryLimitMb ?? 64,
      timeoutMs: opts.timeoutMs ?? 500,
    };
  }

  static async create(opts: EngineOptions = {}): Promise<Engine> {
    const e = new Engine(opts);
    // start one isolate eagerly so the first run does not pay for it; the rest on demand
    e.idle.push(await IsolateHost.create(e.options.memoryLimitMb));
    e.size = 1;
    return e;
  }

  compile(source: LuaSource, chunkName = "script.lua"): CompiledChunk {
    return compileLua(source, chunkName);
  }

  private async acquire(): Promise<IsolateHost> {
    const h = this.idle.pop();
    if (h) return h;
    if (this.size < this.options.poolSize) {
      this.size++;
      try {
        return await IsolateHost.create(this.options.memoryLimitMb);
      } catch (e) {
        this.size--;
        throw e;
      }
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private release(h: IsolateHost): void {
    if (this.closed) {
      h.dispose();
      return;
    }
    if (h.disposed) {
      // the isolate died (memory limit): replace it, only the run inside it failed
      IsolateHost.create(this.options.memoryLimitMb).then(
        (fresh) => this.release(fresh),
        () => this.size--,
      );
      return;
    }
    const w = this.waiters.shift();
    if (w) w(h);
    else this.idle.push(h);
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
    const host = await this.acquire();
    try {
      const raw = await host.run(chunk, {
        args: opts.args,
        timeoutMs: opts.timeoutMs ?? this.options.timeoutMs,
        instructionLimit: opts.instructionLimit ?? this.options.instructionLimit,
        memoryLimitBytes: opts.memoryLimitBytes ?? this.options.memoryLimitBytes,
      });
      return fromRaw(raw, t0, host.heapBytes());
    } catch (e) {
      return failed(isolateFailure(e, host), t0);
    } finally {
      this.release(host);
    }
  }

  async dispose(): Promise<void> {
    this.closed = true;
    for (const h of this.idle) h.dispose();
    this.idle = [];
  }
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

/** An exception from isolated-vm itself: timeout, or the isolate was disposed for memory. */
function isolateFailure(e: unknown, host: IsolateHost): ScriptError {
  const msg = String((e as any)?.message ?? e);
  if (host.disposed || /memory limit|disposed/i.test(msg)) {
    host.dispose();
    return new ScriptError("script_memory_limit", `memory limit exceeded (isolate cap ${host.memoryLimitMb} MB)`);
  }
  if (/timed out/i.test(msg)) return new ScriptError("script_timeout", "script timed out");
  return new ScriptError("script_runtime_error", msg);
}

function fromRaw(raw: RawRunResult, t0: number, heapBytes: number): RunResult {
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
    heapBytes,
    instructions: raw.instructions,
  };
}

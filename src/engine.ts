// The engine: a pool of isolates running compiled Lua chunks under limits.
import { cpus } from "node:os";
import type { RawRunResult } from "./isolate/host.js";
import { InlinePool, IsolatePool, IsolateFailure } from "./isolate/pool.js";
import { ProcessPool } from "./isolate/process-pool.js";
import { compileLua, CompiledChunk, LuaSource } from "./compile.js";
import { ScriptError, ScriptErrorType, SCRIPT_ERROR_TYPES } from "./errors.js";
import type { MoonboxMetrics } from "./metrics/metrics.js";
import type { Logger } from "pino";
import { logScriptOutput } from "./metrics/log.js";
import type { InspectorOptions, InspectorServer } from "./inspect/server.js";
import { compileDebug, runtimeIgnoreListSuffix } from "./inspect/chunk.js";
import { runtimeBundle } from "./isolate/bundle.js";
import { luaCpuProfile, LuaFrameResolver, CpuProfile, RuntimeFrames } from "./inspect/profile.js";
import { HostRuns } from "./modules/bridge.js";

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
  /**
   * Open a Chrome DevTools / VS Code inspector endpoint (src/inspect/server.ts): implies
   * isolation "inline" and one isolate; scripts compile with inline Lua source maps. Off by
   * default; 127.0.0.1 unless `allowRemote`. Time paused in the debugger counts against
   * `timeoutMs`: raise it when debugging.
   */
  inspector?: boolean | InspectorOptions;
  /** Report runs, errors, cache and pool metrics here (src/metrics). */
  metrics?: MoonboxMetrics;
  /** Log engine events here (pino; see src/metrics/log.ts). */
  logger?: Logger;
  /** Also log every line a script prints (info "script output"). */
  logScriptOutput?: boolean;
  /**
   * Sampling CPU profiles in production: this fraction of runs (0..1) runs under the V8 CPU
   * profiler and yields a Lua-aware profile to `onProfile`. A profiled run executes
   * synchronously on its isolate's thread and pays the profiler's start-up (a few ms), so keep
   * the rate low (e.g. 0.001).
   */
  profileSampleRate?: number;
  /** Receives sampled profiles (and those of runs with `cpuProfile: true`). */
  onProfile?: (profile: CpuProfile, info: { chunk: CompiledChunk; result: RunResult }) => void;
  /** Runtime-shim frames in profiles: "group" (default), "fold" or "keep". */
  profileRuntimeFrames?: RuntimeFrames;
}

export interface RunOptions {
  chunkName?: string;
  args?: string[];
  timeoutMs?: number;
  instructionLimit?: number;
  memoryLimitBytes?: number;
  /** Run under the CPU profiler: the result carries a Lua-aware `cpuProfile`. */
  cpuProfile?: boolean;
  /** The script's label in metrics and logs (default: its hash). */
  scriptName?: string;
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
  /** The run's CPU profile (`.cpuprofile` format; cpuProfile or sampled runs only). */
  cpuProfile?: CpuProfile;
}

export class Engine {
  readonly pool: IsolatePool;
  readonly options: Required<Pick<EngineOptions, "poolSize" | "memoryLimitMb" | "timeoutMs" | "isolation">> & EngineOptions;

  /** Runs that may call host modules (http, kv, crypto), by token; see src/modules/bridge.ts. */
  readonly hostRuns = new HostRuns();

  /** The inspector endpoint (inspector engines only). */
  inspector?: InspectorServer;
  private restartsSeen = 0;

  private constructor(opts: EngineOptions) {
    this.options = {
      ...opts,
      poolSize: opts.inspector ? 1 : (opts.poolSize ?? Math.max(1, cpus().length)),
      memoryLimitMb: opts.memoryLimitMb ?? 64,
      timeoutMs: opts.timeoutMs ?? 500,
      isolation: opts.inspector ? "inline" : (opts.isolation ?? "process"),
    };
    const poolOpts = {
      size: this.options.poolSize,
      memoryLimitMb: this.options.memoryLimitMb,
      hostCall: (req: import("./modules/bridge.js").HostCallRequest) => this.hostRuns.dispatch(req),
      ...(opts.inspector ? { host: { inspector: true, runtimeSuffix: runtimeIgnoreListSuffix(runtimeBundle().code) }, onIsolate: (h: { isolate: any }) => this.inspector?.attach(h.isolate) } : {}),
    };
    this.pool = this.options.isolation === "process" ? new ProcessPool(poolOpts) : new InlinePool(poolOpts);
    opts.metrics?.attachPool(this.pool);
  }

  /** Create an engine and start its isolates (pool fill). */
  static async create(opts: EngineOptions = {}): Promise<Engine> {
    const e = new Engine(opts);
    if (opts.inspector) {
      const { InspectorServer } = await import("./inspect/server.js");
      e.inspector = await InspectorServer.start(opts.inspector === true ? {} : opts.inspector);
    }
    await (e.pool as InlinePool | ProcessPool).fill();
    if (e.inspector) opts.logger?.info({ url: e.inspector.webSocketUrl, devtools: e.inspector.devtoolsUrl }, "inspector listening");
    opts.logger?.info({ isolation: e.options.isolation, poolSize: e.options.poolSize, memoryLimitMb: e.options.memoryLimitMb }, "engine started");
    return e;
  }

  /**
   * Compile for this engine: budget checks only when the engine has an instruction limit (a
   * run that asks for one switches to the checked twin; see run()).
   */
  compile(source: LuaSource, chunkName = "script.lua", budget = limited(this.options.instructionLimit)): CompiledChunk {
    const chunk = this.options.inspector ? compileDebug(source, chunkName, { budget }) : compileLua(source, chunkName, { budget });
    this.options.metrics?.observeCompile(chunk);
    return chunk;
  }

  /** Run a Lua chunk (source or compiled). Never throws for script faults: see `error`. */
  async run(script: LuaSource | CompiledChunk, opts: RunOptions = {}): Promise<RunResult> {
    const t0 = performance.now();
    const instructionLimit = opts.instructionLimit ?? this.options.instructionLimit;
    let chunk: CompiledChunk;
    try {
      chunk = isCompiled(script) ? script : this.compile(script, opts.chunkName, limited(instructionLimit));
      if (limited(instructionLimit) && !chunk.budget) chunk = chunk.withBudget(true);
    } catch (e) {
      return this.observed(failed(toScriptError(e), t0), undefined, opts);
    }
    const rate = this.options.profileSampleRate;
    const cpuProfile = opts.cpuProfile ?? (rate !== undefined && rate > 0 && Math.random() < rate);
    try {
      const raw = await this.pool.run(chunk, {
        args: opts.args,
        timeoutMs: opts.timeoutMs ?? this.options.timeoutMs,
        instructionLimit,
        memoryLimitBytes: opts.memoryLimitBytes ?? this.options.memoryLimitBytes,
        ...(cpuProfile ? { cpuProfile: true } : {}),
      });
      const r = fromRaw(raw, t0);
      if (raw.cpuProfiles) {
        r.cpuProfile = luaCpuProfile(raw.cpuProfiles, new LuaFrameResolver().add(chunk), { runtimeFrames: this.options.profileRuntimeFrames });
        this.options.onProfile?.(r.cpuProfile, { chunk, result: r });
      }
      return this.observed(r, chunk, opts);
    } catch (e) {
      return this.observed(failed(failureToScriptError(e, this.options.memoryLimitMb), t0), chunk, opts);
    }
  }

  /** Metrics and logs of a finished run (no-ops without `metrics` / `logger`). */
  private observed(r: RunResult, chunk: CompiledChunk | undefined, opts: RunOptions): RunResult {
    const { metrics, logger } = this.options;
    if (metrics === undefined && logger === undefined) return r;
    const script = opts.scriptName ?? chunk?.hash ?? "unknown";
    metrics?.observeRun({ script, outcome: r.error?.type ?? "ok", durationMs: r.durationMs, instructions: r.instructions, heapBytes: r.heapBytes });
    if (logger) {
      const label = metrics?.scriptLabel(script) ?? (/^[0-9a-f]{64}$/.test(script) ? script.slice(0, 12) : script);
      if (this.options.logScriptOutput) logScriptOutput(logger, label, r.stdout);
      if (r.error) logger.info({ script: label, errorType: r.error.type, message: r.error.message, line: r.error.line ?? null, retryable: r.error.retryable }, "run failed");
      else if (logger.isLevelEnabled("debug")) logger.debug({ script: label, durationMs: r.durationMs, instructions: r.instructions, heapBytes: r.heapBytes }, "run ok");
      if (this.pool.restarts > this.restartsSeen) {
        this.restartsSeen = this.pool.restarts;
        logger.warn({ restarts: this.pool.restarts }, "isolate restarted");
      }
    }
    return r;
  }

  async dispose(): Promise<void> {
    await this.inspector?.close(); // resumes a paused isolate first
    await this.pool.dispose();
  }
}

/** An instruction limit that needs budget checks in the code (not unset, not Infinity). */
function limited(n: number | undefined): boolean {
  return n !== undefined && Number.isFinite(n);
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

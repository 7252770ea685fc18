// The host end of the sandbox bridge. An isolate calls
//   hostCall(token, module, fn, args, memoryRemaining)  (runtime-shims/modules/registry.ts)
// through an isolated-vm Reference (inline pools) or over the child's IPC channel (process
// pools); either way it lands in HostRuns.dispatch here, which finds the run by its token,
// calls the module with the run's context and turns every outcome into a HostReply.
//
// The isolate waits for the reply, so the reply is also where the run's deadline is kept:
// when the deadline passes first, the reply says "abort" and the run ends as script_timeout.
import type { ScriptErrorType } from "../errors.js";
import { ModuleError, type HostCallContext, type HostModule, type Plain } from "./host-module.js";

export type HostReply =
  | { ok: true; value: Plain }
  | { ok: false; type: ScriptErrorType; message: string; retryable?: boolean; abort?: boolean };

/** One host call as it arrives from an isolate. */
export interface HostCallRequest {
  token: number;
  module: string;
  fn: string;
  args: Plain[];
  memoryRemaining: number;
  /** When the run started inside the isolate (Date.now() ms): its deadline counts from here. */
  startedAt: number;
}

/** Receives one observation per host call (e.g. MoonboxMetrics.observeModuleCall). */
export type ModuleCallObserver = (module: string, fn: string, seconds: number, ok: boolean) => void;

/** The host modules granted to a transformer's runs (http, kv, crypto, or test modules). */
export class HostModules {
  private readonly byName = new Map<string, HostModule>();

  constructor(
    modules: HostModule[],
    private readonly observe?: ModuleCallObserver,
  ) {
    for (const m of modules) this.byName.set(m.name, m);
  }

  get(name: string): HostModule | undefined {
    return this.byName.get(name);
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  /** Call `module.fn` for a run; never throws (failures become replies). */
  async call(ctx: HostCallContext, module: string, fn: string, args: Plain[]): Promise<HostReply> {
    const m = this.byName.get(module);
    const f = m && Object.hasOwn(m.functions, fn) ? m.functions[fn] : undefined;
    if (m === undefined || f === undefined) {
      const type = (`script_module_${module}` as ScriptErrorType);
      return { ok: false, type: ["script_module_http", "script_module_kv", "script_module_crypto"].includes(type) ? type : "script_runtime_error", message: `module '${module}' is not available in this engine`, retryable: false };
    }
    const t0 = performance.now();
    try {
      const value = await f(ctx, args);
      this.observe?.(module, fn, (performance.now() - t0) / 1000, true);
      return { ok: true, value: value === undefined ? null : value };
    } catch (e) {
      this.observe?.(module, fn, (performance.now() - t0) / 1000, false);
      if (e instanceof ModuleError) return { ok: false, type: e.type, message: e.message, ...(e.retryable !== undefined ? { retryable: e.retryable } : {}) };
      // a bug in a module, not the script's fault: say so, and let the job be retried
      return { ok: false, type: m.errorType, message: `internal error: ${(e as Error)?.message ?? e}`, retryable: true };
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.byName.values()].map((m) => m.close?.().catch(() => undefined)));
  }
}

interface Run {
  modules: HostModules;
  configId: string;
  timeoutMs: number;
  begunAt: number;
  /** Made on the first call (most runs make none: no per-run cost for them). */
  controller?: AbortController;
  /** Set on the first call, from the time the run really started (after any queueing). */
  deadline?: number;
  timer?: NodeJS.Timeout;
}

/**
 * The runs that may call host modules right now, by token. A transformer registers a run
 * before entering the isolate and ends it after; a token the host does not know (a run that
 * already ended) gets no module access.
 */
export class HostRuns {
  private readonly runs = new Map<number, Run>();
  private seq = 0;

  /** Register a run of `configId` with a `timeoutMs` budget; returns its token. */
  begin(modules: HostModules, configId: string, timeoutMs: number): number {
    const token = (this.seq = (this.seq % 0x3fffffff) + 1);
    this.runs.set(token, { modules, configId, timeoutMs, begunAt: Date.now() });
    return token;
  }

  /** The run is over: in-flight module calls are aborted. */
  end(token: number): void {
    const r = this.runs.get(token);
    if (r === undefined) return;
    this.runs.delete(token);
    if (r.timer) clearTimeout(r.timer);
    r.controller?.abort(RUN_ENDED);
  }

  get active(): number {
    return this.runs.size;
  }

  /** Serve one host call from an isolate. Never throws. */
  async dispatch(req: HostCallRequest): Promise<HostReply> {
    const run = this.runs.get(req.token);
    if (run === undefined) return { ok: false, type: "script_runtime_error", message: "host modules are not available to this run", retryable: false };
    const now = Date.now();
    if (run.controller === undefined || run.deadline === undefined) {
      const controller = (run.controller = new AbortController());
      // the isolate's clock says when the run began (never before begin(), never in the future)
      const started = Math.min(now, Math.max(run.begunAt, Number(req.startedAt) || now));
      run.deadline = started + run.timeoutMs;
      // the signal tells modules to stop waiting on upstreams once the run is out of time
      run.timer = setTimeout(() => controller.abort(TIMED_OUT), Math.max(0, run.deadline - now));
      run.timer.unref();
    }
    const signal = run.controller.signal;
    if (signal.aborted) return timedOut();
    const ctx: HostCallContext = { configId: run.configId, deadline: run.deadline, signal, memoryRemaining: Math.max(0, Number(req.memoryRemaining) || 0) };
    let onAbort: (() => void) | undefined;
    const deadline = new Promise<HostReply>((resolve) => {
      onAbort = () => resolve(timedOut());
      signal.addEventListener("abort", onAbort, { once: true });
    });
    try {
      return await Promise.race([run.modules.call(ctx, req.module, req.fn, Array.isArray(req.args) ? req.args : []), deadline]);
    } finally {
      signal.removeEventListener("abort", onAbort!);
    }
  }
}

/** Abort reasons (shared: no stack trace captured per run). */
const TIMED_OUT = Object.freeze({ reason: "script timed out" });
const RUN_ENDED = Object.freeze({ reason: "run ended" });

function timedOut(): HostReply {
  return { ok: false, type: "script_timeout", message: "script timed out waiting for the host", abort: true };
}

// One isolated-vm isolate with the runtime bundle loaded. Compiled chunks are defined in
// it once; each run starts from fresh Lua globals. The host never hands a Reference to
// script code: only the runtime's `$moonbox.run` is called, with copied arguments.
import ivm from "isolated-vm";
import { runtimeBundle } from "./bundle.js";
import type { CompiledChunk } from "../compile.js";
import type { HostCallRequest, HostReply } from "../modules/bridge.js";

/** Serves the host calls of Lua modules (http, kv, crypto); see src/modules/bridge.ts. */
export type HostCallHandler = (req: HostCallRequest) => Promise<HostReply>;

export interface IsolateRunOptions {
  args?: string[];
  instructionLimit?: number;
  memoryLimitBytes?: number;
  timeoutMs: number;
  /** Run under the V8 CPU profiler (synchronously, so the profile covers exactly this run). */
  cpuProfile?: boolean;
}

/** Options of an isolate that are fixed at creation. */
export interface IsolateHostOptions {
  /** V8 inspector support (Chrome DevTools / VS Code; src/inspect/server.ts). */
  inspector?: boolean;
  /** Text appended to the runtime bundle when it is compiled (e.g. a source map comment). */
  runtimeSuffix?: string;
  /** Where host-module calls from this isolate go (none: modules report "not available"). */
  hostCall?: HostCallHandler;
}

/** What `$moonbox.run` returns (see runtime-shims/index.ts). */
export interface RawRunResult {
  ok: boolean;
  values: any[];
  stdout: string;
  error?: { type: string; message: string; line: number; traceback?: string };
  instructions: number;
  /** Isolate heap in use after the run (filled in by the host). */
  heapBytes?: number;
  /** V8 CPU profiles of the run (cpuProfile runs only; src/inspect/profile.ts reads them). */
  cpuProfiles?: ivm.ThreadCpuProfile[];
}

let profileSeq = 0;

/**
 * isolated-vm never disposes the V8 CpuProfiler it creates for each profiled entry, so every
 * profiled run costs a few ms more than the one before on the same isolate. InlinePool
 * replaces an isolate after this many profiled runs.
 */
export const PROFILED_RUNS_PER_ISOLATE = 16;

export class IsolateHost {
  private defined = new Set<string>();
  private methods = new Map<string, ivm.Reference<any>>();
  private constructor(
    readonly isolate: ivm.Isolate,
    private readonly context: ivm.Context,
    private readonly api: ivm.Reference<any>,
    readonly memoryLimitMb: number,
  ) {}

  static async create(memoryLimitMb: number, opts: IsolateHostOptions = {}): Promise<IsolateHost> {
    const isolate = new ivm.Isolate({ memoryLimit: Math.max(8, memoryLimitMb), ...(opts.inspector ? { inspector: true } : {}) });
    const context = await isolate.createContext(opts.inspector ? { inspector: true } : {});
    const bundle = runtimeBundle();
    const script = await isolate.compileScript(bundle.code + (opts.runtimeSuffix ?? ""), { filename: "moonbox-runtime.js" });
    await script.run(context);
    script.release();
    const api = await context.global.get("$moonbox", { reference: true });
    if (opts.hostCall) await installHostBridge(api, opts.hostCall);
    return new IsolateHost(isolate, context, api, memoryLimitMb);
  }

  get disposed(): boolean {
    return this.isolate.isDisposed;
  }

  /** Define a compiled chunk in this isolate (once). */
  async load(chunk: Pick<CompiledChunk, "id" | "code" | "cachedData">): Promise<void> {
    if (this.defined.has(chunk.id)) return;
    const script = await this.isolate.compileScript(chunk.code, {
      // a debug build (src/inspect/chunk.ts) has a URL-like script name for DevTools
      filename: (chunk as { url?: string }).url ?? chunk.id,
      cachedData: chunk.cachedData,
      // (producing a code cache costs more than the compile: skipped for chunks marked codeCache: false)
      produceCachedData: chunk.cachedData === undefined && (chunk as { codeCache?: boolean }).codeCache !== false,
    });
    const produced = (script as any).cachedData as CompiledChunk["cachedData"];
    if (chunk.cachedData === undefined && produced) chunk.cachedData = produced;
    await script.run(this.context, { timeout: 1000 });
    script.release();
    this.defined.add(chunk.id);
  }

  async run(chunk: Pick<CompiledChunk, "id" | "code" | "cachedData">, opts: IsolateRunOptions): Promise<RawRunResult> {
    await this.load(chunk);
    const runOpts = {
      args: opts.args ?? [],
      instructionLimit: opts.instructionLimit,
      memoryLimit: opts.memoryLimitBytes,
      memoryCap: this.memoryLimitMb * 1024 * 1024,
    };
    const r = opts.cpuProfile ? await this.runProfiled([chunk.id, runOpts], opts.timeoutMs) : ((await this.invoke("run", [chunk.id, runOpts], opts.timeoutMs)) as RawRunResult);
    r.heapBytes = this.heapBytes();
    return r;
  }

  /** Runs under the CPU profiler so far (see PROFILED_RUNS_PER_ISOLATE). */
  profiledRuns = 0;

  /**
   * `$moonbox.run` under the CPU profiler. isolated-vm profiles each entry into the isolate
   * that starts while a profiler title is active; an async call may join an entry that began
   * earlier, so the profiled call is synchronous (its own entry, ended when it returns).
   */
  private async runProfiled(args: unknown[], timeoutMs: number): Promise<RawRunResult> {
    this.profiledRuns++;
    if (!this.methods.has("run")) this.methods.set("run", (await this.api.get("run", { reference: true })) as ivm.Reference<any>);
    const title = `moonbox-run-${++profileSeq}`;
    this.isolate.startCpuProfiler(title);
    let stopped = false;
    try {
      const r = this.invokeSync("run", args, timeoutMs)!.value as RawRunResult;
      stopped = true;
      r.cpuProfiles = await this.isolate.stopCpuProfiler(title);
      return r;
    } finally {
      if (!stopped && !this.isolate.isDisposed) await this.isolate.stopCpuProfiler(title).catch(() => undefined);
    }
  }

  /** Call `$moonbox[method](...args)` in the isolate; arguments and result are copied. */
  async invoke(method: string, args: unknown[], timeoutMs: number): Promise<unknown> {
    let fn = this.methods.get(method);
    if (fn === undefined) {
      fn = (await this.api.get(method, { reference: true })) as ivm.Reference<any>;
      this.methods.set(method, fn);
    }
    return fn.apply(undefined, args, { arguments: { copy: true }, result: { copy: true }, timeout: timeoutMs });
  }

  /**
   * Synchronous `$moonbox[method](...args)` (blocks this thread while the isolate runs; for
   * short calls where the async thread hop costs more than the work). Only for methods
   * already used once through invoke() (their reference is cached); otherwise undefined.
   */
  invokeSync(method: string, args: unknown[], timeoutMs: number): { value: unknown } | undefined {
    const fn = this.methods.get(method);
    if (fn === undefined) return undefined;
    return { value: fn.applySync(undefined, args, { arguments: { copy: true }, result: { copy: true }, timeout: timeoutMs }) };
  }

  /** Define a compiled chunk in this isolate (once), synchronously: load() without the thread hop. */
  loadSync(chunk: Pick<CompiledChunk, "id" | "code" | "cachedData">): void {
    if (this.defined.has(chunk.id)) return;
    const script = this.isolate.compileScriptSync(chunk.code, {
      filename: (chunk as { url?: string }).url ?? chunk.id,
      cachedData: chunk.cachedData,
      produceCachedData: chunk.cachedData === undefined && (chunk as { codeCache?: boolean }).codeCache !== false,
    });
    const produced = (script as any).cachedData as CompiledChunk["cachedData"];
    if (chunk.cachedData === undefined && produced) chunk.cachedData = produced;
    script.runSync(this.context, { timeout: 1000 });
    script.release();
    this.defined.add(chunk.id);
  }

  /**
   * Synchronous `$moonbox[method](...args)` for any method (its reference is fetched
   * synchronously on first use). With `timeoutMs`: arguments and result are copied and the
   * call is limited as invoke() does. Without: a raw call, no copy options and no timeout
   * (isolated-vm starts a timer thread per call with a timeout, ~1-2 µs): arguments and the
   * result must be primitives, and the caller must know the call ends on its own (e.g. a
   * predicate evaluation under an instruction limit).
   */
  callSync(method: string, args: unknown[], timeoutMs?: number): unknown {
    let fn = this.methods.get(method);
    if (fn === undefined) {
      fn = this.api.getSync(method, { reference: true }) as ivm.Reference<any>;
      this.methods.set(method, fn);
    }
    if (timeoutMs === undefined) return fn.applySync(undefined, args);
    return fn.applySync(undefined, args, { arguments: { copy: true }, result: { copy: true }, timeout: timeoutMs });
  }

  heapBytes(): number {
    if (this.isolate.isDisposed) return 0;
    const h = this.isolate.getHeapStatisticsSync();
    return h.used_heap_size + h.externally_allocated_size;
  }

  dispose(): void {
    if (!this.isolate.isDisposed) this.isolate.dispose();
  }
}

/**
 * Give the isolate's runtime a Reference to the host-call handler. The isolate calls it with
 * applySyncPromise (it waits; this thread does not); the reply goes back as a copy. The
 * Reference reaches only the runtime, never script code (Lua cannot see JS objects).
 */
async function installHostBridge(api: ivm.Reference<any>, hostCall: HostCallHandler): Promise<void> {
  const ref = new ivm.Reference(async (token: number, module: string, fn: string, args: any[], memoryRemaining: number, startedAt: number) => {
    const reply = await hostCall({ token, module, fn, args, memoryRemaining, startedAt });
    return new ivm.ExternalCopy(reply).copyInto({ release: true });
  });
  const set = (await api.get("setHostBridge", { reference: true })) as ivm.Reference<any>;
  await set.apply(undefined, [ref]);
  set.release();
}

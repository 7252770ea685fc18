// One isolated-vm isolate with the runtime bundle loaded. Compiled chunks are defined in
// it once; each run starts from fresh Lua globals. The host never hands a Reference to
// script code: only the runtime's `$moonbox.run` is called, with copied arguments.
import ivm from "isolated-vm";
import { runtimeBundle } from "./bundle.js";
import type { CompiledChunk } from "../compile.js";

export interface IsolateRunOptions {
  args?: string[];
  instructionLimit?: number;
  memoryLimitBytes?: number;
  timeoutMs: number;
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
}

export class IsolateHost {
  private defined = new Set<string>();
  private methods = new Map<string, ivm.Reference<any>>();
  private constructor(
    readonly isolate: ivm.Isolate,
    private readonly context: ivm.Context,
    private readonly api: ivm.Reference<any>,
    readonly memoryLimitMb: number,
  ) {}

  static async create(memoryLimitMb: number): Promise<IsolateHost> {
    const isolate = new ivm.Isolate({ memoryLimit: Math.max(8, memoryLimitMb) });
    const context = await isolate.createContext();
    const bundle = runtimeBundle();
    const script = await isolate.compileScript(bundle.code, { filename: "moonbox-runtime.js" });
    await script.run(context);
    script.release();
    const api = await context.global.get("$moonbox", { reference: true });
    return new IsolateHost(isolate, context, api, memoryLimitMb);
  }

  get disposed(): boolean {
    return this.isolate.isDisposed;
  }

  /** Define a compiled chunk in this isolate (once). */
  async load(chunk: Pick<CompiledChunk, "id" | "code" | "cachedData">): Promise<void> {
    if (this.defined.has(chunk.id)) return;
    const script = await this.isolate.compileScript(chunk.code, {
      filename: chunk.id,
      cachedData: chunk.cachedData,
      produceCachedData: chunk.cachedData === undefined,
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
    const r = (await this.invoke("run", [chunk.id, runOpts], opts.timeoutMs)) as RawRunResult;
    r.heapBytes = this.heapBytes();
    return r;
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

  heapBytes(): number {
    if (this.isolate.isDisposed) return 0;
    const h = this.isolate.getHeapStatisticsSync();
    return h.used_heap_size + h.externally_allocated_size;
  }

  dispose(): void {
    if (!this.isolate.isDisposed) this.isolate.dispose();
  }
}

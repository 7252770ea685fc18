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
}

export class IsolateHost {
  private defined = new Set<string>();
  private constructor(
    readonly isolate: ivm.Isolate,
    private readonly context: ivm.Context,
    private readonly runFn: ivm.Reference<any>,
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
    const runFn = await api.get("run", { reference: true });
    api.release();
    return new IsolateHost(isolate, context, runFn, memoryLimitMb);
  }

  get disposed(): boolean {
    return this.isolate.isDisposed;
  }

  /** Define a compiled chunk in this isolate (once). */
  async load(chunk: CompiledChunk): Promise<void> {
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

  async run(chunk: CompiledChunk, opts: IsolateRunOptions): Promise<RawRunResult> {
    await this.load(chunk);
    const runOpts = {
      args: opts.args ?? [],
      instructionLimit: opts.instructionLimit,
      memoryLimit: opts.memoryLimitBytes,
    };
    return (await this.runFn.apply(undefined, [chunk.id, runOpts], {
      arguments: { copy: true },
      result: { copy: true },
      timeout: opts.timeoutMs,
    })) as RawRunResult;
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

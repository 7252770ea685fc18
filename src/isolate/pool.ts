// Isolate pools. Two kinds with one interface:
// - InlinePool: isolates in this process (fastest; an isolate that hits its memory limit is
//   disposed by V8 and replaced).
// - ProcessPool (process-pool.ts): each isolate in its own child process, so even a V8 fatal
//   out-of-memory cannot take the caller down; a dead child is restarted and only the run
//   inside it fails.
import { IsolateHost, IsolateHostOptions, IsolateRunOptions, RawRunResult, PROFILED_RUNS_PER_ISOLATE, type HostCallHandler } from "./host.js";
import type { CompiledChunk } from "../compile.js";

/** A chunk as it travels to an isolate (the code cache stays with the isolate). */
export interface ChunkCode {
  id: string;
  code: string;
  /** false: do not produce a V8 code cache when defining it (chunks used by one isolate only). */
  codeCache?: boolean;
}

export interface InvokeOptions {
  timeoutMs: number;
  /** Run on this isolate (0..size-1); default: any idle one. */
  slot?: number;
  /** Chunks the call needs defined first. */
  chunks?: ChunkCode[];
}

/** Thrown by a pool when the isolate (or its process) failed, not the script. */
export class IsolateFailure extends Error {
  constructor(
    readonly kind: "memory" | "timeout" | "crash",
    message: string,
  ) {
    super(message);
  }
}

export interface IsolatePool {
  readonly size: number;
  /** Run a chunk's main function with fresh globals. */
  run(chunk: ChunkCode, opts: IsolateRunOptions): Promise<RawRunResult>;
  /** Call `$moonbox[method](...args)` inside an isolate (arguments and result are copied). */
  invoke(method: string, args: unknown[], opts: InvokeOptions): Promise<any>;
  /** Isolates started or restarted since creation (for metrics). */
  readonly restarts: number;
  dispose(): Promise<void>;
}

export interface PoolOptions {
  size: number;
  memoryLimitMb: number;
  /** Isolate options (InlinePool only; e.g. the inspector). */
  host?: IsolateHostOptions;
  /** Where host-module calls (http, kv, crypto) from the isolates go. */
  hostCall?: HostCallHandler;
  /** Called with every isolate an InlinePool starts (first start and restarts). */
  onIsolate?: (host: IsolateHost, slot: number) => void;
}

/** Classify an exception from isolated-vm. */
export function classifyIsolateError(e: unknown, disposed: boolean): IsolateFailure {
  const msg = String((e as any)?.message ?? e);
  if (disposed || /memory limit|disposed/i.test(msg)) return new IsolateFailure("memory", msg);
  if (/timed out/i.test(msg)) return new IsolateFailure("timeout", msg);
  return new IsolateFailure("crash", msg);
}

/**
 * Which isolate a call may use: one call at a time per slot, waiters served in order (a
 * waiter may ask for a given slot). `started(i)` lets an idle, already started slot win.
 */
export class SlotQueue {
  private busy: boolean[];
  private waiters: { slot?: number; resolve: (i: number) => void }[] = [];

  constructor(
    size: number,
    private readonly started: (i: number) => boolean,
  ) {
    this.busy = new Array(size).fill(false);
  }

  /** Take slot i now if it is idle (for synchronous calls); false otherwise. */
  tryTake(i: number): boolean {
    if (this.busy[i]) return false;
    this.busy[i] = true;
    return true;
  }

  acquire(slot?: number): Promise<number> {
    let free: number;
    if (slot !== undefined) free = this.busy[slot] ? -1 : slot;
    else {
      free = this.busy.findIndex((b, i) => !b && this.started(i));
      if (free < 0) free = this.busy.indexOf(false);
    }
    if (free >= 0) {
      this.busy[free] = true;
      return Promise.resolve(free);
    }
    return new Promise((resolve) => this.waiters.push({ slot, resolve }));
  }

  release(i: number): void {
    const w = this.waiters.findIndex((x) => x.slot === undefined || x.slot === i);
    if (w >= 0) {
      const [x] = this.waiters.splice(w, 1);
      x.resolve(i);
    } else this.busy[i] = false;
  }
}

interface Slot {
  host: IsolateHost | undefined;
}

export class InlinePool implements IsolatePool {
  private slots: Slot[];
  private queue: SlotQueue;
  restarts = 0;
  private closed = false;

  constructor(private readonly opts: PoolOptions) {
    this.slots = Array.from({ length: opts.size }, () => ({ host: undefined }));
    this.queue = new SlotQueue(opts.size, (i) => this.slots[i].host !== undefined);
  }

  get size(): number {
    return this.slots.length;
  }

  private async host(i: number): Promise<IsolateHost> {
    const s = this.slots[i];
    if (s.host && !s.host.disposed) return s.host;
    if (s.host) this.restarts++;
    s.host = await IsolateHost.create(this.opts.memoryLimitMb, { ...this.opts.host, hostCall: this.opts.hostCall });
    this.opts.onIsolate?.(s.host, i);
    return s.host;
  }

  /** The isolates started so far (e.g. to profile them; src/inspect). */
  startedHosts(): IsolateHost[] {
    return this.slots.flatMap((s) => (s.host && !s.host.disposed ? [s.host] : []));
  }

  /** Start every isolate now (pool fill) instead of on first use. */
  async fill(): Promise<void> {
    await Promise.all(this.slots.map((_, i) => this.host(i)));
  }

  private async withHost<T>(slot: number | undefined, f: (h: IsolateHost) => Promise<T>): Promise<T> {
    if (this.closed) throw new IsolateFailure("crash", "pool is closed");
    const i = await this.queue.acquire(slot);
    let h: IsolateHost | undefined;
    try {
      h = await this.host(i);
      return await f(h);
    } catch (e) {
      if (e instanceof IsolateFailure) throw e;
      throw classifyIsolateError(e, h?.disposed ?? false);
    } finally {
      if (h?.disposed) this.slots[i].host = undefined; // replaced on next use
      this.queue.release(i);
    }
  }

  run(chunk: ChunkCode, opts: IsolateRunOptions): Promise<RawRunResult> {
    return this.withHost(undefined, async (h) => {
      const r = await h.run(chunk as CompiledChunk, opts);
      // profiling slows an isolate down for good (see PROFILED_RUNS_PER_ISOLATE): start afresh
      if (opts.cpuProfile && h.profiledRuns >= PROFILED_RUNS_PER_ISOLATE) h.dispose();
      return r;
    });
  }

  invoke(method: string, args: unknown[], opts: InvokeOptions): Promise<any> {
    return this.withHost(opts.slot, async (h) => {
      for (const c of opts.chunks ?? []) await h.load(c as CompiledChunk);
      return h.invoke(method, args, opts.timeoutMs);
    });
  }

  /**
   * Call `$moonbox[method](...args)` synchronously on isolate `slot` if it is idle and started
   * and the method was invoked there before; undefined otherwise (use invoke()). Isolate
   * failures throw IsolateFailure as invoke() does.
   */
  tryInvokeSync(method: string, args: unknown[], opts: { slot: number; timeoutMs: number }): { value: any } | undefined {
    const s = this.slots[opts.slot];
    if (this.closed || s === undefined || s.host === undefined || s.host.disposed || !this.queue.tryTake(opts.slot)) return undefined;
    const h = s.host;
    try {
      return h.invokeSync(method, args, opts.timeoutMs);
    } catch (e) {
      throw e instanceof IsolateFailure ? e : classifyIsolateError(e, h.disposed);
    } finally {
      if (h.disposed) s.host = undefined;
      this.queue.release(opts.slot);
    }
  }

  /**
   * tryInvokeSync for any method, defining `chunks` first (compiled synchronously), on isolate
   * `slot` if it is idle and started; undefined otherwise. Without `timeoutMs`: a raw call
   * (primitive arguments and result, no timeout; see IsolateHost.callSync).
   */
  tryCallSync(slot: number, method: string, args: unknown[], opts: { timeoutMs?: number; chunks?: ChunkCode[] } = {}): { value: any } | undefined {
    const s = this.slots[slot];
    if (this.closed || s === undefined || s.host === undefined || s.host.disposed || !this.queue.tryTake(slot)) return undefined;
    const h = s.host;
    try {
      if (opts.chunks !== undefined) for (const c of opts.chunks) h.loadSync(c as CompiledChunk);
      return { value: h.callSync(method, args, opts.timeoutMs) };
    } catch (e) {
      throw e instanceof IsolateFailure ? e : classifyIsolateError(e, h.disposed);
    } finally {
      if (h.disposed) s.host = undefined;
      this.queue.release(slot);
    }
  }

  async dispose(): Promise<void> {
    this.closed = true;
    for (const s of this.slots) s.host?.dispose();
  }
}

// Each isolate in its own child process (see pool.ts). The parent keeps the queue, sends a
// chunk's code to a child once, and restarts a child that dies; the request in flight then
// fails with an IsolateFailure ("memory" when V8 aborted, as it does on a fatal OOM).
import { fork, ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { IsolatePool, SlotQueue, PoolOptions, ChunkCode, InvokeOptions, IsolateFailure } from "./pool.js";
import type { IsolateRunOptions, RawRunResult } from "./host.js";

interface Pending {
  resolve: (v: any) => void;
  reject: (e: unknown) => void;
  timer: NodeJS.Timeout;
}

interface Child {
  proc: ChildProcess | undefined;
  ready: Promise<void> | undefined;
  known: Set<string>;
  pending: Pending | undefined;
}

/** Extra wall-clock time past a run's timeout before the parent kills a stuck child. */
const WATCHDOG_GRACE_MS = 2000;

const here = fileURLToPath(import.meta.url);
const workerFile = here.replace(/process-pool\.(ts|js)$/, "worker.$1");
// running from TypeScript sources (tests): the child needs the tsx loader too
const workerExecArgv = ["--no-node-snapshot", ...(here.endsWith(".ts") ? ["--import", "tsx"] : [])];

export class ProcessPool implements IsolatePool {
  private children: Child[];
  private queue: SlotQueue;
  private seq = 0;
  restarts = 0;
  private closed = false;

  constructor(private readonly opts: PoolOptions) {
    this.children = Array.from({ length: opts.size }, () => ({ proc: undefined, ready: undefined, known: new Set<string>(), pending: undefined }));
    this.queue = new SlotQueue(opts.size, (i) => this.children[i].proc !== undefined);
  }

  get size(): number {
    return this.children.length;
  }

  private start(c: Child): Promise<void> {
    if (c.proc && c.ready) return c.ready;
    const proc = fork(workerFile, [], {
      execArgv: workerExecArgv,
      serialization: "advanced",
      stdio: ["ignore", "inherit", "inherit", "ipc"],
      env: { ...process.env, MOONBOX_MEMORY_MB: String(this.opts.memoryLimitMb) },
    });
    c.proc = proc;
    c.known = new Set();
    c.ready = new Promise<void>((resolve, reject) => {
      const onMsg = (m: any) => {
        if (m && m.ready) {
          proc.off("message", onMsg);
          resolve();
        }
      };
      proc.on("message", onMsg);
      proc.once("exit", () => reject(new IsolateFailure("crash", "isolate process exited during start-up")));
    });
    proc.on("message", (m: any) => {
      if (m?.hostCall !== undefined) return this.serveHostCall(proc, m.hostCall, m.req);
      if (m?.seq === undefined || !c.pending) return;
      const p = c.pending;
      c.pending = undefined;
      clearTimeout(p.timer);
      if (m.reset) c.known = new Set(); // the child replaced its isolate: it has no chunks now
      if (m.ok) p.resolve(m.result);
      else {
        // the child replaces an isolate that died of memory: it starts with no chunks
        if (m.kind === "memory") c.known = new Set();
        p.reject(new IsolateFailure(m.kind, m.message));
      }
    });
    proc.on("exit", (code, signal) => {
      if (c.proc === proc) {
        c.proc = undefined;
        c.ready = undefined;
        if (!this.closed) this.restarts++;
      }
      const p = c.pending;
      if (p) {
        c.pending = undefined;
        clearTimeout(p.timer);
        // V8's fatal out-of-memory aborts the process (SIGABRT / SIGTRAP)
        const oom = signal === "SIGABRT" || signal === "SIGTRAP" || code === 134 || code === 133;
        p.reject(new IsolateFailure(oom ? "memory" : "crash", `isolate process died (${signal ?? `exit ${code}`})`));
      }
    });
    return c.ready;
  }

  /** A module call from a child's isolate: served here (one set of modules, caches and connections for all children). */
  private serveHostCall(proc: ChildProcess, id: number, req: any): void {
    const reply = this.opts.hostCall
      ? this.opts.hostCall(req)
      : Promise.resolve({ ok: false as const, type: "script_runtime_error" as const, message: "host modules are not available in this engine", retryable: false });
    void reply.then((r) => {
      if (proc.connected) proc.send({ hostReply: id, reply: r });
    });
  }

  /** Start every child now (pool fill) instead of on first use. */
  async fill(): Promise<void> {
    await Promise.all(this.children.map((c) => this.start(c)));
  }

  private async request(slot: number | undefined, msg: any, chunks: ChunkCode[], timeoutMs: number): Promise<any> {
    if (this.closed) throw new IsolateFailure("crash", "pool is closed");
    const i = await this.queue.acquire(slot);
    const c = this.children[i];
    try {
      await this.start(c);
      const send = chunks.filter((ch) => !c.known.has(ch.id)).map((ch) => ({ id: ch.id, code: ch.code, codeCache: ch.codeCache }));
      for (const ch of send) c.known.add(ch.id);
      return await new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          // the isolate's own timeout did not fire: kill the child (it is restarted)
          c.pending = undefined;
          c.proc?.kill("SIGKILL");
          reject(new IsolateFailure("timeout", "isolate process did not answer in time"));
        }, timeoutMs + WATCHDOG_GRACE_MS);
        c.pending = { resolve, reject, timer };
        c.proc!.send({ ...msg, seq: ++this.seq, chunks: send, timeoutMs });
      });
    } finally {
      this.queue.release(i);
    }
  }

  run(chunk: ChunkCode, opts: IsolateRunOptions): Promise<RawRunResult> {
    return this.request(undefined, { kind: "run", chunk: { id: chunk.id, code: "" }, opts }, [chunk], opts.timeoutMs);
  }

  invoke(method: string, args: unknown[], opts: InvokeOptions): Promise<any> {
    return this.request(opts.slot, { kind: "invoke", method, args }, opts.chunks ?? [], opts.timeoutMs);
  }

  async dispose(): Promise<void> {
    this.closed = true;
    for (const c of this.children) c.proc?.kill();
  }
}

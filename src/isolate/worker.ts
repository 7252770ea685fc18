// A pool child process: owns one isolate and serves run/invoke requests from the parent
// over IPC, one at a time. If V8 dies of out-of-memory here, only this process dies.
import { IsolateHost, PROFILED_RUNS_PER_ISOLATE } from "./host.js";
import { classifyIsolateError } from "./pool.js";
import type { HostCallRequest, HostReply } from "../modules/bridge.js";

const memoryLimitMb = Number(process.env.MOONBOX_MEMORY_MB ?? 64);
let host: IsolateHost | undefined;

// Host-module calls go to the parent, which owns the modules (one HTTP cache, one Redis
// connection, the private keys): this process only forwards them.
const hostCalls = new Map<number, (r: HostReply) => void>();
let hostCallSeq = 0;
function hostCall(req: HostCallRequest): Promise<HostReply> {
  const id = ++hostCallSeq;
  return new Promise((resolve) => {
    hostCalls.set(id, resolve);
    process.send!({ hostCall: id, req });
  });
}
const createHost = () => IsolateHost.create(memoryLimitMb, { hostCall });

interface Request {
  seq: number;
  kind: "run" | "invoke";
  chunks?: { id: string; code: string }[];
  chunk?: { id: string; code: string };
  opts?: any;
  method?: string;
  args?: unknown[];
  timeoutMs: number;
}

async function handle(msg: Request): Promise<void> {
  try {
    if (host === undefined || host.disposed) host = await createHost();
    for (const c of msg.chunks ?? []) await host.load(c);
    const result = msg.kind === "run" ? await host.run(msg.chunk!, msg.opts) : await host.invoke(msg.method!, msg.args ?? [], msg.timeoutMs);
    // profiling slows an isolate down for good (see PROFILED_RUNS_PER_ISOLATE): start afresh;
    // the parent learns that the chunks are gone from `reset`
    let reset = false;
    if (msg.opts?.cpuProfile && host.profiledRuns >= PROFILED_RUNS_PER_ISOLATE) {
      host.dispose();
      host = undefined;
      reset = true;
    }
    process.send!({ seq: msg.seq, ok: true, result, ...(reset ? { reset } : {}) });
  } catch (e) {
    const f = classifyIsolateError(e, host?.disposed ?? false);
    if (host?.disposed) host = undefined;
    process.send!({ seq: msg.seq, ok: false, kind: f.kind, message: f.message });
  }
}

process.on("message", (msg: Request & { hostReply?: number; reply?: HostReply }) => {
  if (msg.hostReply !== undefined) {
    const resolve = hostCalls.get(msg.hostReply);
    hostCalls.delete(msg.hostReply);
    resolve?.(msg.reply!);
    return;
  }
  void handle(msg);
});
process.on("disconnect", () => process.exit(0));
createHost().then(
  (h) => {
    host = h;
    process.send!({ ready: true });
  },
  (e) => {
    process.stderr.write(`moonbox worker: cannot start isolate: ${e}\n`);
    process.exit(1);
  },
);

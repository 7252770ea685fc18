// Prometheus metrics for Moonbox (prom-client). The Engine reports to a MoonboxMetrics given in
// its options; `serveMetrics` exposes a registry over HTTP (127.0.0.1 unless allowed
// otherwise). Cardinality stays bounded: scripts are labelled by a 12-hex prefix of their
// sha256 (or a name the caller supplies), at most `maxScripts` distinct values, then "other".
//
//   moonbox_runs_total{script,outcome}              runs by script and outcome ("ok" or an error type)
//   moonbox_run_duration_seconds{script}            histogram of run wall time (compile + run)
//   moonbox_errors_total{type}                      script errors by ScriptError type
//   moonbox_instructions_total{script}              instruction units used (runs with a budget)
//   moonbox_heap_high_water_bytes{script}           highest isolate heap seen after a run
//   moonbox_compile_cache_hits_total / _misses_total   compiled-chunk cache
//   moonbox_transpile_duration_seconds              histogram of Lua -> JS transpile time (misses)
//   moonbox_module_calls_total{module,function,outcome}, moonbox_module_call_duration_seconds{module,function}
//   moonbox_pool_size{pool}, moonbox_pool_restarts_total{pool}   isolates in a pool, isolates restarted
import { createServer, Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Registry, Counter, Gauge, Histogram, collectDefaultMetrics } from "prom-client";

export interface MetricsOptions {
  /** Registry to register in (default: a new one). */
  registry?: Registry;
  /** Metric name prefix (default "moonbox_"). */
  prefix?: string;
  /** Distinct script label values before "other" (default 1000). */
  maxScripts?: number;
  /** Also collect prom-client's process metrics (CPU, memory, event loop) in the registry. */
  processMetrics?: boolean;
  /** Buckets of moonbox_run_duration_seconds (default 0.5 ms .. 10 s). */
  durationBuckets?: number[];
}

export interface RunObservation {
  /** Script hash (sha256 hex) or a caller-supplied script name. */
  script: string;
  /** "ok" or the ScriptError type. */
  outcome: string;
  durationMs: number;
  instructions: number;
  heapBytes: number;
}

/** What a pool exposes for metrics (IsolatePool fits). */
export interface PoolLike {
  readonly size: number;
  readonly restarts: number;
}

export class MoonboxMetrics {
  readonly registry: Registry;
  private readonly runs: Counter<"script" | "outcome">;
  private readonly duration: Histogram<"script">;
  private readonly errors: Counter<"type">;
  private readonly instructions: Counter<"script">;
  private readonly heapHigh: Gauge<"script">;
  private readonly cacheHits: Counter;
  private readonly cacheMisses: Counter;
  private readonly transpile: Histogram;
  private readonly moduleCalls: Counter<"module" | "function" | "outcome">;
  private readonly moduleLatency: Histogram<"module" | "function">;
  private readonly pools = new Map<string, PoolLike>();
  private readonly restartsSeen = new Map<string, number>();
  private readonly scripts = new Map<string, string>();
  private readonly heapMax = new Map<string, number>();
  private readonly seenChunks = new WeakSet<object>();
  private readonly maxScripts: number;

  constructor(opts: MetricsOptions = {}) {
    const p = opts.prefix ?? "moonbox_";
    const registers = [(this.registry = opts.registry ?? new Registry())];
    this.maxScripts = opts.maxScripts ?? 1000;
    this.runs = new Counter({ name: p + "runs_total", help: "Script runs by script and outcome (ok or the error type)", labelNames: ["script", "outcome"], registers });
    this.duration = new Histogram({
      name: p + "run_duration_seconds",
      help: "Run wall time: compile (on a cache miss), queueing and execution",
      labelNames: ["script"],
      buckets: opts.durationBuckets ?? [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.errors = new Counter({ name: p + "errors_total", help: "Script errors by type", labelNames: ["type"], registers });
    this.instructions = new Counter({ name: p + "instructions_total", help: "Instruction units used (runs with an instruction limit)", labelNames: ["script"], registers });
    this.heapHigh = new Gauge({ name: p + "heap_high_water_bytes", help: "Highest isolate heap in use seen after a run", labelNames: ["script"], registers });
    this.cacheHits = new Counter({ name: p + "compile_cache_hits_total", help: "Compiled-chunk cache hits", registers });
    this.cacheMisses = new Counter({ name: p + "compile_cache_misses_total", help: "Compiled-chunk cache misses (Lua transpiled)", registers });
    this.transpile = new Histogram({ name: p + "transpile_duration_seconds", help: "Lua to JavaScript transpile time", buckets: [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1], registers });
    this.moduleCalls = new Counter({ name: p + "module_calls_total", help: "Host module calls (kv, http, crypto, ...) by outcome", labelNames: ["module", "function", "outcome"], registers });
    this.moduleLatency = new Histogram({
      name: p + "module_call_duration_seconds",
      help: "Host module call latency",
      labelNames: ["module", "function"],
      buckets: [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
      registers,
    });
    const pools = this.pools;
    const restartsSeen = this.restartsSeen;
    new Gauge({
      name: p + "pool_size",
      help: "Isolates in the pool",
      labelNames: ["pool"],
      registers,
      collect() {
        for (const [name, pool] of pools) this.set({ pool: name }, pool.size);
      },
    });
    new Counter({
      name: p + "pool_restarts_total",
      help: "Isolates (or isolate processes) restarted after a failure",
      labelNames: ["pool"],
      registers,
      collect() {
        for (const [name, pool] of pools) {
          const seen = restartsSeen.get(name) ?? 0;
          if (pool.restarts > seen) this.inc({ pool: name }, pool.restarts - seen);
          else if (seen === 0) this.inc({ pool: name }, 0);
          restartsSeen.set(name, Math.max(seen, pool.restarts));
        }
      },
    });
    if (opts.processMetrics) collectDefaultMetrics({ register: this.registry, prefix: p + "process_" });
  }

  /** The label for a script: names pass through, hashes are cut to 12 hex; capped cardinality. */
  scriptLabel(script: string): string {
    let l = this.scripts.get(script);
    if (l !== undefined) return l;
    l = /^[0-9a-f]{64}$/.test(script) ? script.slice(0, 12) : script.slice(0, 64);
    if (this.scripts.size >= this.maxScripts) return "other";
    this.scripts.set(script, l);
    return l;
  }

  observeRun(o: RunObservation): void {
    const script = this.scriptLabel(o.script);
    this.runs.inc({ script, outcome: o.outcome });
    this.duration.observe({ script }, o.durationMs / 1000);
    if (o.outcome !== "ok") this.errors.inc({ type: o.outcome });
    if (o.instructions > 0) this.instructions.inc({ script }, o.instructions);
    if (o.heapBytes > (this.heapMax.get(script) ?? 0)) {
      this.heapMax.set(script, o.heapBytes);
      this.heapHigh.set({ script }, o.heapBytes);
    }
  }

  /**
   * A compiled chunk handed out by the (process-wide) compile cache: the first sighting of a
   * chunk object is the miss that created it, later ones are hits.
   */
  observeCompile(chunk: object & { transpileMs?: number }): void {
    if (this.seenChunks.has(chunk)) {
      this.cacheHits.inc();
      return;
    }
    this.seenChunks.add(chunk);
    this.cacheMisses.inc();
    if (chunk.transpileMs !== undefined) this.transpile.observe(chunk.transpileMs / 1000);
  }

  /** A host module call (for module implementations: kv, http, crypto, ...). */
  observeModuleCall(module: string, fn: string, seconds: number, ok: boolean): void {
    this.moduleCalls.inc({ module, function: fn, outcome: ok ? "ok" : "error" });
    this.moduleLatency.observe({ module, function: fn }, seconds);
  }

  /** Report a pool's size and restarts (read at scrape time). */
  attachPool(pool: PoolLike, name = "default"): void {
    this.pools.set(name, pool);
  }

  detachPool(name = "default"): void {
    this.pools.delete(name);
  }

  /** Prometheus text exposition. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

export interface MetricsServerOptions {
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Required for a non-loopback host. */
  allowRemote?: boolean;
  /** Default "/metrics". */
  path?: string;
}

export interface MetricsServer {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

/** Serve `GET /metrics` (Prometheus text) on 127.0.0.1:port. */
export async function serveMetrics(source: MoonboxMetrics | Registry, opts: MetricsServerOptions = {}): Promise<MetricsServer> {
  const host = opts.host ?? "127.0.0.1";
  const loopback = host === "localhost" || host === "::1" || /^127\./.test(host);
  if (!loopback && !opts.allowRemote) throw new Error(`moonbox metrics: refusing to listen on non-loopback address ${host} (set allowRemote to allow it)`);
  const registry = source instanceof MoonboxMetrics ? source.registry : source;
  const path = opts.path ?? "/metrics";
  const server: Server = createServer((req, res) => {
    if (req.method !== "GET" || (req.url ?? "").split("?")[0] !== path) {
      res.writeHead(404).end("not found\n");
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { "Content-Type": registry.contentType }).end(text),
      (e) => res.writeHead(500).end(String(e?.message ?? e) + "\n"),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 9464, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const h = host.includes(":") ? `[${host}]` : host;
  return {
    port,
    url: `http://${h}:${port}${path}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

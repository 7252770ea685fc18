// LuaEngine: the predicate-runtime spec's engine on Moonbox's isolate pool.
//
// Rules (Lua chunks returning a predicate function) are compiled on the host and loaded
// into one isolate each, spread over the pool (fewest rules first), so a batch runs on
// every core holding one of its rules. A batch is encoded once (EventBatch) and crosses
// into each isolate involved in one call; the isolate runs its rules over every event and
// returns compact match lists, alerts and per-rule, per-event errors.
//
// Hot reload: loading a rule id again compiles and instantiates the new version next to the
// old one, then switches. Batches already started keep evaluating the version they started
// with; the old instance is dropped once no batch refers to it.
import { Engine, failureToScriptError } from "../engine.js";
import { IsolateFailure, IsolatePool, InlinePool, ChunkCode } from "../isolate/pool.js";
import { compileLua, CompiledChunk, LuaSource } from "../compile.js";
import { ScriptError, ScriptErrorType, SCRIPT_ERROR_TYPES } from "../errors.js";
import type { EvalResult, EvalExtra, Limits, RuleSpec } from "../runtime-shims/predicate.js";
import { SHARED_HEADER, type WireBatch } from "../runtime-shims/predicate/layout.js";
import type { RunError } from "../runtime-shims/run.js";
import { SchemaRegistry } from "./schema.js";
import { Event } from "./event.js";
import { EventBatch } from "./batch.js";
import { BatchResult, Alert, RuleEvalError } from "./result.js";

// ---------------------------------------------------------------- config

/**
 * The spec's LuaConfig. (The spec's snake_case names are accepted too:
 * `{ memory_limit_kb, instruction_limit, enable_ffi, enable_jit }`.)
 */
export interface LuaConfig {
  /** Allocation accounting limit per evaluation (and per rule load), KB. Default 1024. */
  memoryLimitKb: number;
  /** Instruction budget per evaluation (loop iterations + calls + library work). Default 1,000,000. */
  instructionLimit: number;
  /** Must be false: the sandbox has no FFI. `true` is rejected (script_disabled). */
  enableFfi: boolean;
  /**
   * Accepted for compatibility; Moonbox always runs predicates as JavaScript that V8
   * compiles (interpreter first, optimizing tiers for hot code), and V8's JIT cannot be
   * switched off per isolate. `false` therefore changes nothing and is reported by info().
   */
  enableJit: boolean;
}

export const DEFAULT_LUA_CONFIG: Readonly<LuaConfig> = Object.freeze({
  memoryLimitKb: 1024,
  instructionLimit: 1_000_000,
  enableFfi: false,
  enableJit: true,
});

type SnakeConfig = { memory_limit_kb?: number; instruction_limit?: number; enable_ffi?: boolean; enable_jit?: boolean };

/** Defaults filled in, snake_case accepted, everything checked. Throws LuaRuntimeError. */
export function luaConfig(c: Partial<LuaConfig> & SnakeConfig = {}): LuaConfig {
  const cfg: LuaConfig = {
    memoryLimitKb: c.memoryLimitKb ?? c.memory_limit_kb ?? DEFAULT_LUA_CONFIG.memoryLimitKb,
    instructionLimit: c.instructionLimit ?? c.instruction_limit ?? DEFAULT_LUA_CONFIG.instructionLimit,
    enableFfi: c.enableFfi ?? c.enable_ffi ?? DEFAULT_LUA_CONFIG.enableFfi,
    enableJit: c.enableJit ?? c.enable_jit ?? DEFAULT_LUA_CONFIG.enableJit,
  };
  if (cfg.enableFfi !== false) {
    throw new LuaRuntimeError("script_disabled", "enable_ffi: the FFI is not available: Moonbox runs Lua in a sandbox without native code access (set enableFfi: false)");
  }
  if (typeof cfg.enableJit !== "boolean") throw new LuaRuntimeError("script_disabled", "enable_jit must be a boolean");
  if (!(cfg.memoryLimitKb > 0)) throw new LuaRuntimeError("script_memory_limit", `memory_limit_kb must be a positive number, got ${cfg.memoryLimitKb}`);
  if (!(cfg.instructionLimit > 0)) throw new LuaRuntimeError("script_timeout", `instruction_limit must be a positive number, got ${cfg.instructionLimit}`);
  return cfg;
}

export interface LuaEngineOptions {
  /** "process" (default): isolates in child processes; "inline": in this process (faster crossing). */
  isolation?: "process" | "inline";
  /** Isolates (default: CPU cores). Rules are spread over them. */
  poolSize?: number;
  /** Hard heap cap per isolate, MB (default 128). */
  isolateMemoryMb?: number;
  /** Time one rule may spend on one batch before its remaining events fail with script_timeout (default 2000 ms). */
  ruleBatchTimeMs?: number;
  /** Alerts one evaluation may emit (default 100; more is a runtime error of that evaluation). */
  maxAlertsPerEvaluation?: number;
  /** Time limit for loading rules into an isolate (default 10 s). */
  loadTimeoutMs?: number;
  /**
   * With inline isolation, a call that needs one isolate and at most this many evaluations
   * (events x rules) runs synchronously on the calling thread when that isolate is idle:
   * it saves the async thread hop (~20 us) that dominates small batches and single-event
   * latency, and blocks the event loop for at most about this many x 100 ns. Loads of a few
   * rules (at most 8) into an idle inline isolate are synchronous too (compile and
   * instantiate, ~100 µs). 0 disables both. Default 20,000.
   */
  syncMaxEvaluations?: number;
  /**
   * Rules loaded together are compiled as one V8 script per isolate (fewer isolate round
   * trips, less memory per rule). false: one script per rule, named by its chunk id, as CPU
   * profilers and debuggers name frames (src/inspect). Default true.
   */
  groupScripts?: boolean;
}

/** The spec's LuaRuntimeError: a ScriptError with the rule and event it concerns. */
export class LuaRuntimeError extends ScriptError {
  constructor(
    type: ScriptErrorType,
    message: string,
    line?: number,
    readonly ruleId?: string,
    readonly eventIndex?: number,
  ) {
    super(type, message, line);
    this.name = "LuaRuntimeError";
  }

  static from(e: unknown, ruleId?: string): LuaRuntimeError {
    if (e instanceof LuaRuntimeError) return e;
    if (e instanceof ScriptError) return new LuaRuntimeError(e.type, e.message, e.line, ruleId);
    return new LuaRuntimeError("script_runtime_error", String((e as any)?.message ?? e), undefined, ruleId);
  }
}

function errorType(t: string): ScriptErrorType {
  return (SCRIPT_ERROR_TYPES as readonly string[]).includes(t) ? (t as ScriptErrorType) : "script_runtime_error";
}

function fromRunError(e: RunError, ruleId?: string, eventIndex?: number): LuaRuntimeError {
  return new LuaRuntimeError(errorType(e.type), e.message, e.line || undefined, ruleId, eventIndex);
}

// ---------------------------------------------------------------- rules

/** One loaded version of a rule. */
interface Version {
  /** The instance handle in the isolate (its sequence number; -1 for one-shot scripts). */
  key: number;
  ruleId: string;
  seq: number;
  chunk: CompiledChunk;
  slot: number;
  /** Batches in flight that use this version. */
  refs: number;
  retired: boolean;
  loadedAt: number;
  /** Isolate deaths this version caused running alone. */
  crashes: number;
  /** Set once the version killed its isolate on its own twice: it is not run any more. */
  quarantined?: ScriptError;
}

export interface RuleInfo {
  ruleId: string;
  /** Increases with every (re)load of any rule. */
  version: number;
  /** Isolate slot holding the rule. */
  slot: number;
  /** Host transpile time (0 when the compiled chunk came from the cache), ms. */
  transpileMs: number;
}

export type RuleLoadResult = { ruleId: string; ok: true; info: RuleInfo } | { ruleId: string; ok: false; error: LuaRuntimeError };

export interface BatchOptions {
  /** Evaluate only these rules (default: every loaded rule). */
  rules?: readonly string[];
}

/**
 * Largest instruction limit under which single evaluations run without an isolate timeout
 * (rawCalls; the default limit is 1M).
 */
const RAW_CALL_MAX_INSTRUCTIONS = 10_000_000;

/** Loads of at most this many rules into an idle inline isolate are synchronous (see instantiate). */
const SYNC_LOAD_MAX_RULES = 8;

/** The instance handle of one-shot scripts (evaluate, evaluateScript). */
const SCRIPT_HANDLE = -1;
/** Rules and scripts compile as predicate chunks (event-method and global-call fast paths). */
const PREDICATE = { predicate: true } as const;
const LOADED = { ok: true };

export class LuaEngine {
  readonly config: Readonly<LuaConfig>;
  readonly schema: SchemaRegistry;
  private readonly engine: Engine;
  private readonly opts: Required<LuaEngineOptions>;
  private readonly rules = new Map<string, Version>();
  /** Latest sequence number that changed each rule id (load started, or removal). */
  private readonly latest = new Map<string, number>();
  private seq = 0;
  private readonly slotRules: number[];
  private readonly unloadQueue: number[][];
  /** Per slot: the buffer shared with an inline isolate (see wireRequests, sharedCall). */
  private readonly shares: (SlotShare | undefined)[];
  private readonly sharing: boolean[];
  /** Isolates in this process (InlinePool): calls can be synchronous and share buffers. */
  private readonly inline: boolean;
  private readonly slotSchema: number[];
  private readonly queues: SlotQueue[];
  private scriptSlot = 0;
  /**
   * Single-event evaluations call the isolate raw: no copy options and no isolate timeout
   * (isolated-vm starts a timer thread per call with a timeout, a p99 cost of microseconds).
   * Safe only because the instruction limit ends every evaluation: each loop back-edge,
   * function entry, metamethod call and unit of library work is charged. Without a limit
   * (or a very large one) the isolate timeout stays.
   */
  private readonly rawCalls: boolean;
  private disposed = false;

  private constructor(engine: Engine, config: LuaConfig, schema: SchemaRegistry, opts: Required<LuaEngineOptions>) {
    this.engine = engine;
    this.config = Object.freeze({ ...config });
    this.schema = schema;
    this.opts = opts;
    const n = engine.pool.size;
    this.slotRules = new Array(n).fill(0);
    this.unloadQueue = Array.from({ length: n }, () => []);
    this.slotSchema = new Array(n).fill(-1);
    this.queues = Array.from({ length: n }, () => ({ busy: false, jobs: [], alone: [] }));
    this.shares = new Array(n).fill(undefined);
    this.sharing = new Array(n).fill(false);
    this.inline = typeof (engine.pool as Partial<InlinePool>).tryInvokeSync === "function";
    this.rawCalls = this.inline && config.instructionLimit <= RAW_CALL_MAX_INSTRUCTIONS;
  }

  /** Create an engine: validate the config, start the isolates. */
  static async create(config: Partial<LuaConfig> & SnakeConfig = {}, schema: SchemaRegistry = new SchemaRegistry(), options: LuaEngineOptions = {}): Promise<LuaEngine> {
    const cfg = luaConfig(config);
    const opts: Required<LuaEngineOptions> = {
      isolation: options.isolation ?? "process",
      poolSize: options.poolSize ?? 0,
      isolateMemoryMb: options.isolateMemoryMb ?? 128,
      ruleBatchTimeMs: options.ruleBatchTimeMs ?? 2000,
      maxAlertsPerEvaluation: options.maxAlertsPerEvaluation ?? 100,
      loadTimeoutMs: options.loadTimeoutMs ?? 10_000,
      syncMaxEvaluations: options.syncMaxEvaluations ?? 20_000,
      groupScripts: options.groupScripts ?? true,
    };
    const engine = await Engine.create({
      isolation: opts.isolation,
      poolSize: opts.poolSize > 0 ? opts.poolSize : undefined,
      memoryLimitMb: opts.isolateMemoryMb,
      timeoutMs: opts.loadTimeoutMs,
    });
    opts.poolSize = engine.pool.size;
    const e = new LuaEngine(engine, cfg, schema, opts);
    // (inline isolates: the shared buffers are set up now, not on the first batches)
    await Promise.all(Array.from({ length: engine.pool.size }, (_, i) => e.setupSlot(i).then(() => (e.inline ? e.shareBuffer(i, 0) : undefined))));
    return e;
  }

  /** The spec's `LuaEngine::new(config, schema)`. */
  static new(config?: Partial<LuaConfig> & SnakeConfig, schema?: SchemaRegistry, options?: LuaEngineOptions): Promise<LuaEngine> {
    return LuaEngine.create(config, schema, options);
  }

  /** Pool size, isolation, loaded rules per isolate. */
  info(): { poolSize: number; isolation: string; rulesPerSlot: number[]; jit: string } {
    return {
      poolSize: this.engine.pool.size,
      isolation: this.opts.isolation,
      rulesPerSlot: [...this.slotRules],
      jit: this.config.enableJit ? "V8 (always on)" : "V8 (always on; enableJit=false has no effect)",
    };
  }

  private limits(): Limits & { ruleBatchTimeMs: number } {
    return {
      instructions: this.config.instructionLimit,
      memoryBytes: this.config.memoryLimitKb * 1024,
      memoryCap: this.opts.isolateMemoryMb * 1024 * 1024,
      maxAlerts: this.opts.maxAlertsPerEvaluation,
      ruleBatchTimeMs: this.opts.ruleBatchTimeMs,
    };
  }

  private check(): void {
    if (this.disposed) throw new LuaRuntimeError("script_disabled", "the engine is disposed");
  }

  private invoke(slot: number, method: string, arg: unknown, timeoutMs: number, chunks: ChunkCode[] = []): Promise<any> {
    return this.engine.pool.invoke(method, [arg], { timeoutMs, slot, chunks });
  }

  /**
   * One evaluation request to a slot's isolate. Requests meet in a queue per slot: while a
   * call is in flight, the requests that arrive wait and then go together in one call
   * (evaluateBatches), so pipelined batches pay one crossing round trip per group, not per
   * batch. An idle slot with a small single-slot request is called synchronously when the
   * pool allows it (see syncMaxEvaluations). `alone`: never grouped (retries).
   */
  private send(slot: number, req: SlotRequest, evaluations: number, single: boolean, alone: boolean): Promise<EvalResult> {
    const q = this.queues[slot];
    if (!q.busy) {
      if (single && evaluations <= this.opts.syncMaxEvaluations) {
        const pool = this.engine.pool as IsolatePool & Partial<Pick<InlinePool, "tryInvokeSync">>;
        if (pool.tryInvokeSync !== undefined) {
          let r: { value: any } | undefined;
          try {
            req.unload = this.takeUnloads(slot);
            const c = this.callSync(slot, req);
            r = c.r;
            if (r !== undefined) return Promise.resolve(resultOf(c.w, 0, r.value));
          } catch (e) {
            return Promise.reject(e);
          }
        }
      }
      q.busy = true;
      const job = newJob(req, evaluations);
      this.dispatch(slot, [job]);
      return job.promise;
    }
    const job = newJob(req, evaluations);
    if (alone) q.alone.push(job);
    else q.jobs.push(job);
    return job.promise;
  }

  private batchTimeout(req: SlotRequest): number {
    return this.opts.ruleBatchTimeMs * req.keys.length + 5000;
  }

  private dispatch(slot: number, jobs: Job[]): void {
    const u = this.takeUnloads(slot);
    if (u !== undefined) jobs[0].req.unload = jobs[0].req.unload ? jobs[0].req.unload.concat(u) : u;
    const timeoutMs = jobs.reduce((t, j) => t + this.batchTimeout(j.req), 0);
    const wire = this.wireRequests(slot, jobs.map((j) => j.req));
    const call: Promise<(EvalResult | number)[]> =
      jobs.length === 1 ? this.invoke(slot, "evaluateBatch", wire.reqs[0], timeoutMs).then((r) => [r]) : this.invoke(slot, "evaluateBatches", wire.reqs, timeoutMs);
    call.then(
      // (results written into the shared buffer are read before the next call can write it)
      (rs) => jobs.forEach((j, i) => j.resolve(resultOf(wire, i, rs[i]))),
      (e) => jobs.forEach((j) => j.reject(e)),
    ).finally(() => {
      const q = this.queues[slot];
      const next: Job[] = [];
      if (q.alone.length > 0) next.push(q.alone.shift()!);
      else {
        // group what waits, up to ~2M evaluations and 32 batches per call
        let evals = 0;
        while (q.jobs.length > 0 && next.length < 32 && (next.length === 0 || evals + q.jobs[0].evaluations <= 2_000_000)) {
          const j = q.jobs.shift()!;
          evals += j.evaluations;
          next.push(j);
        }
      }
      if (next.length > 0 && !this.disposed) this.dispatch(slot, next);
      else {
        q.busy = false;
        for (const j of [...q.alone, ...q.jobs]) j.reject(new LuaRuntimeError("script_disabled", "the engine is disposed"));
        q.alone = [];
        q.jobs = [];
      }
    });
  }

  private async setupSlot(slot: number): Promise<void> {
    const ver = this.schema.version;
    await this.invoke(slot, "predicateSetup", { ver, names: this.schema.names(), lim: this.limits() }, this.opts.loadTimeoutMs);
    this.slotSchema[slot] = ver;
  }

  private takeUnloads(slot: number): number[] | undefined {
    const q = this.unloadQueue[slot];
    if (q.length === 0) return undefined;
    this.unloadQueue[slot] = [];
    return q;
  }

  private release(v: Version): void {
    if (v.retired && v.refs === 0) {
      this.unloadQueue[v.slot].push(v.key);
      if (this.unloadQueue[v.slot].length >= 64 && !this.disposed) {
        const keys = this.takeUnloads(v.slot)!;
        this.invoke(v.slot, "predicateUnload", keys, this.opts.loadTimeoutMs).catch(() => undefined);
      }
    }
  }

  private retire(v: Version): void {
    v.retired = true;
    this.slotRules[v.slot]--;
    this.release(v);
  }

  private pickSlot(pending: number[]): number {
    let best = 0;
    for (let i = 1; i < pending.length; i++) if (pending[i] < pending[best]) best = i;
    return best;
  }

  // ---------------------------------------------------------------- loading

  /**
   * Load (or replace: hot reload) one rule. Rejects with LuaRuntimeError when the script
   * does not compile, fails while running its chunk, or does not return a function; a
   * replaced rule then stays as it was.
   */
  async loadRule(ruleId: string, script: LuaSource): Promise<RuleInfo> {
    const [r] = await this.loadRules([{ id: ruleId, script }]);
    if (!r.ok) throw r.error;
    return r.info;
  }

  /** Load many rules with one isolate call per slot. Each rule succeeds or fails alone. */
  async loadRules(list: readonly { id: string; script: LuaSource }[] | Record<string, LuaSource>): Promise<RuleLoadResult[]> {
    this.check();
    const items = Array.isArray(list) ? list : Object.entries(list).map(([id, script]) => ({ id, script }));
    const results: RuleLoadResult[] = new Array(items.length);
    const load = new Map<number, { idx: number; v: Version }[]>();
    const pending = [...this.slotRules];
    items.forEach(({ id, script }, idx) => {
      if (typeof id !== "string" || id === "") {
        results[idx] = { ruleId: String(id), ok: false, error: new LuaRuntimeError("script_not_found", "rule id must be a non-empty string") };
        return;
      }
      const seq = ++this.seq;
      this.latest.set(id, seq);
      let chunk: CompiledChunk;
      try {
        chunk = compileLua(script, id, PREDICATE);
      } catch (e) {
        results[idx] = { ruleId: id, ok: false, error: LuaRuntimeError.from(e, id) };
        return;
      }
      const old = this.rules.get(id);
      const slot = old ? old.slot : this.pickSlot(pending);
      if (!old) pending[slot]++;
      const v: Version = { key: seq, ruleId: id, seq, chunk, slot, refs: 0, retired: false, loadedAt: Date.now(), crashes: 0 };
      let l = load.get(slot);
      if (!l) load.set(slot, (l = []));
      l.push({ idx, v });
    });
    await Promise.all(
      [...load].map(async ([slot, entries]) => {
        let res: { ok: boolean; error?: RunError }[];
        try {
          res = await this.instantiate(slot, entries.map((e) => e.v));
        } catch (e) {
          const err = LuaRuntimeError.from(failureToScriptError(e, this.opts.isolateMemoryMb));
          for (const { idx, v } of entries) results[idx] = { ruleId: v.ruleId, ok: false, error: new LuaRuntimeError(err.type, err.message, undefined, v.ruleId) };
          return;
        }
        entries.forEach(({ idx, v }, i) => {
          const r = res[i];
          if (!r.ok) {
            results[idx] = { ruleId: v.ruleId, ok: false, error: fromRunError(r.error!, v.ruleId) };
            return;
          }
          this.install(v);
          results[idx] = { ruleId: v.ruleId, ok: true, info: { ruleId: v.ruleId, version: v.seq, slot: v.slot, transpileMs: v.chunk.transpileMs } };
        });
      }),
    );
    return results;
  }

  /** Switch to a freshly instantiated version, unless a later load or removal won. */
  private install(v: Version): void {
    if ((this.latest.get(v.ruleId) ?? 0) > v.seq) {
      // superseded while loading: drop it
      this.slotRules[v.slot]++;
      this.retire(v);
      return;
    }
    const old = this.rules.get(v.ruleId);
    this.rules.set(v.ruleId, v);
    this.slotRules[v.slot]++;
    if (old) this.retire(old);
  }

  private async instantiate(slot: number, vs: Version[]): Promise<{ ok: boolean; error?: RunError }[]> {
    const specs: RuleSpec[] = vs.map((v) => [v.key, v.ruleId, v.chunk.id]);
    const timeoutMs = this.opts.loadTimeoutMs + vs.length * 5;
    const chunks = this.opts.groupScripts ? chunkGroups(vs) : vs.map((v) => ({ id: v.chunk.id, code: v.chunk.code, codeCache: false }));
    const req = { specs, unload: this.takeUnloads(slot) };
    let r: { ok: boolean; error?: RunError }[] | number;
    // a few rules into an idle inline isolate: compile and instantiate synchronously (the
    // async pool round trip costs more than the work); bigger loads do not block the thread
    const pool = this.engine.pool as IsolatePool & Partial<Pick<InlinePool, "tryCallSync">>;
    const sync = vs.length <= SYNC_LOAD_MAX_RULES && this.opts.syncMaxEvaluations > 0 && !this.queues[slot].busy ? pool.tryCallSync?.(slot, "predicateLoad", [req], { timeoutMs, chunks }) : undefined;
    if (sync !== undefined) r = sync.value;
    else r = await this.invoke(slot, "predicateLoad", req, timeoutMs, chunks);
    return typeof r === "number" ? vs.map(() => LOADED) : r;
  }

  /** Remove a rule. Batches already running finish with it. */
  async removeRule(ruleId: string): Promise<boolean> {
    this.check();
    this.latest.set(ruleId, ++this.seq);
    const v = this.rules.get(ruleId);
    if (!v) return false;
    this.rules.delete(ruleId);
    this.retire(v);
    return true;
  }

  hasRule(ruleId: string): boolean {
    return this.rules.has(ruleId);
  }

  /** Loaded rule ids. */
  ruleIds(): string[] {
    return [...this.rules.keys()];
  }

  ruleInfo(ruleId: string): RuleInfo | undefined {
    const v = this.rules.get(ruleId);
    return v && { ruleId, version: v.seq, slot: v.slot, transpileMs: v.chunk.transpileMs };
  }

  // ---------------------------------------------------------------- evaluation

  /**
   * Evaluate every loaded rule (or `opts.rules`) against a batch of events. One isolate call
   * per slot holding a selected rule, run in parallel. Never rejects for script faults: a
   * rule failing on an event is an entry in `errors` (that rule, that event).
   */
  async evaluateBatch(events: EventBatch | readonly Event[], opts: BatchOptions = {}): Promise<BatchResult> {
    this.check();
    const t0 = performance.now();
    const batch = events instanceof EventBatch ? events : EventBatch.from(events);
    let selected: Version[];
    if (opts.rules) {
      selected = opts.rules.map((id) => {
        const v = this.rules.get(id);
        if (!v) throw new LuaRuntimeError("script_not_found", `no rule '${id}' is loaded`, undefined, id);
        return v;
      });
    } else selected = [...this.rules.values()];
    if (selected.length === 0 || batch.length === 0) {
      return new BatchResult(batch.length, selected.map((v) => v.ruleId), selected.map(() => new Int32Array(0)), [], [], [], performance.now() - t0);
    }
    const bySlot = new Map<number, Version[]>();
    for (const v of selected) {
      v.refs++;
      let l = bySlot.get(v.slot);
      if (!l) bySlot.set(v.slot, (l = []));
      l.push(v);
    }
    const order: Version[] = [];
    const matches: Int32Array[] = [];
    const alerts: Alert[] = [];
    const errors: RuleEvalError[] = [];
    const output: { ruleId: string; text: string }[] = [];
    if (bySlot.size === 1) {
      // the common small case, without a promise per step: one synchronous call
      const [[slot, vs]] = bySlot;
      let res: EvalResult | undefined;
      try {
        res = this.trySync(slot, vs, batch);
      } finally {
        if (res !== undefined) {
          for (const v of selected) {
            v.refs--;
            this.release(v);
          }
        }
      }
      if (res !== undefined) {
        mergeInto({ vs, res }, order, matches, alerts, errors, output);
        alerts.sort((a, b) => a.eventIndex - b.eventIndex);
        return new BatchResult(batch.length, order.map((v) => v.ruleId), matches, alerts, errors, output, performance.now() - t0);
      }
    }
    try {
      const parts = await Promise.all([...bySlot].map(([slot, vs]) => this.runSlot(slot, vs, batch, bySlot.size === 1)));
      for (const part of parts) {
        for (const p of part) mergeInto(p, order, matches, alerts, errors, output);
      }
    } finally {
      for (const v of selected) {
        v.refs--;
        this.release(v);
      }
    }
    alerts.sort((a, b) => a.eventIndex - b.eventIndex);
    return new BatchResult(batch.length, order.map((v) => v.ruleId), matches, alerts, errors, output, performance.now() - t0);
  }

  /**
   * evaluateBatch's synchronous path: `vs` on an idle inline isolate, small enough to run on
   * this thread (syncMaxEvaluations). Undefined when it does not apply or when the result
   * needs the general path (a replaced isolate, an isolate failure): runSlot then does it all.
   */
  private trySync(slot: number, vs: Version[], batch: EventBatch): EvalResult | undefined {
    if (!this.inline || this.queues[slot].busy || vs.length * batch.length > this.opts.syncMaxEvaluations) return undefined;
    for (const v of vs) if (v.quarantined) return undefined;
    const req: SlotRequest = { batch, keys: vs.map((v) => v.key), schemaVer: this.schema.version, unload: this.takeUnloads(slot) };
    let r: { value: EvalResult | number } | undefined;
    let w: WireRequests | undefined;
    try {
      ({ w, r } = this.callSync(slot, req));
    } catch {
      r = undefined;
    }
    if (r === undefined) {
      if (req.unload !== undefined) this.unloadQueue[slot].push(...req.unload); // not sent (or unknown): again later
      return undefined;
    }
    const res = resultOf(w!, 0, r.value);
    if (res.reshare) this.unshare(slot);
    return res.stale || res.missing || res.reshare ? undefined : res;
  }

  /**
   * One request as a synchronous call (undefined: the isolate is busy). A batch written into
   * the shared buffer crosses as primitives only (evaluateFlat): no object graph to copy.
   */
  private callSync(slot: number, req: SlotRequest): { w: WireRequests; r: { value: EvalResult | number } | undefined } {
    const w = this.wireRequests(slot, [req]);
    const x = w.reqs[0];
    const b = x.batch;
    const pool = this.engine.pool as InlinePool;
    const opts = { slot, timeoutMs: this.batchTimeout(req) };
    if (b.buf !== undefined || x.unload !== undefined) return { w, r: pool.tryInvokeSync("evaluateBatch", [x], opts) };
    const keys = x.keys.length === 1 ? x.keys[0] : x.keys;
    return { w, r: pool.tryInvokeSync("evaluateFlat", [b.blob, b.at, b.gen, b.n, b.nf, b.ns, x.schemaVer, x.out!.at, x.out!.cap, keys], opts) };
  }

  /**
   * Evaluate `vs` (all on `slot`) over the batch. A replaced isolate (it died, or its schema
   * names are old) is resynced and the call repeated. When the isolate dies during the call
   * (memory, crash), the rules are retried by halves, each half in a call of its own, down to
   * single rules: the others get their results, and a rule that kills a fresh isolate on its
   * own twice is quarantined (its evaluations fail with script_memory_limit until it is
   * loaded again), so one hoarding rule cannot take its isolate's other rules down batch
   * after batch. `alone`: never grouped with other batches in one call.
   */
  private async runSlot(slot: number, vsIn: Version[], batch: EventBatch, single: boolean, alone = false): Promise<SlotPart[]> {
    const n = batch.length;
    const out: SlotPart[] = [];
    let vs = dropQuarantined(vsIn, n, out);
    let resyncs = 0;
    for (let attempt = 0; vs.length > 0; attempt++) {
      let res: EvalResult;
      try {
        const req: SlotRequest = { batch, keys: vs.map((v) => v.key), schemaVer: this.schema.version };
        res = await this.send(slot, req, vs.length * n, single, alone || attempt > 0);
      } catch (e) {
        const err = failureToScriptError(e, this.opts.isolateMemoryMb);
        if (!(e instanceof IsolateFailure) || e.kind === "timeout") {
          out.push(failedPart(vs, n, err));
          return out;
        }
        if (vs.length > 1) {
          const mid = vs.length >> 1;
          out.push(...(await this.runSlot(slot, vs.slice(0, mid), batch, false, true)));
          out.push(...(await this.runSlot(slot, vs.slice(mid), batch, false, true)));
          return out;
        }
        const v = vs[0];
        if (alone) v.crashes++;
        if (v.crashes >= 2) {
          v.quarantined = new ScriptError(
            err.type,
            `${v.ruleId}: quarantined: the rule exhausted its isolate on its own (${err.message}); load it again to retry`,
          );
          out.push(failedPart(vs, n, v.quarantined));
          return out;
        }
        // once more on its own (the isolate is replaced by now)
        out.push(...(await this.runSlot(slot, vs, batch, false, true)));
        return out;
      }
      if (res.reshare) {
        // written into a shared buffer the (replaced) isolate does not have: again, copied
        this.unshare(slot);
        if (++resyncs > 10) {
          out.push(failedPart(vs, n, new ScriptError("script_runtime_error", "the isolate was replaced too often during this batch")));
          return out;
        }
        continue;
      }
      if (res.stale || res.missing) {
        if (++resyncs > 10) {
          out.push(failedPart(vs, n, new ScriptError("script_runtime_error", "the isolate was replaced too often during this batch")));
          return out;
        }
        try {
          if (res.stale) await this.setupSlot(slot);
          if (res.missing) {
            // the isolate was replaced since the rules were loaded: load them again
            const missing = new Set(res.missing);
            const need = vs.filter((v) => missing.has(v.key));
            const loadRes = await this.instantiate(slot, need);
            const bad = new Set<number>();
            need.forEach((v, i) => {
              if (!loadRes[i].ok) {
                bad.add(v.key);
                out.push(failedPart([v], n, fromRunError(loadRes[i].error!, v.ruleId)));
              }
            });
            vs = vs.filter((v) => !bad.has(v.key));
          }
        } catch (e) {
          out.push(failedPart(vs, n, failureToScriptError(e, this.opts.isolateMemoryMb)));
          return out;
        }
        vs = dropQuarantined(vs, n, out);
        continue;
      }
      out.push({ vs, res });
      return out;
    }
    return out;
  }

  /** Evaluate one loaded rule against one event. Rejects with LuaRuntimeError if it fails. */
  async evaluateRule(ruleId: string, event: Event | EventBatch): Promise<boolean> {
    this.check();
    const batch = event instanceof EventBatch ? event : singleBatch(event);
    const v = this.rules.get(ruleId);
    if (v !== undefined && batch.length === 1 && this.opts.syncMaxEvaluations > 0) {
      // latency path: a synchronous call with nothing to copy (inline isolates, idle slot),
      // else flat arguments
      let r: { value: number | EvalResult } | undefined;
      v.refs++;
      try {
        r = this.sharedCall(v, batch);
        if (r === undefined) {
          const args = [v.key, batch.buf, batch.blob, batch.nf, batch.ns, this.schema.version];
          const pool = this.engine.pool as IsolatePool & Partial<Pick<InlinePool, "tryInvokeSync">>;
          r = pool.tryInvokeSync?.("evaluateOne", args, { slot: v.slot, timeoutMs: this.opts.ruleBatchTimeMs + 5000 });
          if (r === undefined) r = { value: await this.engine.pool.invoke("evaluateOne", args, { slot: v.slot, timeoutMs: this.opts.ruleBatchTimeMs + 5000 }) };
        }
      } catch (e) {
        // the isolate timed out on this one evaluation: running it again would only time out again
        if (e instanceof IsolateFailure && e.kind === "timeout") throw new LuaRuntimeError("script_timeout", "script timed out", undefined, ruleId, 0);
        r = undefined; // an isolate failure: the general path below reports (and recovers from) it
      } finally {
        v.refs--;
        this.release(v);
      }
      if (r !== undefined) {
        const x = r.value;
        if (typeof x === "number") return x === 1;
        if (!x.missing && !x.stale) {
          const errors: RuleEvalError[] = [];
          const matches: Int32Array[] = [];
          mergeInto({ vs: [v], res: x }, [], matches, [], errors, []);
          if (errors.length > 0) throw new LuaRuntimeError(errors[0].type, errors[0].message, errors[0].line, ruleId, 0);
          return matches[0].length > 0;
        }
      }
    }
    const r = await this.evaluateBatch(batch, { rules: [ruleId] });
    if (r.errors.length > 0) {
      const e = r.errors[0];
      throw new LuaRuntimeError(e.type, e.message, e.line, ruleId, e.eventIndex);
    }
    return r.matchCount(ruleId) > 0;
  }

  /**
   * evaluateRule through the buffer shared with an inline isolate: the event's numbers, rule
   * handle and schema version are written into it and `evaluateShared(strings)` is called
   * synchronously with the event's strings as the only argument; one small integer comes
   * back. Undefined when
   * this path is not available (process pool, slot busy, buffer not shared with the current
   * isolate yet: that is set up in the background).
   */
  private sharedCall(v: Version, batch: EventBatch): { value: number | EvalResult } | undefined {
    const slot = v.slot;
    // the buffer is written only when no call that reads it can be in flight (see wireRequests)
    if (this.queues[slot].busy) return undefined;
    const sh = this.shareFor(slot, SHARED_HEADER + batch.buf.byteLength);
    if (sh === undefined) return undefined;
    const i32 = sh.i32;
    i32[0] = v.key;
    i32[1] = this.schema.version;
    i32[2] = batch.nf;
    i32[3] = batch.ns;
    i32[5] = sh.gen;
    sh.u8.set(batch.bytes(), SHARED_HEADER);
    const pool = this.engine.pool as InlinePool;
    let r: { value: number | EvalResult } | undefined;
    if (this.rawCalls) {
      // under an instruction limit the evaluation ends on its own: a raw call (a string in,
      // a number out, no timer thread); -2: the full result waits in the isolate
      r = pool.tryCallSync(slot, "evaluateSharedRaw", [batch.blob]);
      if (r !== undefined && r.value === -2) {
        r = pool.tryCallSync(slot, "predicateTakeResult", [], { timeoutMs: this.opts.loadTimeoutMs });
        if (r !== undefined && r.value === undefined) r = undefined; // (not there: the general path evaluates again)
      }
    } else r = pool.tryInvokeSync("evaluateShared", [batch.blob], { slot, timeoutMs: this.opts.ruleBatchTimeMs + 5000 });
    if (r !== undefined && r.value === -1) {
      this.unshare(slot); // the isolate was replaced
      return undefined;
    }
    return r;
  }

  /**
   * The requests as they cross into `slot`: with an inline pool, batches are written into the
   * buffer shared with that isolate (no copy of the batch buffer per call); otherwise, or
   * while that buffer is being set up, each batch's own buffer is copied. Called only right
   * before the call that reads them, when no other call reading the buffer is in flight:
   * the synchronous path (slot queue idle) or dispatch (the slot's one call in flight).
   */
  private wireRequests(slot: number, reqs: SlotRequest[]): WireRequests {
    let need = 0;
    for (const r of reqs) need += ((r.batch.buf.byteLength + 7) & ~7) + outCap(r);
    const sh = this.shareFor(slot, need);
    let at = 0;
    const out: WireRequest[] = reqs.map((r) => {
      const b = r.batch;
      const w: WireRequest = { batch: undefined!, keys: r.keys, schemaVer: r.schemaVer, unload: r.unload };
      if (sh !== undefined) {
        sh.u8.set(b.bytes(), at);
        w.batch = { at, gen: sh.gen, blob: b.blob, n: b.length, nf: b.nf, ns: b.ns };
        at += (b.buf.byteLength + 7) & ~7;
        // a result without errors or alerts comes back in the buffer too
        w.out = { at, cap: outCap(r) };
        at += w.out.cap;
      } else w.batch = b.wire();
      return w;
    });
    return { reqs: out, sh };
  }

  /** The slot's shared buffer if it is ready and holds `bytes`; else undefined (and one is set up). */
  private shareFor(slot: number, bytes: number): SlotShare | undefined {
    if (!this.inline || bytes > MAX_SHARED_BYTES) return undefined;
    const sh = this.shares[slot];
    if (sh !== undefined && sh.ready && bytes <= sh.u8.length) return sh;
    if (!this.sharing[slot]) void this.shareBuffer(slot, Math.max(bytes, sh?.u8.length ?? 0));
    return undefined;
  }

  /** The isolate does not have the slot's buffer (it was replaced): share again. */
  private unshare(slot: number): void {
    const sh = this.shares[slot];
    if (sh !== undefined) sh.ready = false;
  }

  private shareBuffer(slot: number, bytes: number): Promise<void> {
    let size = MIN_SHARED_BYTES;
    while (size < bytes) size *= 2;
    const sab = new SharedArrayBuffer(size);
    const sh: SlotShare = { gen: ++shareGen, sab, i32: new Int32Array(sab), u8: new Uint8Array(sab), ready: false };
    const old = this.shares[slot];
    if (old !== undefined) old.ready = false;
    this.sharing[slot] = true;
    const t = this.opts.loadTimeoutMs;
    // share the buffer, then call evaluateShared and evaluateFlat once asynchronously (probes
    // that read nothing): the pool calls a method synchronously only once it has been called
    // before
    return this.engine.pool
      .invoke("predicateShare", [sab, sh.gen], { slot, timeoutMs: t })
      .then(() => this.engine.pool.invoke("evaluateShared", ["", true], { slot, timeoutMs: t }))
      .then((r) => (r === 0 ? this.engine.pool.invoke("evaluateFlat", [], { slot, timeoutMs: t }) : r))
      .then(
        (r) => {
          if (r !== 0 || this.disposed) return;
          sh.ready = true;
          this.shares[slot] = sh;
        },
        () => undefined,
      )
      .finally(() => (this.sharing[slot] = false));
  }

  /**
   * Run a script once against one event: compile (cached), run its chunk in fresh globals,
   * call the predicate it returns. Nothing is kept between calls. Rejects with
   * LuaRuntimeError for syntax, load and runtime errors.
   */
  async evaluate(script: LuaSource, event: Event): Promise<boolean> {
    const r = await this.evaluateScript(script, singleBatch(event));
    if (r.errors.length > 0) {
      const e = r.errors[0];
      throw new LuaRuntimeError(e.type, e.message, e.line, undefined, e.eventIndex);
    }
    return r.matchCount("script") > 0;
  }

  /** A one-shot script over several events (one instance for all of them), with alerts and errors. */
  async evaluateScript(script: LuaSource, events: EventBatch | readonly Event[], chunkName = "script"): Promise<BatchResult> {
    this.check();
    const t0 = performance.now();
    let chunk: CompiledChunk;
    try {
      chunk = compileLua(script, chunkName, PREDICATE);
    } catch (e) {
      throw LuaRuntimeError.from(e);
    }
    const batch = events instanceof EventBatch ? events : EventBatch.from(events);
    const slot = this.scriptSlot;
    this.scriptSlot = (this.scriptSlot + 1) % this.engine.pool.size;
    const v: Version = { key: SCRIPT_HANDLE, ruleId: "script", seq: 0, chunk, slot, refs: 0, retired: false, loadedAt: 0, crashes: 0 };
    for (let attempt = 0; ; attempt++) {
      let res: EvalResult & { loadError?: RunError };
      try {
        res = await this.invoke(slot, "evaluateScript", { spec: [v.key, chunkName, chunk.id], batch: batch.wire(), schemaVer: this.schema.version }, this.opts.ruleBatchTimeMs + 5000, [chunk]);
      } catch (e) {
        throw LuaRuntimeError.from(failureToScriptError(e, this.opts.isolateMemoryMb));
      }
      if (res.stale && attempt < 3) {
        await this.setupSlot(slot);
        continue;
      }
      if (res.loadError) throw fromRunError(res.loadError);
      const order: Version[] = [];
      const matches: Int32Array[] = [];
      const alerts: Alert[] = [];
      const errors: RuleEvalError[] = [];
      const output: { ruleId: string; text: string }[] = [];
      mergeInto({ vs: [v], res }, order, matches, alerts, errors, output);
      return new BatchResult(batch.length, ["script"], matches, alerts, errors, output, performance.now() - t0);
    }
  }

  /** Isolate-side counts per slot (instances held), for tests and metrics. collectGarbage: a full GC first where V8 exposes it (node --expose-gc). */
  async stats(collectGarbage = false): Promise<{ slot: number; instances: number; keys: string[] }[]> {
    return Promise.all(
      Array.from({ length: this.engine.pool.size }, async (_, slot) => {
        const s = await this.invoke(slot, "predicateStats", { gc: collectGarbage }, this.opts.loadTimeoutMs);
        return { slot, instances: s.instances, keys: s.keys };
      }),
    );
  }

  /** The underlying Moonbox engine (pool), e.g. to run ordinary scripts. */
  get moonbox(): Engine {
    return this.engine;
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.engine.dispose();
  }
}

/**
 * A buffer shared with an inline isolate (layout.ts SHARED_HEADER): batches and single events
 * are written into it instead of crossing as copies. Memory shared with the isolate is read
 * only by the runtime's own code (no script can reach it) and written by the host only when
 * no call that reads it is in flight.
 */
interface SlotShare {
  /** Which buffer this is: requests name it, and an isolate without it says so (reshare). */
  gen: number;
  sab: SharedArrayBuffer;
  i32: Int32Array<SharedArrayBuffer>;
  u8: Uint8Array<SharedArrayBuffer>;
  /** Shared with the slot's current isolate, and evaluateShared callable synchronously. */
  ready: boolean;
}

const MIN_SHARED_BYTES = 1 << 20;
const MAX_SHARED_BYTES = 64 << 20;
let shareGen = 0;

/** An evaluateBatch request as it crosses (runtime-shims/predicate.ts EvalRequest). */
interface WireRequest {
  batch: WireBatch;
  keys: number[];
  schemaVer: number;
  unload?: number[];
  out?: { at: number; cap: number };
}

/** Requests for one call, and the shared buffer they were written into (if any). */
interface WireRequests {
  reqs: WireRequest[];
  sh: SlotShare | undefined;
}

/** Bytes reserved in the shared buffer for a request's result (larger results are copied out). */
function outCap(r: SlotRequest): number {
  const K = r.keys.length;
  return Math.min(((K + 2 + K * r.batch.length) * 4 + 7) & ~7, 64 * 1024);
}

/** The result of request i of a call: an EvalResult, or the length of one in the shared buffer. */
function resultOf(w: WireRequests, i: number, v: EvalResult | number): EvalResult {
  if (typeof v !== "number") return v;
  const at = w.reqs[i].out!.at >> 2;
  return { m: w.sh!.i32.slice(at, at + v) as unknown as Int32Array };
}

/**
 * The chunks of rules loaded together, as few scripts (one isolate compile and run each
 * instead of one per rule): up to ~256 KB of code per script.
 */
function chunkGroups(vs: Version[]): ChunkCode[] {
  if (vs.length === 1) return [{ id: vs[0].chunk.id, code: vs[0].chunk.code, codeCache: false }];
  const out: ChunkCode[] = [];
  const seen = new Set<string>();
  let parts: string[] = [];
  let ids: string[] = [];
  let starts: number[] = [];
  let line = 1;
  let bytes = 0;
  const flush = () => {
    if (parts.length === 0) return;
    const id = `rules/${++groupSeq}`;
    // error positions: which chunk starts on which line of the script
    parts.push(`$moonbox.chunkGroup(${JSON.stringify(id)}, ${JSON.stringify(starts)}, ${JSON.stringify(ids)});\n`);
    // a rule's chunk lives in one isolate: no V8 code cache (producing one costs more than compiling)
    out.push({ id, code: parts.join(""), codeCache: false });
    parts = [];
    ids = [];
    starts = [];
    line = 1;
    bytes = 0;
  };
  for (const v of vs) {
    if (seen.has(v.chunk.id)) continue;
    seen.add(v.chunk.id);
    const code = v.chunk.code;
    parts.push(code);
    ids.push(v.chunk.id);
    starts.push(line);
    line += lineCount(code);
    bytes += code.length;
    if (bytes >= 256 * 1024) flush();
  }
  flush();
  return out;
}
let groupSeq = 0;

/** Newlines in `code` (compiled chunks end with one). */
function lineCount(code: string): number {
  let n = 0;
  for (let i = code.indexOf("\n"); i >= 0; i = code.indexOf("\n", i + 1)) n++;
  return n;
}

/** Events are immutable: each keeps its one-event batch once encoded (evaluateRule, evaluate). */
const single = new WeakMap<Event, EventBatch>();
function singleBatch(e: Event): EventBatch {
  let b = single.get(e);
  if (b === undefined) {
    b = EventBatch.from([e]);
    single.set(e, b);
  }
  return b;
}

// ---------------------------------------------------------------- slot queues

/** An evaluateBatch request as it crosses (see runtime-shims/predicate.ts EvalRequest). */
interface SlotRequest {
  batch: EventBatch;
  keys: number[];
  schemaVer: number;
  unload?: number[];
}

interface Job {
  req: SlotRequest;
  evaluations: number;
  promise: Promise<EvalResult>;
  resolve: (r: EvalResult) => void;
  reject: (e: unknown) => void;
}

interface SlotQueue {
  busy: boolean;
  jobs: Job[];
  /** Retries: sent one per call, before grouped jobs. */
  alone: Job[];
}

function newJob(req: SlotRequest, evaluations: number): Job {
  let resolve!: (r: EvalResult) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<EvalResult>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { req, evaluations, promise, resolve, reject };
}

// ---------------------------------------------------------------- merging

interface SlotPart {
  vs: Version[];
  res: EvalResult;
}

/** Quarantined versions fail at once (into `out`); the rest are returned. */
function dropQuarantined(vs: Version[], n: number, out: SlotPart[]): Version[] {
  if (!vs.some((v) => v.quarantined)) return vs;
  for (const v of vs) if (v.quarantined) out.push(failedPart([v], n, v.quarantined));
  return vs.filter((v) => !v.quarantined);
}

function failedPart(vs: Version[], n: number, err: ScriptError): SlotPart {
  const K = vs.length;
  const m = new Int32Array(K + 2);
  m[0] = K;
  const x: EvalExtra = { eK: [], eE: [], eM: [], msgs: [[err.type, err.message, 0]], aK: [], aE: [], aId: [], aMsg: [], out: [] };
  for (let k = 0; k < K; k++) for (let e = 0; e < n; e++) (x.eK.push(k), x.eE.push(e), x.eM.push(0));
  return { vs, res: { m, x } };
}

function mergeInto(p: SlotPart, order: Version[], matches: Int32Array[], alerts: Alert[], errors: RuleEvalError[], output: { ruleId: string; text: string }[]): void {
  const { vs, res } = p;
  const m = res.m;
  const K = m[0];
  const base = K + 2;
  vs.forEach((v, k) => {
    order.push(v);
    matches.push(m.subarray(base + m[1 + k], base + m[2 + k]));
  });
  const x = res.x;
  if (x === undefined) return;
  for (let i = 0; i < x.eK.length; i++) {
    const [type, message, line] = x.msgs[x.eM[i]];
    errors.push({ ruleId: vs[x.eK[i]].ruleId, eventIndex: x.eE[i], type: errorType(type), message, line: line || undefined });
  }
  for (let i = 0; i < x.aK.length; i++) {
    alerts.push({ ruleId: x.aId[i], message: x.aMsg[i], eventIndex: x.aE[i], sourceRule: vs[x.aK[i]].ruleId });
  }
  for (const [k, text] of x.out) output.push({ ruleId: vs[k].ruleId, text });
}

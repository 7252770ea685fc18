// The webhook transform API for a worker:
//
//   const t = await WebhookTransformer.create({ config: loadConfig("moonbox.yaml"), store });
//   const out = await t.transform({ script: { hash }, payload, headers, metadata, previousError });
//   // out.body (Buffer), out.headers (merged), out.optOutDefaultHeaders; or a ScriptError is thrown
//
// One transform is one call into an isolate (src/runtime-shims/webhook.ts), which runs the
// script with the spec's globals and returns validated outputs.
import pino, { type Logger } from "pino";
import { LRUCache } from "lru-cache";
import { Engine, failureToScriptError } from "../engine.js";
import { compileLua, type CompiledChunk } from "../compile.js";
import { ScriptError, SCRIPT_ERROR_TYPES, type ScriptErrorType } from "../errors.js";
import { defaultConfig, type LuaConfig } from "../config.js";
import type { ScriptStore } from "./store.js";
import type { TransformInput, TransformResult, TransformRunOptions } from "../runtime-shims/webhook.js";
import type { LogLimits, LogRecord } from "../runtime-shims/modules/log.js";
import { HostModules } from "../modules/bridge.js";
import type { HostModule } from "../modules/host-module.js";

export type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };

export interface WebhookMetadata {
  /** ULID of the webhook. */
  webhook_id: string;
  config_id: string;
  /** Current attempt, 0-indexed. */
  attempt: number;
  max_attempts: number;
  /** ISO 8601 timestamp (a Date is converted with toISOString()). */
  created_at: string | Date;
  /** Extra fields are passed to the script as they are. */
  [extra: string]: JsonValue | Date | undefined;
}

/** What failed on the previous attempt (any JSON object; e.g. { type, message, status_code }). */
export type PreviousError = { [k: string]: JsonValue };

/** The script: its source (bytes, or text encoded as UTF-8), or its hash in the ScriptStore. */
export type ScriptRef = { source: Buffer | Uint8Array | string; name?: string } | { hash: string; name?: string };

/** Incoming headers: Node's IncomingHttpHeaders shape, or [name, value] pairs. */
export type HeadersInput = Record<string, string | string[] | undefined> | [string, string][];

export interface TransformJob {
  /** The webhook's script; none: the request passes through unchanged. */
  script?: ScriptRef;
  /** The raw payload (a string is taken as UTF-8 text). */
  payload: Buffer | Uint8Array | string;
  headers?: HeadersInput;
  metadata: WebhookMetadata;
  /** Null or absent on the first attempt. */
  previousError?: PreviousError | null;
}

export interface OutgoingRequest {
  /** The body to send: the payload Buffer itself when the script did not change it. */
  body: Buffer;
  bodyChanged: boolean;
  /**
   * The incoming headers with the script's request.headers applied: a script header
   * replaces any header of the same name (case-insensitively); `false` removes it. Values
   * are byte strings (latin1), as Node's http module reads and writes them.
   */
  headers: Record<string, string>;
  /** Only what the script set (null: removed). */
  scriptHeaders: Record<string, string | null>;
  optOutDefaultHeaders: boolean;
}

export interface TransformLog {
  level: "info" | "warn" | "error";
  message: string;
  fields?: Record<string, string | number | boolean | null>;
}

export interface TransformOutcome {
  ok: boolean;
  request?: OutgoingRequest;
  error?: ScriptError;
  logs: TransformLog[];
  /** What print() wrote (UTF-8 decoded). */
  stdout: string;
  durationMs: number;
  /** Bytes the script allocated (Moonbox's accounting of strings and tables). */
  memoryBytes: number;
  /** sha256 of the script source (undefined when no script ran). */
  scriptHash?: string;
}

/** A ScriptError thrown by transform(), with what the run logged before it failed. */
export class TransformError extends ScriptError {
  logs: TransformLog[] = [];
  durationMs = 0;
}

export interface TransformerOptions {
  /** Validated config (see loadConfig); default: the spec's defaults (lua.enabled false!). */
  config?: Partial<LuaConfig>;
  /** Where scripts referenced by hash live. */
  store?: ScriptStore;
  /** pino logger for the scripts' log records (default: pino() on stdout); false: none. */
  logger?: Logger | false;
  /** "process" (default; isolates in child processes) or "inline". */
  isolation?: "process" | "inline";
  /** Share an existing engine instead of creating one (its limits are then the engine's). */
  engine?: Engine;
  /** Per-run log budget (default 100 records, 64 KiB, 8 KiB per message, 32 fields). */
  logLimits?: Partial<LogLimits>;
  /** Output limits (default 100 headers, 64 KiB of header names and values). */
  maxHeaders?: number;
  maxHeaderBytes?: number;
  /** Check that a script fetched by hash has that sha256 (default true). */
  verifyHash?: boolean;
  /** Instruction budget per run (default: none; the wall-clock timeout applies). */
  instructionLimit?: number;
  /**
   * Inline isolation only: run transforms synchronously on this thread when an isolate is
   * idle (no thread hop: ~25 µs less per transform), blocking the event loop while a script
   * runs (at most lua.timeout). Needs an engine whose InlinePool offers tryInvokeSync;
   * otherwise ignored. Default false.
   */
  inlineSync?: boolean;
  /**
   * The host modules scripts may call (http, kv, crypto): default, those the config
   * describes (createHostModules); a list or HostModules to choose; false for none (then
   * `http.get` etc. raise "module ... is not available").
   */
  modules?: HostModules | HostModule[] | false;
}

/** Abort kind of a host call in a synchronous run (runtime-shims/modules/registry.ts NEEDS_ASYNC). */
const NEEDS_ASYNC = "host_call_needs_async";

/** Emitted code that may reach a host module (a global or require of that name): run it asynchronously. */
const HOST_MODULE_NAMES = /http|kv|crypto/;

/** Host token of synchronous attempts: never a real run's (bridge tokens stay below 2^30); module calls abort with NEEDS_ASYNC. */
const SYNC_TOKEN = 0x40000000;

/** A transform's inputs as they cross: the payload bytes, and the rest as JSON text. */
interface PackedInput {
  payload: string;
  rest: string;
}

/** The isolate's packed answer (runtime-shims/webhook.ts transformPacked) as a TransformResult. */
function unpack(packed: string): TransformResult {
  const colon = packed.indexOf(":");
  const end = colon + 1 + Number(packed.slice(0, colon));
  const r = JSON.parse(packed.slice(colon + 1, end)) as TransformResult;
  if (r.bodyFollows) r.body = packed.slice(end);
  return r;
}

/** The part of InlinePool the synchronous path uses (feature-detected). */
interface SyncPool {
  size: number;
  tryInvokeSync(method: string, args: unknown[], opts: { slot: number; timeoutMs: number }): { value: any } | undefined;
}

/** Isolate heap cap for a per-script memory limit: the limit plus room for runtime, payload and copies. */
export function isolateCapMb(memoryLimitMb: number): number {
  return Math.max(8, Math.ceil(memoryLimitMb * 1.5) + 32);
}

const NON_ASCII = /[^\x00-\x7f]/;
const WIDE = /[^\x00-\xff]/;

/** A JS text string as a Lua byte string (UTF-8 bytes, one char per byte). */
function utf8Bytes(s: string): string {
  return NON_ASCII.test(s) ? Buffer.from(s, "utf8").toString("latin1") : s;
}

/** A header value: chars <= 0xFF are bytes already (as Node gives them); wider text is UTF-8 encoded. */
function headerBytes(s: string): string {
  return WIDE.test(s) ? Buffer.from(s, "utf8").toString("latin1") : s;
}

/** A Lua byte string as JS text (UTF-8 decoded; invalid bytes become U+FFFD). */
function bytesText(s: string): string {
  return NON_ASCII.test(s) ? Buffer.from(s, "latin1").toString("utf8") : s;
}

/** JSON-ish values with every string as UTF-8 bytes. */
function plainBytes(v: unknown, path: string): JsonValue {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case "string":
      return utf8Bytes(v);
    case "number":
    case "boolean":
      return v;
    case "object":
      if (v instanceof Date) return v.toISOString();
      if (Array.isArray(v)) return v.map((x, i) => plainBytes(x, `${path}[${i}]`));
      {
        const o: Record<string, JsonValue> = {};
        for (const k of Object.keys(v as object)) {
          const x = (v as any)[k];
          if (x !== undefined) o[utf8Bytes(k)] = plainBytes(x, `${path}.${k}`);
        }
        return o;
      }
  }
  throw new TypeError(`transform: ${path} cannot be passed to a script (a ${typeof v})`);
}

function checkMetadata(m: WebhookMetadata): void {
  if (m === null || typeof m !== "object") throw new TypeError("transform: job.metadata is required");
  const str = (k: string) => {
    if (typeof m[k] !== "string") throw new TypeError(`transform: metadata.${k} must be a string`);
  };
  const int = (k: string) => {
    const v = m[k];
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0) throw new TypeError(`transform: metadata.${k} must be a non-negative integer`);
  };
  str("webhook_id");
  str("config_id");
  int("attempt");
  int("max_attempts");
  if (!(typeof m.created_at === "string" || m.created_at instanceof Date)) throw new TypeError("transform: metadata.created_at must be an ISO 8601 string or a Date");
}

function headerPairs(h: HeadersInput | undefined): [string, string][] {
  if (h === undefined) return [];
  const out: [string, string][] = [];
  if (Array.isArray(h)) {
    for (const [k, v] of h) out.push([k, headerBytes(String(v))]);
    return out;
  }
  for (const k of Object.keys(h)) {
    const v = h[k];
    if (v === undefined) continue;
    out.push([k, headerBytes(Array.isArray(v) ? v.join(", ") : String(v))]);
  }
  return out;
}

/** Script source as bytes: a string is UTF-8 text (compileLua would read it as latin1). */
function sourceBytes(s: Buffer | Uint8Array | string): Buffer | Uint8Array | string {
  return typeof s === "string" && NON_ASCII.test(s) ? Buffer.from(s, "utf8") : s;
}

function payloadBuffer(p: Buffer | Uint8Array | string): Buffer {
  if (Buffer.isBuffer(p)) return p;
  if (typeof p === "string") return Buffer.from(p, "utf8");
  if (p instanceof Uint8Array) return Buffer.from(p.buffer, p.byteOffset, p.byteLength);
  throw new TypeError("transform: job.payload must be a Buffer, a Uint8Array or a string");
}

function mergeHeaders(incoming: [string, string][], script: [string, string | false][]): Record<string, string> {
  const merged = new Map<string, [string, string]>();
  for (const [k, v] of incoming) {
    const l = k.toLowerCase();
    const had = merged.get(l);
    merged.set(l, had ? [had[0], `${had[1]}, ${v}`] : [k, v]);
  }
  for (const [k, v] of script) {
    const l = k.toLowerCase();
    merged.delete(l);
    if (v !== false) merged.set(l, [k, v]);
  }
  const out: Record<string, string> = {};
  for (const [k, v] of merged.values()) out[k] = v;
  return out;
}

export class WebhookTransformer {
  readonly config: LuaConfig;
  private readonly byHash = new LRUCache<string, CompiledChunk>({ max: 1000 });
  /** Scripts given as source strings (saves hashing the source on every call). */
  // keyed by the source string itself (V8 keeps a string's hash: a job reusing the same string
  // hashes nothing), then by chunk name
  private readonly bySource = new LRUCache<string, Map<string, CompiledChunk>>({ max: 200 });
  private readonly logger: Logger | undefined;
  private readonly runOpts: TransformRunOptions;
  /** runOpts as the isolate receives them (a string crosses cheaply; the isolate caches the parse). */
  private readonly runOptsJson: string;
  /** The host modules granted to this transformer's runs (undefined: none). */
  readonly modules: HostModules | undefined;
  private readonly ownModules: boolean;

  private constructor(
    readonly engine: Engine,
    private readonly ownEngine: boolean,
    private readonly opts: TransformerOptions,
    config: LuaConfig,
    modules: HostModules | undefined,
    ownModules: boolean,
  ) {
    this.config = config;
    this.modules = modules;
    this.ownModules = ownModules;
    this.logger = opts.logger === false ? undefined : (opts.logger ?? pino({ name: "moonbox" }));
    this.runOpts = {
      instructionLimit: opts.instructionLimit ?? engine.options.instructionLimit,
      memoryLimit: config.memoryLimitMb * 1024 * 1024,
      memoryCap: engine.options.memoryLimitMb * 1024 * 1024,
      log: opts.logLimits,
      maxHeaders: opts.maxHeaders,
      maxHeaderBytes: opts.maxHeaderBytes,
    };
    this.runOptsJson = JSON.stringify(this.runOpts);
  }

  /** Create a transformer (and its engine: a pool of isolates sized by the config). */
  static async create(opts: TransformerOptions = {}): Promise<WebhookTransformer> {
    const config = { ...defaultConfig(), ...opts.config };
    const engine =
      opts.engine ??
      (await Engine.create({
        isolation: opts.isolation,
        poolSize: config.poolSize,
        memoryLimitMb: isolateCapMb(config.memoryLimitMb),
        timeoutMs: config.timeoutMs,
        memoryLimitBytes: config.memoryLimitMb * 1024 * 1024,
        instructionLimit: opts.instructionLimit,
      }));
    const observe = engine.options.metrics ? engine.options.metrics.observeModuleCall.bind(engine.options.metrics) : undefined;
    let modules: HostModules | undefined;
    if (opts.modules instanceof HostModules) modules = opts.modules;
    else if (Array.isArray(opts.modules)) modules = new HostModules(opts.modules, observe);
    else if (opts.modules === undefined) modules = await defaultHostModules(config, observe, opts.logger === false ? undefined : (opts.logger ?? engine.options.logger));
    return new WebhookTransformer(engine, opts.engine === undefined, opts, config, modules, !(opts.modules instanceof HostModules));
  }

  /** Transform a job: the outgoing request, or a thrown ScriptError (a TransformError after a run). */
  async transform(job: TransformJob): Promise<OutgoingRequest> {
    const r = await this.tryTransform(job);
    if (r.ok) return r.request!;
    const e = r.error!;
    const err = new TransformError(e.type, e.message, e.line, e.luaTraceback, e.retryable);
    err.logs = r.logs;
    err.durationMs = r.durationMs;
    throw err;
  }

  /** Transform a job without throwing for script faults: see `ok` and `error`. */
  async tryTransform(job: TransformJob): Promise<TransformOutcome> {
    const t0 = performance.now();
    const payload = payloadBuffer(job.payload);
    checkMetadata(job.metadata);
    const incoming = headerPairs(job.headers);
    const fail = (error: ScriptError, hash?: string): TransformOutcome => ({
      ok: false,
      error,
      logs: [],
      stdout: "",
      durationMs: performance.now() - t0,
      memoryBytes: 0,
      scriptHash: hash,
    });
    if (job.script === undefined) {
      return {
        ok: true,
        request: { body: payload, bodyChanged: false, headers: mergeHeaders(incoming, []), scriptHeaders: {}, optOutDefaultHeaders: false },
        logs: [],
        stdout: "",
        durationMs: performance.now() - t0,
        memoryBytes: 0,
      };
    }
    if (!this.config.enabled) {
      return fail(new ScriptError("script_disabled", "Lua scripts are disabled (lua.enabled: false) but the webhook has a script"));
    }
    // (a cached chunk is taken without an await: the synchronous path then has none at all)
    let chunk = this.cached(job.script);
    if (chunk === undefined) {
      try {
        chunk = await this.resolve(job.script);
      } catch (e) {
        if (e instanceof ScriptError) return fail(e, "hash" in job.script ? job.script.hash : undefined);
        throw e;
      }
    }
    const input: PackedInput = {
      payload: payload.toString("latin1"),
      rest: JSON.stringify({
        headers: incoming,
        metadata: plainBytes(job.metadata, "metadata"),
        previousError: job.previousError == null ? null : plainBytes(job.previousError, "previousError"),
      }),
    };
    let raw: TransformResult | undefined;
    try {
      if (this.syncPool !== undefined) raw = this.invokeSync(chunk, input);
    } catch (e) {
      return fail(failureToScriptError(e, this.engine.options.memoryLimitMb), chunk.hash);
    }
    if (raw === undefined) {
      const hostRuns = this.engine.hostRuns;
      const token = this.modules ? hostRuns.begin(this.modules, job.metadata.config_id, this.config.timeoutMs) : 0;
      try {
        raw = await this.invoke(chunk, input, token);
      } catch (e) {
        return fail(failureToScriptError(e, this.engine.options.memoryLimitMb), chunk.hash);
      } finally {
        if (token !== 0) hostRuns.end(token);
      }
    }
    const logs = raw.logs.map(
      (l: LogRecord): TransformLog => ({
        level: l.level,
        message: bytesText(l.message),
        ...(l.fields ? { fields: Object.fromEntries(Object.entries(l.fields).map(([k, v]) => [bytesText(k), typeof v === "string" ? bytesText(v) : v])) } : {}),
      }),
    );
    const stdout = bytesText(raw.stdout);
    this.emitLogs(job.metadata, chunk.hash, logs, stdout);
    const base = { logs, stdout, durationMs: performance.now() - t0, memoryBytes: raw.memoryUsed, scriptHash: chunk.hash };
    if (!raw.ok) {
      const re = raw.error!;
      const type = (SCRIPT_ERROR_TYPES as readonly string[]).includes(re.type) ? (re.type as ScriptErrorType) : "script_runtime_error";
      return { ok: false, error: new ScriptError(type, re.message, re.line || undefined, re.traceback, re.retryable), ...base };
    }
    const body = raw.body === undefined ? payload : Buffer.from(raw.body, "latin1");
    const scriptHeaders: Record<string, string | null> = {};
    for (const [k, v] of raw.headers) scriptHeaders[k] = v === false ? null : v;
    return {
      ok: true,
      request: {
        body,
        bodyChanged: raw.body !== undefined,
        headers: mergeHeaders(incoming, raw.headers),
        scriptHeaders,
        optOutDefaultHeaders: raw.optOut,
      },
      ...base,
    };
  }

  /** Per chunk (by id), for the synchronous path: the isolates where it was loaded, and whether it may reach a host module. */
  private readonly syncInfo = new Map<string, { slots: Set<number>; hostish: boolean }>();

  /** The pool's synchronous entry when inlineSync applies (feature-detected: InlinePool only). */
  private get syncPool(): SyncPool | undefined {
    const pool = this.engine.pool as Partial<SyncPool>;
    return this.opts.inlineSync && typeof pool.tryInvokeSync === "function" ? (pool as SyncPool) : undefined;
  }

  private info(chunk: CompiledChunk): { slots: Set<number>; hostish: boolean } {
    let i = this.syncInfo.get(chunk.id);
    if (i === undefined) {
      if (this.syncInfo.size >= 2000) this.syncInfo.clear(); // (only a cache: chunks are reloaded on a miss)
      this.syncInfo.set(chunk.id, (i = { slots: new Set(), hostish: HOST_MODULE_NAMES.test(chunk.code) }));
    }
    return i;
  }

  /**
   * The synchronous path (inlineSync): the result, or undefined when the transform must run
   * asynchronously. A script whose code may reach a host module runs asynchronously (the
   * isolate waits for the host's promises, so this thread must stay free); another one that
   * reaches a host module anyway (e.g. `require("ht" .. "tp")`) stops at that call, before
   * anything reached the host (NEEDS_ASYNC), and runs again asynchronously. No host run is
   * begun for the synchronous attempt: SYNC_TOKEN only makes module calls abort that way.
   */
  private invokeSync(chunk: CompiledChunk, input: PackedInput): TransformResult | undefined {
    const info = this.info(chunk);
    if (this.modules !== undefined && info.hostish) return undefined;
    const pool = this.syncPool!;
    const args = [chunk.id, input.payload, input.rest, this.runOptsJson, this.modules ? SYNC_TOKEN : 0, false];
    for (const slot of info.slots) {
      const r = pool.tryInvokeSync("transformPacked", args, { slot, timeoutMs: this.config.timeoutMs });
      if (r === undefined) continue; // busy, or not started
      const v = unpack(r.value as string);
      // the isolate was replaced since (memory limit) and no longer has the chunk
      if (v.error?.type === "script_not_found" && v.error.message.startsWith("chunk ")) {
        info.slots.delete(slot);
        break;
      }
      return v.error?.type === NEEDS_ASYNC ? undefined : v;
    }
    return undefined;
  }

  /** Run the transform in an isolate, asynchronously (with inlineSync: loading the chunk into one more isolate). */
  private async invoke(chunk: CompiledChunk, input: PackedInput, hostToken: number): Promise<TransformResult> {
    const args = [chunk.id, input.payload, input.rest, this.runOptsJson, hostToken, true];
    const timeoutMs = this.config.timeoutMs;
    if (this.syncPool !== undefined) {
      // load it into an isolate that does not have it yet, for the synchronous path next time
      const slots = this.info(chunk).slots;
      let slot = 0;
      while (slot < this.engine.pool.size - 1 && slots.has(slot)) slot++;
      slots.add(slot);
      return unpack(await this.engine.pool.invoke("transformPacked", args, { timeoutMs, chunks: [chunk], slot }));
    }
    return unpack(await this.engine.pool.invoke("transformPacked", args, { timeoutMs, chunks: [chunk] }));
  }

  /** The compiled chunk for `ref` if it is cached (no await needed). */
  private cached(ref: ScriptRef): CompiledChunk | undefined {
    if ("source" in ref) return typeof ref.source === "string" ? this.bySource.get(ref.source)?.get(ref.name ?? "script.lua") : undefined;
    return this.byHash.get(ref.hash.toLowerCase());
  }

  private async resolve(ref: ScriptRef): Promise<CompiledChunk> {
    if ("source" in ref) {
      const name = ref.name ?? "script.lua";
      if (typeof ref.source !== "string") return compileLua(ref.source, name);
      let byName = this.bySource.get(ref.source);
      if (byName === undefined) this.bySource.set(ref.source, (byName = new Map()));
      let chunk = byName.get(name);
      if (chunk === undefined) byName.set(name, (chunk = compileLua(sourceBytes(ref.source), name)));
      return chunk;
    }
    const hash = ref.hash.toLowerCase();
    const hit = this.byHash.get(hash);
    if (hit) return hit;
    const store = this.opts.store;
    if (store === undefined) throw new ScriptError("script_not_found", `script ${hash} not found (no script store configured)`);
    let stored;
    try {
      stored = await store.get(hash);
    } catch (e) {
      // the store failed, not the script: worth retrying
      throw new ScriptError("script_not_found", `script store failed for ${hash}: ${(e as Error)?.message ?? e}`, undefined, undefined, true);
    }
    if (stored === undefined) throw new ScriptError("script_not_found", `script ${hash} not found`);
    const chunk = compileLua(sourceBytes(stored.source), ref.name ?? stored.name ?? "script.lua");
    if (this.opts.verifyHash !== false && chunk.hash !== hash) {
      throw new ScriptError("script_not_found", `script ${hash}: stored source has hash ${chunk.hash} (hash mismatch)`);
    }
    this.byHash.set(hash, chunk);
    return chunk;
  }

  private emitLogs(meta: WebhookMetadata, hash: string, logs: TransformLog[], stdout: string): void {
    const logger = this.logger;
    if (logger === undefined || (logs.length === 0 && stdout === "")) return;
    const base = { webhook_id: meta.webhook_id, config_id: meta.config_id, attempt: meta.attempt, script_hash: hash, source: "lua" };
    for (const l of logs) logger[l.level](l.fields ? { ...base, fields: l.fields } : base, l.message);
    if (stdout !== "") logger.debug({ ...base, stdout }, "script print output");
  }

  async dispose(): Promise<void> {
    if (this.ownEngine) await this.engine.dispose();
    if (this.ownModules) await this.modules?.close();
  }
}

/** The modules the config describes (src/modules/index.ts), loaded on first use of a transformer. */
async function defaultHostModules(
  config: LuaConfig,
  observe: ((m: string, f: string, s: number, ok: boolean) => void) | undefined,
  logger: Logger | undefined,
): Promise<HostModules | undefined> {
  const { createHostModules } = await import("../modules/index.js");
  return createHostModules(config, { observe, logger });
}

/** Create a transformer (see WebhookTransformer.create). */
export function createTransformer(opts: TransformerOptions = {}): Promise<WebhookTransformer> {
  return WebhookTransformer.create(opts);
}

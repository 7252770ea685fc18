// The webhook transform entry point inside the isolate (the host side is src/webhook/).
//
//   $moonbox.transform(chunkId, input, opts) -> TransformResult
//
// One crossing per transform: fresh globals, the spec's inputs (`payload`, read-only
// `headers`, `metadata`, `previous_error`), its outputs (`request`, `config`), the modules
// (json, base64, log, and later the host-backed http/kv/crypto), the chunk's main, then the
// outputs are read and validated here and returned as plain data.
import { LuaTable, LuaError } from "./value.js";
import { memory } from "./limits.js";
import { mains, entries, beginRun, toRunError, takeStdout, instructionsUsed, type RunOptions, type RunError } from "./run.js";
import { freshTransformGlobals, ReadOnlyTable, fromPlain, moduleErrors, bridge, hostRun, type Plain, type HostReply } from "./modules/registry.js";
import "./modules/json.js";
import "./modules/base64.js";
import "./modules/host.js";
import { resetLog, takeLogs, type LogRecord, type LogLimits } from "./modules/log.js";

export interface TransformInput {
  /** The raw payload as a byte string (latin1: one char per byte). */
  payload: string;
  /** Request headers as [name, value] byte strings, in the order received. */
  headers: [string, string][];
  /** webhook_id, config_id, attempt, max_attempts, created_at (+ any extra fields). */
  metadata: Record<string, Plain>;
  /** Error info of the previous attempt, or null on the first attempt. */
  previousError: Record<string, Plain> | null;
}

export interface OutputLimits {
  /** Most headers the script may set (default 100). */
  maxHeaders?: number;
  /** Most bytes in all header names and values set by the script (default 64 KiB). */
  maxHeaderBytes?: number;
}

export interface TransformRunOptions extends RunOptions, OutputLimits {
  log?: Partial<LogLimits>;
  /** Names this run to the host for module calls (0 or absent: host modules unavailable). */
  hostToken?: number;
  /** The host entered asynchronously, so the isolate may wait for host calls. */
  hostCalls?: boolean;
}

export interface TransformResult {
  ok: boolean;
  /** The new body (byte string), when the script set request.body to something other than payload. */
  body?: string;
  /** The script set request.body = payload (unchanged bytes; not copied back). */
  bodyIsPayload?: boolean;
  /** transformPacked: `body` follows the result's JSON text. */
  bodyFollows?: boolean;
  /** Headers the script set, sorted by lower-case name; false: remove the header. */
  headers: [string, string | false][];
  optOut: boolean;
  logs: LogRecord[];
  logsDropped: number;
  /** What print() wrote. */
  stdout: string;
  error?: RunError;
  instructions: number;
  /** Bytes the run allocated by Moonbox's accounting (strings, tables). */
  memoryUsed: number;
}

const DEFAULT_MAX_HEADERS = 100;
const DEFAULT_MAX_HEADER_BYTES = 64 * 1024;

/** RFC 9110 token: the syntax of a header name. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const INJECTION = /[\r\n\0]/;
/** Control characters other than HTAB (Node's http refuses them too). */
const CONTROL = /[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]/;

/** Thrown while reading outputs: becomes a script_invalid_output error. */
class InvalidOutput {
  constructor(readonly message: string) {}
}

function typeName(v: unknown): string {
  if (v === undefined) return "nil";
  if (v instanceof LuaTable) return "table";
  return typeof v === "object" ? "userdata" : typeof v;
}

function quote(s: string): string {
  return JSON.stringify(s.length > 60 ? s.slice(0, 60) + "..." : s);
}

/** The read-only `headers` table: exact names first, then any case (`headers["content-type"]`). */
function headersTable(pairs: [string, string][]): ReadOnlyTable {
  const data = new LuaTable();
  const set = LuaTable.prototype.set;
  const lower = new Map<string, string>();
  for (const [name, value] of pairs) {
    if (data.get(name) === undefined) set.call(data, name, value);
    const l = name.toLowerCase();
    if (!lower.has(l)) lower.set(l, value);
  }
  return new ReadOnlyTable(data, "headers", (_t, k) => (typeof k === "string" ? lower.get(k.toLowerCase()) : undefined));
}

function readHeaders(h: unknown, limits: OutputLimits): [string, string | false][] {
  if (h === undefined) return [];
  if (!(h instanceof LuaTable)) throw new InvalidOutput(`request.headers must be a table (got ${typeName(h)})`);
  const maxHeaders = limits.maxHeaders ?? DEFAULT_MAX_HEADERS;
  const maxBytes = limits.maxHeaderBytes ?? DEFAULT_MAX_HEADER_BYTES;
  const out: [string, string | false][] = [];
  const seen = new Map<string, string>();
  let bytes = 0;
  for (let k: unknown = undefined; ; ) {
    const r = h.next(k);
    if (!r) break;
    k = r[0];
    const v = r[1];
    if (typeof k !== "string") {
      throw new InvalidOutput(`request.headers: header names must be strings (got a ${typeName(k)} key${typeof k === "number" ? ` ${k}` : ""})`);
    }
    if (!TOKEN.test(k)) throw new InvalidOutput(`request.headers: invalid header name ${quote(k)} (allowed: letters, digits and !#$%&'*+-.^_\`|~)`);
    const l = k.toLowerCase();
    const prev = seen.get(l);
    if (prev !== undefined) throw new InvalidOutput(`request.headers: header ${quote(k)} is set twice (as ${quote(prev)} and ${quote(k)})`);
    seen.set(l, k);
    if (v === false) {
      out.push([k, false]);
    } else if (typeof v === "string") {
      if (INJECTION.test(v)) throw new InvalidOutput(`request.headers[${quote(k)}]: value contains CR, LF or NUL (header injection)`);
      if (CONTROL.test(v)) throw new InvalidOutput(`request.headers[${quote(k)}]: value contains a control character`);
      out.push([k, v]);
      bytes += v.length;
    } else {
      throw new InvalidOutput(`request.headers[${quote(k)}] must be a string, or false to remove the header (got ${typeName(v)})`);
    }
    bytes += k.length;
    if (out.length > maxHeaders) throw new InvalidOutput(`request.headers: more than ${maxHeaders} headers`);
    if (bytes > maxBytes) throw new InvalidOutput(`request.headers: more than ${maxBytes} bytes of header names and values`);
  }
  out.sort((a, b) => {
    const x = a[0].toLowerCase(), y = b[0].toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  });
  return out;
}

function readOutputs(G: LuaTable, input: TransformInput, opts: TransformRunOptions, res: TransformResult): void {
  const req = G.get("request");
  if (!(req instanceof LuaTable)) throw new InvalidOutput(`global 'request' must be a table (got ${typeName(req)})`);
  const body = req.get("body");
  if (typeof body === "string") {
    if (body === input.payload) res.bodyIsPayload = true;
    else res.body = body;
  } else if (body !== undefined) {
    throw new InvalidOutput(`request.body must be a string or nil (got ${typeName(body)})`);
  }
  res.headers = readHeaders(req.get("headers"), opts);
  const cfg = G.get("config");
  if (cfg === undefined) return;
  if (!(cfg instanceof LuaTable)) throw new InvalidOutput(`global 'config' must be a table (got ${typeName(cfg)})`);
  const opt = cfg.get("opt_out_default_headers");
  if (opt === undefined) return;
  if (typeof opt !== "boolean") throw new InvalidOutput(`config.opt_out_default_headers must be a boolean (got ${typeName(opt)})`);
  res.optOut = opt;
}

export function transform(chunkId: string, input: TransformInput, opts: TransformRunOptions, hostToken = opts.hostToken ?? 0, hostCalls = opts.hostCalls === true): TransformResult {
  const res: TransformResult = { ok: false, headers: [], optOut: false, logs: [], logsDropped: 0, stdout: "", instructions: 0, memoryUsed: 0 };
  const main = mains.get(chunkId);
  if (main === undefined) {
    res.error = { type: "script_not_found", message: `chunk ${chunkId} is not loaded`, line: 0 };
    return res;
  }
  const G = beginRun(opts, freshTransformGlobals);
  hostRun.token = hostToken;
  hostRun.allowed = hostCalls;
  hostRun.startedAt = Date.now();
  resetLog(opts.log);
  G.set("payload", input.payload);
  G.set("headers", headersTable(input.headers));
  G.set("metadata", fromPlain(input.metadata, "metadata"));
  G.set("previous_error", input.previousError === null ? undefined : fromPlain(input.previousError, "previous_error"));
  const request = new LuaTable();
  request.set("headers", new LuaTable());
  G.set("request", request);
  G.set("config", new LuaTable());
  memory.used = 0; // the inputs are not the script's allocations
  try {
    main(G);
    readOutputs(G, input, opts, res);
    res.ok = true;
  } catch (e) {
    res.headers = [];
    res.body = undefined;
    res.bodyIsPayload = undefined;
    res.optOut = false;
    if (e instanceof InvalidOutput) res.error = { type: "script_invalid_output", message: e.message, line: 0 };
    else {
      res.error = toRunError(e);
      const m = e instanceof LuaError ? moduleErrors.get(e) : undefined;
      if (m !== undefined) {
        res.error.type = m.type;
        if (m.retryable !== undefined) res.error.retryable = m.retryable;
      }
    }
  }
  const logs = takeLogs();
  res.logs = logs.records;
  res.logsDropped = logs.dropped;
  res.stdout = takeStdout();
  res.instructions = instructionsUsed(opts);
  res.memoryUsed = memory.used;
  hostRun.token = 0;
  return res;
}

entries.transform = transform;

/** Options by their JSON text: a transformer sends the same text on every call. */
const optionsByText = new Map<string, TransformRunOptions>();

/**
 * The transform with primitives only crossing (isolated-vm copies strings cheaply, objects
 * through a serializer that costs several µs each way):
 *
 *   transformPacked(chunkId, payload, inputJson, optsJson, hostToken, hostCalls)
 *     -> "<n>:<result JSON of n chars><body>"
 *
 * inputJson is `{"headers":[...],"metadata":{...},"previousError":...}` (byte strings);
 * the result is TransformResult without `body`, which follows the JSON unescaped (binary
 * bodies cross as they are).
 */
export function transformPacked(chunkId: string, payload: string, inputJson: string, optsJson: string, hostToken: number, hostCalls: boolean): string {
  let opts = optionsByText.get(optsJson);
  if (opts === undefined) {
    if (optionsByText.size > 64) optionsByText.clear();
    optionsByText.set(optsJson, (opts = JSON.parse(optsJson) as TransformRunOptions));
  }
  const rest = JSON.parse(inputJson) as Omit<TransformInput, "payload">;
  const res = transform(chunkId, { payload, headers: rest.headers, metadata: rest.metadata, previousError: rest.previousError }, opts, hostToken, hostCalls);
  const body = res.body;
  res.body = undefined;
  if (body !== undefined) res.bodyFollows = true;
  const json = JSON.stringify(res);
  return `${json.length}:${json}${body ?? ""}`;
}

entries.transformPacked = transformPacked;

/**
 * Install the host bridge (once per isolate): `ref` is an isolated-vm Reference to the host
 * function `(token, module, fn, args, memoryRemaining) => Promise<HostReply>` (see
 * src/modules/bridge.ts). Host-backed modules call it through `applySyncPromise`: the isolate
 * waits, the host's event loop does not. The reply arrives as a copy (ExternalCopy.copyInto).
 */
entries.setHostBridge = (ref: { applySyncPromise(recv: unknown, args: unknown[], opts?: unknown): unknown }) => {
  bridge.current = {
    call: (token, module, fn, args, memoryRemaining, startedAt) =>
      ref.applySyncPromise(undefined, [token, module, fn, args, memoryRemaining, startedAt], { arguments: { copy: true } }) as HostReply,
  };
};

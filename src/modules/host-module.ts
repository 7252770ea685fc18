// The contract between the sandbox bridge and the host-backed modules (http, kv, crypto).
//
// A Lua call `http.get(url, headers)` inside an isolate becomes one host call
// `modules.http.functions.get(ctx, [url, headers])`: the isolate waits (isolated-vm's
// applySyncPromise) while the host's promise settles, and the Node event loop keeps running.
// All policy (allowlists, namespaces, key grants, size caps) is enforced here, on the host:
// nothing the isolate sends is trusted beyond being plain data.
import type { ScriptErrorType } from "../errors.js";

/** Plain data crossing the bridge. Strings are BYTE strings (one char per byte, 0..255). */
export type Plain = null | boolean | number | string | Plain[] | { [k: string]: Plain };

/** What the host knows about the run making a call (looked up host-side, not sent by the script). */
export interface HostCallContext {
  /** The run's metadata.config_id: the tenant (kv namespace, crypto key grants). */
  readonly configId: string;
  /** When the run's timeout expires (Date.now() milliseconds). */
  readonly deadline: number;
  /** Aborted when the run's deadline passes or the run ends: stop waiting on upstreams. */
  readonly signal: AbortSignal;
  /** Bytes the script may still allocate; a response larger than this would fail anyway. */
  readonly memoryRemaining: number;
}

/**
 * A failure a module reports to the script: raised in Lua as `"<module>.<fn>: <message>"`
 * (catchable with pcall); if it ends the run, the run's ScriptError has `type` and
 * `retryable` (default: the type's retryability from the spec's table).
 */
export class ModuleError extends Error {
  constructor(
    readonly type: ScriptErrorType,
    message: string,
    readonly retryable?: boolean,
  ) {
    super(message);
    this.name = "ModuleError";
  }
}

export type HostFunction = (ctx: HostCallContext, args: Plain[]) => Promise<Plain>;

export interface HostModule {
  /** The Lua global / require name: "http", "kv", "crypto". */
  readonly name: string;
  /** The error type of its failures (script_module_http, ...). */
  readonly errorType: ScriptErrorType;
  /** Its Lua functions by name. Arguments arrive as plain data, nil as null. */
  readonly functions: Readonly<Record<string, HostFunction>>;
  /** Release connections, timers, caches. */
  close?(): Promise<void>;
}

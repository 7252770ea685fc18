// The host side of the Lua `kv` module: kv.get / kv.set / kv.del on Redis (ioredis).
//
// Every key lives in its tenant's namespace (the run's config_id, known host-side only):
//   <prefix><N>:<config_id as UTF-8, N bytes>:<key bytes>        (prefix default "moonbox:kv:")
// The length makes the layout injective: ("a:b", "c") and ("a", "b:c") are different keys.
// See README.md for the full contract (arguments, limits, errors).
//
// Failures are ModuleError("script_module_kv"): Redis trouble (down, timeout, error reply) is
// retryable; a bad argument or an oversized key/value is not (a retry cannot fix it).
import { Redis, type RedisOptions } from "ioredis";
import type { LuaConfig } from "../../config.js";
import { ModuleError, type HostCallContext, type HostModule, type Plain } from "../host-module.js";
import { numberToString, stringToNumber } from "../../runtime-shims/number.js";

export type KvConfig = Pick<LuaConfig, "kvRedisUrl" | "kvTimeoutMs" | "kvTtlDefaultMs" | "kvMaxKeyBytes" | "kvMaxValueBytes">;

export interface KvModuleOptions {
  /** An existing ioredis client to use (it is not closed by close()). */
  redis?: Redis;
  /** Prefix of every key (default "moonbox:kv:"). */
  prefix?: string;
}

export const DEFAULT_KV_PREFIX = "moonbox:kv:";
/** Longest TTL a script may ask for: one year (entries are a cache, not a database). */
export const KV_MAX_TTL_SECONDS = 365 * 24 * 3600;
/**
 * A Redis wait ends this long before the run's deadline, so a hung Redis surfaces as a
 * retryable kv error rather than as script_timeout (which is not retried).
 */
const DEADLINE_MARGIN_MS = 20;

const TYPE = "script_module_kv" as const;

/** The Redis key of `key` (bytes) in the namespace of `configId`. */
export function kvRedisKey(prefix: string, configId: string, key: Buffer): Buffer {
  const id = Buffer.from(configId, "utf8");
  return Buffer.concat([Buffer.from(`${prefix}${id.length}:`, "utf8"), id, Buffer.from(":"), key]);
}

export function createKvModule(config: KvConfig, options: KvModuleOptions = {}): HostModule {
  const prefix = options.prefix ?? DEFAULT_KV_PREFIX;
  const own = options.redis === undefined;
  const ropts: RedisOptions = {
    // nothing connects until the first kv call: a down Redis never blocks or crashes startup
    lazyConnect: true,
    // a command while Redis is away fails at once instead of queueing
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    // a command already reported as failed must not run later behind the script's back
    autoResendUnfulfilledCommands: false,
    commandTimeout: config.kvTimeoutMs,
    connectTimeout: config.kvTimeoutMs,
    // keep reconnecting in the background, at most a second apart
    retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 5), 1000),
  };
  const client = options.redis ?? new Redis(config.kvRedisUrl, ropts);

  // The last connection error, for messages ("connect ECONNREFUSED 127.0.0.1:6399"). The
  // listener also keeps ioredis from printing every reconnect failure.
  let lastError: string | undefined;
  const onError = (e: Error) => {
    lastError = e.message;
  };
  const onReady = () => {
    lastError = undefined;
  };
  // a dropped connection may close without an error event
  const where = () => (client.options.path ? client.options.path : `${client.options.host}:${client.options.port}`);
  const onClose = () => {
    lastError ??= `connection to ${where()} lost`;
  };
  client.on("error", onError);
  client.on("ready", onReady);
  client.on("close", onClose);
  let closed = false;

  // One shared wait per connection attempt (not one listener set per caller).
  let attempt: Promise<void> | undefined;
  function connectionAttempt(): Promise<void> {
    if (attempt) return attempt;
    const p = new Promise<void>((resolve, reject) => {
      const done = () => {
        client.off("ready", ok);
        client.off("error", fail);
        client.off("end", fail);
        attempt = undefined;
      };
      const ok = () => {
        done();
        resolve();
      };
      const fail = (e?: Error) => {
        done();
        reject(unavailable(e?.message));
      };
      client.once("ready", ok);
      client.once("error", fail);
      client.once("end", fail);
    });
    p.catch(() => undefined); // callers may have given up already
    if (client.status === "wait") client.connect().catch(() => undefined);
    return (attempt = p);
  }

  function unavailable(why?: string): ModuleError {
    const d = why ?? lastError ?? `connection to ${where()} lost`;
    // always say which server ("read ECONNRESET" alone does not)
    return new ModuleError(TYPE, `redis unavailable: ${d.includes(where()) ? d : `${d} (${where()})`}`);
  }

  /** Run one command, never longer than kvTimeoutMs nor past the run's deadline. */
  async function run<T>(ctx: HostCallContext, command: (c: Redis) => Promise<T>): Promise<T> {
    if (closed) throw new ModuleError(TYPE, "redis unavailable: the kv module is closed");
    const budget = Math.min(config.kvTimeoutMs, ctx.deadline - DEADLINE_MARGIN_MS - Date.now());
    if (budget <= 0) throw new ModuleError(TYPE, "redis timeout: no time left before the run's deadline");
    const status = client.status;
    // between reconnect attempts Redis is known to be down: fail fast (the job is retried)
    if (status === "reconnecting" || status === "close" || status === "end") throw unavailable();

    if (ctx.signal.aborted) throw new ModuleError(TYPE, "redis call abandoned: the run ended");

    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    let gaveUp = false;
    const limit = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        gaveUp = true;
        reject(new ModuleError(TYPE, `redis timeout after ${budget}ms`));
      }, budget);
      onAbort = () => {
        gaveUp = true;
        reject(new ModuleError(TYPE, "redis call abandoned: the run ended"));
      };
      ctx.signal.addEventListener("abort", onAbort, { once: true });
    });
    const work = (async () => {
      if (client.status !== "ready") await connectionAttempt(); // first use, or a reconnect in progress
      // a call reported as failed must not reach Redis once it comes back
      if (gaveUp) throw new ModuleError(TYPE, "abandoned");
      return command(client);
    })();
    work.catch(() => undefined); // it may settle after the limit won
    try {
      return await Promise.race([work, limit]);
    } catch (e) {
      if (e instanceof ModuleError) throw e;
      throw redisError(e as Error);
    } finally {
      clearTimeout(timer);
      ctx.signal.removeEventListener("abort", onAbort!);
    }
  }

  function redisError(e: Error): ModuleError {
    const msg = e?.message ?? String(e);
    if (msg === "Command timed out") return new ModuleError(TYPE, `redis timeout after ${config.kvTimeoutMs}ms`);
    // an error reply (OOM, READONLY, LOADING, ...) comes from the server; all else is the connection
    if ((e as { name?: string })?.name === "ReplyError") return new ModuleError(TYPE, `redis error: ${msg}`);
    // ioredis' own words for "the connection went away" (in flight, or before sending)
    if ((e as { name?: string })?.name === "MaxRetriesPerRequestError" || /enableOfflineQueue|Connection is closed|Stream isn't writeable/.test(msg)) return unavailable();
    return unavailable(msg);
  }

  function keyOf(ctx: HostCallContext, args: Plain[]): Buffer {
    const key = byteString(args, 0, "key");
    if (key.length === 0) throw badArg(1, "key must not be empty");
    if (key.length > config.kvMaxKeyBytes) throw badArg(1, `key is ${key.length} bytes, more than the ${config.kvMaxKeyBytes} allowed`);
    const id = ctx.configId;
    if (typeof id !== "string" || id === "") throw new ModuleError(TYPE, "the run has no metadata.config_id (the kv namespace)", false);
    // lone surrogates would all encode as U+FFFD: two tenants in one namespace
    if (Buffer.from(id, "utf8").toString("utf8") !== id) throw new ModuleError(TYPE, "metadata.config_id is not valid Unicode", false);
    return kvRedisKey(prefix, id, Buffer.from(key, "latin1"));
  }

  return {
    name: "kv",
    errorType: TYPE,
    functions: {
      async get(ctx, args) {
        const key = keyOf(ctx, args);
        const v = await run(ctx, (c) => c.getBuffer(key));
        if (v === null) return null;
        // the script would fail allocating it anyway; say why here
        if (v.length > ctx.memoryRemaining) {
          throw new ModuleError("script_memory_limit", `value is ${v.length} bytes, more than the script's remaining memory (${ctx.memoryRemaining} bytes)`);
        }
        return v.toString("latin1");
      },

      async set(ctx, args) {
        const key = keyOf(ctx, args);
        const value = byteString(args, 1, "value");
        if (value.length > config.kvMaxValueBytes) throw badArg(2, `value is ${value.length} bytes, more than the ${config.kvMaxValueBytes} allowed`);
        const ttlMs = ttlOf(args, config.kvTtlDefaultMs);
        const buf = Buffer.from(value, "latin1");
        await run(ctx, (c) => c.set(key, buf, "PX", ttlMs));
        return null;
      },

      async del(ctx, args) {
        const key = keyOf(ctx, args);
        const n = await run(ctx, (c) => c.del(key));
        return n > 0; // true when the key existed
      },
    },

    async close() {
      closed = true;
      client.off("error", onError);
      client.off("ready", onReady);
      client.off("close", onClose);
      if (!own) return;
      // keep swallowing errors of the closing connection
      client.on("error", () => undefined);
      try {
        if (client.status === "ready") await client.quit();
        else client.disconnect();
      } catch {
        client.disconnect();
      }
    },
  };
}

// ---------------------------------------------------------------- arguments

/** An argument error: not retryable (the same call fails the same way). */
function badArg(n: number, why: string): ModuleError {
  return new ModuleError(TYPE, `bad argument #${n} (${why})`, false);
}

function typeName(args: Plain[], i: number): string {
  if (i >= args.length) return "no value";
  const v = args[i];
  if (v === null) return "nil";
  if (typeof v === "object") return "table";
  return typeof v;
}

/** A string argument as its bytes (latin1 chars); a number becomes its Lua tostring form. */
function byteString(args: Plain[], i: number, what: string): string {
  const v = args[i];
  if (typeof v === "number") return numberToString(v);
  if (typeof v !== "string") throw badArg(i + 1, `string expected, got ${typeName(args, i)}`);
  // the bridge sends byte strings; anything else would be truncated by latin1
  if (/[^\x00-\xff]/.test(v)) throw badArg(i + 1, `${what} is not a byte string`);
  return v;
}

/** ttl_seconds (argument #3) in ms: nil -> the default; a number (or numeric string) > 0. */
function ttlOf(args: Plain[], defaultMs: number): number {
  let v = args[2];
  if (v === null || v === undefined) return defaultMs;
  if (typeof v === "string") v = stringToNumber(v) ?? v; // Lua coerces numeric strings
  if (typeof v !== "number") throw badArg(3, `number expected, got ${typeName(args, 2)}`);
  if (!(v > 0) || !Number.isFinite(v)) throw badArg(3, `ttl must be a positive number of seconds, got ${numberToString(v)}`);
  if (v > KV_MAX_TTL_SECONDS) throw badArg(3, `ttl must be at most ${KV_MAX_TTL_SECONDS} seconds (one year), got ${numberToString(v)}`);
  return Math.max(1, Math.round(v * 1000)); // PX: sub-second ttls allowed, at least 1 ms
}

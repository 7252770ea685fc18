// The host side of the Lua `http` module: http.get(url [, headers]).
// See README.md beside this file for the behaviour (policy, SSRF guard, cache, singleflight).
//
// Structure: policy.ts checks arguments, URL and allowlist; client.ts does one upstream GET
// (pinned DNS, redirects, caps); this file shares upstream requests between runs. The sharing
// is lru-cache's fetch(): concurrent fetch() calls for one key get one fetchMethod call, and
// the result stays cached for http_cache_ttl when caching is on and the response may be
// cached. Around each shared request ("flight") we keep the waiting runs, so every run has
// its own deadline and memory budget, and the upstream is cancelled only when no run waits.
import dns from "node:dns/promises";
import { rootCertificates } from "node:tls";
import { LRUCache } from "lru-cache";
import type { LuaConfig } from "../../config.js";
import { ModuleError, type HostCallContext, type HostModule, type Plain } from "../host-module.js";
import { canonicalAddress } from "./address.js";
import { fetchUrl, type ClientOptions, type Resolver } from "./client.js";
import { cacheKey, checkUrl, httpError, parseHeaders, parseUrl } from "./policy.js";

export type { Resolver } from "./client.js";

export type HttpModuleConfig = Pick<
  LuaConfig,
  "allowedHosts" | "httpTimeoutMs" | "httpCacheEnabled" | "httpCacheTtlMs" | "httpMaxResponseBytes" | "httpAllowPrivateNetworks" | "httpMaxRedirects"
>;

export interface HttpModuleOptions {
  /** Name -> addresses (default: node:dns/promises lookup with all: true). Tests inject one. */
  resolve?: Resolver;
  /**
   * Addresses that may be connected to even with the SSRF guard on (http_allow_private_networks
   * off), e.g. one known internal service, or a loopback test server standing in for a public
   * host. Everything else non-public stays refused.
   */
  allowAddresses?: string[];
  /** https: extra trusted CA certificates (PEM), added to Node's default roots. */
  tls?: { ca?: string | Buffer | Array<string | Buffer> };
  /** Sent when the script sets no User-Agent (default "moonbox"). */
  userAgent?: string;
  /** Cache bound, bytes of bodies and headers (default 64 MB). */
  cacheMaxBytes?: number;
  /** Cache bound, entries (default 10,000). */
  cacheMaxEntries?: number;
}

export interface HttpStats {
  /** Upstream requests started (one per flight; redirect hops are not counted separately). */
  upstreamRequests: number;
  /** Calls answered from the cache. */
  cacheHits: number;
  /** Calls that joined a request already in flight for the same key (singleflight). */
  singleflightJoins: number;
}

export type HttpModule = HostModule & { stats(): HttpStats };

interface Cached {
  status: number;
  headers: Record<string, string>;
  /** Latin-1 byte string of the raw body. */
  body: string;
  /** Whether the response may stay in the cache (see README: 2xx without no-store/no-cache). */
  cacheable: boolean;
}

interface RequestContext {
  url: URL;
  headers: Record<string, string>;
}

/** One upstream request shared by every run waiting for the same key. */
class Flight {
  readonly controller = new AbortController();
  waiters = 0;
  settled = false;
  /** Body size known so far (declared or received). */
  bytes = 0;
  readonly listeners = new Set<(bytes: number) => void>();

  progress(bytes: number): void {
    this.bytes = bytes;
    for (const l of [...this.listeners]) l(bytes);
  }
}

/** How long after ctx.deadline a waiter gives up if ctx.signal has not been aborted. */
const DEADLINE_GRACE_MS = 250;

export function createHttpModule(config: HttpModuleConfig, options: HttpModuleOptions = {}): HttpModule {
  const stats: HttpStats = { upstreamRequests: 0, cacheHits: 0, singleflightJoins: 0 };
  const extraCa = options.tls?.ca === undefined ? [] : Array.isArray(options.tls.ca) ? options.tls.ca : [options.tls.ca];
  const client: ClientOptions = {
    allowedHosts: config.allowedHosts,
    allowPrivate: config.httpAllowPrivateNetworks,
    allowAddresses: new Set((options.allowAddresses ?? []).map(canonicalAddress)),
    maxRedirects: config.httpMaxRedirects,
    maxBytes: config.httpMaxResponseBytes,
    resolve: options.resolve ?? ((host) => dns.lookup(host, { all: true })),
    // Node's `ca` replaces the default roots, so add the extra CAs to them
    ca: extraCa.length > 0 ? [...rootCertificates, ...extraCa] : undefined,
    userAgent: options.userAgent ?? "moonbox",
  };
  // a TTL of 0 would mean "forever" to lru-cache: treat it as caching off
  const caching = config.httpCacheEnabled && config.httpCacheTtlMs > 0;
  const flights = new Map<string, Flight>();
  let closed = false;

  const cache = new LRUCache<string, Cached, RequestContext>({
    max: options.cacheMaxEntries ?? 10_000,
    maxSize: options.cacheMaxBytes ?? 64 * 1024 * 1024,
    sizeCalculation: (v) => 256 + v.body.length + Object.entries(v.headers).reduce((n, [k, x]) => n + k.length + x.length, 0),
    ...(caching ? { ttl: config.httpCacheTtlMs } : {}),
    fetchMethod: async (key, _stale, { signal, context }) => {
      // called synchronously inside the first cache.fetch() for the key: register the flight
      // before anyone else can join it
      const flight = new Flight();
      flights.set(key, flight);
      stats.upstreamRequests++;
      const host = context.url.host;
      const timer = setTimeout(
        () => flight.controller.abort(httpError(`request to ${host} timed out after ${config.httpTimeoutMs}ms (http_timeout)`)),
        config.httpTimeoutMs,
      );
      timer.unref();
      // lru-cache aborts on delete/eviction/clear (module closing)
      const onCacheAbort = () => flight.controller.abort(httpError(`request to ${host} was cancelled`));
      signal.addEventListener("abort", onCacheAbort, { once: true });
      try {
        const r = await fetchUrl(context.url, context.headers, client, flight.controller.signal, (n) => flight.progress(n));
        const headers = Object.fromEntries(r.headers); // fromEntries: a "__proto__" header stays a plain key
        return { status: r.status, headers, body: r.body.toString("latin1"), cacheable: mayCache(r.status, headers) };
      } finally {
        flight.settled = true;
        clearTimeout(timer);
        signal.removeEventListener("abort", onCacheAbort);
        if (flights.get(key) === flight) flights.delete(key);
      }
    },
  });

  /** No run waits for `flight` any more: cancel the upstream and forget it. */
  function abandon(key: string, flight: Flight): void {
    if (flights.get(key) === flight) {
      flights.delete(key);
      cache.delete(key); // removes the in-flight entry, so the next call starts afresh
    }
    flight.controller.abort(httpError("request abandoned: no run is waiting for it"));
  }

  /** Wait for the shared request, but give up on this run's own deadline or budget. */
  function wait(p: Promise<Cached | undefined>, key: string, flight: Flight | undefined, ctx: HostCallContext, budget: number): Promise<Cached> {
    return new Promise<Cached>((resolve, reject) => {
      let done = false;
      const finish = (err: unknown, v?: Cached) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        ctx.signal.removeEventListener("abort", onAbort);
        if (flight) {
          flight.listeners.delete(onProgress);
          flight.waiters--;
          // a run giving up leaves the request running for the others; the last one cancels it
          if (flight.waiters === 0 && !flight.settled) abandon(key, flight);
        }
        if (err !== undefined) reject(asModuleError(err));
        else resolve(v!);
      };
      const onAbort = () => finish(httpError("request abandoned: the script's time limit was reached"));
      const onProgress = (bytes: number) => {
        if (bytes > budget) finish(tooLarge(bytes, budget));
      };
      // the run's signal is the real deadline (the bridge aborts it and replies script_timeout
      // itself); this timer is only a backstop, late enough never to race the bridge's reply
      const timer = setTimeout(onAbort, Math.max(0, ctx.deadline - Date.now()) + DEADLINE_GRACE_MS);
      timer.unref();
      ctx.signal.addEventListener("abort", onAbort, { once: true });
      if (flight) {
        flight.waiters++;
        flight.listeners.add(onProgress);
      }
      p.then(
        (v) => (v === undefined ? finish(httpError("request was cancelled")) : finish(undefined, v)),
        (e) => finish(closed ? httpError("the http module was closed") : (e ?? httpError("request failed"))),
      );
      if (flight) onProgress(flight.bytes);
    });
  }

  function tooLarge(bytes: number, budget: number): ModuleError {
    return budget < config.httpMaxResponseBytes
      ? httpError(`response body (${bytes} bytes or more) exceeds the script's remaining memory (${budget} bytes)`)
      : httpError(`response body (${bytes} bytes) exceeds ${config.httpMaxResponseBytes} bytes (http_max_response_mb)`);
  }

  async function get(ctx: HostCallContext, args: Plain[]): Promise<Plain> {
    if (closed) throw httpError("the http module is closed");
    const url = parseUrl(args[0]);
    const headers = parseHeaders(args[1]);
    checkUrl(url, config.allowedHosts);
    if (ctx.signal.aborted || ctx.deadline <= Date.now()) throw httpError("request not sent: the script's time limit was reached");
    // the body has to fit in the script's memory as well as under the configured cap
    const memory = Number.isFinite(ctx.memoryRemaining) ? ctx.memoryRemaining : config.httpMaxResponseBytes;
    const budget = Math.max(0, Math.min(config.httpMaxResponseBytes, memory));
    const key = cacheKey(url, headers);
    const status: LRUCache.Status<string, Cached, RequestContext> = {};
    const p = cache.fetch(key, { context: { url, headers }, status });
    let flight: Flight | undefined;
    if (status.fetch === "hit") {
      stats.cacheHits++;
    } else {
      if (status.fetch === "inflight") stats.singleflightJoins++;
      else {
        // the run that started the flight arranges for an uncacheable result to be dropped
        // once every waiter has it (lru-cache stores whatever fetchMethod returns)
        p.then(
          (v) => {
            if (v !== undefined && !(caching && v.cacheable) && cache.peek(key) === v) cache.delete(key);
          },
          () => undefined,
        );
      }
      flight = flights.get(key);
    }
    const r = await wait(p, key, flight, ctx, budget);
    if (r.body.length > budget) throw tooLarge(r.body.length, budget); // cached or already downloaded
    // a fresh table per call: the cached object is shared
    return { status_code: r.status, body: r.body, headers: { ...r.headers } };
  }

  return {
    name: "http",
    errorType: "script_module_http",
    functions: { get },
    stats: () => ({ ...stats }),
    async close() {
      closed = true;
      for (const [key, flight] of [...flights]) abandon(key, flight);
      cache.clear();
    },
  };
}

/**
 * Which responses are cached: 2xx only (errors, redirects and failures are not: a 429 or a
 * 503 must not stick for the whole TTL), and not when the server says Cache-Control no-store
 * or no-cache. The TTL is http_cache_ttl; the server's max-age is not consulted.
 */
function mayCache(status: number, headers: Record<string, string>): boolean {
  if (status < 200 || status > 299) return false;
  const cc = (headers["cache-control"] ?? "").toLowerCase();
  return !/\bno-store\b|\bno-cache\b/.test(cc);
}

function asModuleError(e: unknown): ModuleError {
  if (e instanceof ModuleError) return e;
  return httpError(`request failed: ${(e as Error)?.message ?? String(e)}`);
}

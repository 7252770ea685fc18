// One upstream GET, with redirects: resolve the host once, refuse non-public addresses, connect
// to exactly the checked addresses, cap the body, and re-check everything on each redirect hop.
// Cancellation (timeouts, abandoned requests) comes in through `signal`, whose reason is the
// ModuleError the caller wants raised.
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import type { IncomingMessage } from "node:http";
import type { ModuleError } from "../host-module.js";
import { checkAddress, isIpLiteral } from "./address.js";
import { checkUrl, effectivePort, httpError, isSensitiveHeader, normalizeUrl } from "./policy.js";

/** Name -> addresses, like dns.promises.lookup(name, { all: true }). */
export type Resolver = (hostname: string) => Promise<ReadonlyArray<{ address: string; family?: number }>>;

export interface ClientOptions {
  allowedHosts: readonly string[];
  allowPrivate: boolean;
  /** Canonical addresses allowed despite the SSRF guard. */
  allowAddresses?: ReadonlySet<string>;
  /** 0: a 3xx is returned as the response. */
  maxRedirects: number;
  /** Body cap, bytes (http_max_response_mb). */
  maxBytes: number;
  resolve: Resolver;
  /** Trusted CAs for https (undefined: Node's default roots). */
  ca?: Array<string | Buffer>;
  userAgent: string;
}

export interface Fetched {
  status: number;
  /** Lower-case names; repeated headers joined with ", " (set-cookie with "\n"). */
  headers: Map<string, string>;
  body: Buffer;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * GET `start` with `headers`. `onProgress(bytes)` reports how big the body is known to be
 * (declared Content-Length or bytes received, whichever is larger) so waiters with smaller
 * budgets can give up early.
 */
export async function fetchUrl(
  start: URL,
  headers: Record<string, string>,
  o: ClientOptions,
  signal: AbortSignal,
  onProgress?: (bytes: number) => void,
): Promise<Fetched> {
  let url = start;
  let sendHeaders = headers;
  for (let hops = 0; ; hops++) {
    checkUrl(url, o.allowedHosts);
    const addresses = await pin(url, o, signal);
    const res = await send(url, sendHeaders, addresses, o, signal);
    const location = res.headers.location;
    if (o.maxRedirects > 0 && REDIRECTS.has(res.statusCode ?? 0) && location !== undefined) {
      res.destroy(); // the body of a followed redirect is not wanted
      if (hops + 1 > o.maxRedirects) throw httpError(`too many redirects (${o.maxRedirects})`);
      let next: URL;
      try {
        next = normalizeUrl(new URL(location, url));
      } catch {
        throw httpError(`redirect from ${url.host} to an invalid URL`);
      }
      // credentials stay with the origin the script addressed; once dropped they stay dropped
      if (next.origin !== start.origin && sendHeaders === headers) {
        sendHeaders = Object.fromEntries(Object.entries(headers).filter(([n]) => !isSensitiveHeader(n)));
      }
      url = next;
      continue;
    }
    const body = await readBody(res, url, o.maxBytes, signal, onProgress);
    return { status: res.statusCode ?? 0, headers: responseHeaders(res.rawHeaders), body };
  }
}

type Pinned = { address: string; family: 4 | 6 };

/** Resolve the host once and check every address; the connection may use only these. */
async function pin(url: URL, o: ClientOptions, signal: AbortSignal): Promise<Pinned[]> {
  const host = url.hostname;
  const refuse = (address: string, reason: string, via?: string) =>
    httpError(`${via ? `'${via}' resolves to ${address}, ` : `${address} is `}${reason}: refused (http_allow_private_networks is off)`);
  if (isIpLiteral(host)) {
    const c = checkAddress(host, o.allowPrivate, o.allowAddresses);
    if (!c.ok) throw refuse(c.address, c.reason);
    return [c];
  }
  let answers: ReadonlyArray<{ address: string; family?: number }>;
  try {
    answers = await abortable(o.resolve(host), signal);
  } catch (e) {
    if (signal.aborted) throw signal.reason;
    const err = e as NodeJS.ErrnoException;
    throw httpError(`DNS lookup for '${host}' failed${err?.code ? ` (${err.code})` : `: ${err?.message ?? err}`}`);
  }
  if (!Array.isArray(answers) || answers.length === 0) throw httpError(`DNS lookup for '${host}' returned no addresses`);
  const pinned: Pinned[] = [];
  for (const a of answers) {
    const c = checkAddress(String(a?.address), o.allowPrivate, o.allowAddresses);
    // one bad address refuses the name: a mix of public and private answers is a rebinding tell
    if (!c.ok) throw refuse(c.address, c.reason, host);
    if (!pinned.some((p) => p.address === c.address)) pinned.push({ address: c.address, family: c.family });
  }
  return pinned;
}

function abortable<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** Send the request to the pinned addresses; resolves with the response head. */
function send(url: URL, headers: Record<string, string>, addresses: Pinned[], o: ClientOptions, signal: AbortSignal): Promise<IncomingMessage> {
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const secure = url.protocol === "https:";
  // Node asks this instead of DNS: the connection can only go where pin() said (no second
  // resolution, so no rebinding window). Happy-eyeballs asks with { all: true }.
  const lookup: LookupFunction = (_name, opts, cb) => {
    const list = addresses.filter((a) => !opts.family || a.family === opts.family);
    if (list.length === 0) return cb(Object.assign(new Error(`no address of family ${opts.family}`), { code: "ENOTFOUND" }), "", 0);
    if (opts.all) cb(null, list);
    else cb(null, list[0].address, list[0].family);
  };
  const out: Record<string, string> = { ...headers };
  if (!Object.keys(out).some((n) => n.toLowerCase() === "user-agent")) out["User-Agent"] = o.userAgent;
  return new Promise<IncomingMessage>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const options: https.RequestOptions = {
      host,
      port: effectivePort(url),
      path: url.pathname + url.search,
      method: "GET",
      headers: out,
      // a fresh connection per request: nothing pooled outlives the checks made for it
      agent: false,
      lookup,
      ...(secure ? { servername: isIpLiteral(host) ? undefined : host, ...(o.ca ? { ca: o.ca } : {}) } : {}),
    };
    const req = (secure ? https : http).request(options);
    const onAbort = () => req.destroy(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    req.once("close", () => signal.removeEventListener("abort", onAbort));
    req.once("response", resolve);
    req.on("error", (e) => reject(signal.aborted ? signal.reason : networkError(e, url)));
    req.end();
  });
}

async function readBody(res: IncomingMessage, url: URL, maxBytes: number, signal: AbortSignal, onProgress?: (bytes: number) => void): Promise<Buffer> {
  const declared = Number(res.headers["content-length"] ?? 0) || 0;
  const tooLarge = () => httpError(`response body from ${url.host} exceeds ${maxBytes} bytes (http_max_response_mb)`);
  if (declared > maxBytes) {
    res.destroy();
    throw tooLarge();
  }
  onProgress?.(declared);
  const chunks: Buffer[] = [];
  let received = 0;
  try {
    for await (const chunk of res as AsyncIterable<Buffer>) {
      received += chunk.length;
      // stop as soon as the cap is crossed instead of buffering the whole thing first
      if (received > maxBytes) {
        res.destroy();
        throw tooLarge();
      }
      chunks.push(chunk);
      onProgress?.(Math.max(received, declared));
    }
  } catch (e) {
    if (signal.aborted) throw signal.reason;
    if ((e as ModuleError)?.name === "ModuleError") throw e;
    throw httpError(`connection to ${url.host} closed before the response was complete`);
  }
  return Buffer.concat(chunks, received);
}

/** Response headers from the raw list, so repeated headers are never silently dropped. */
function responseHeaders(raw: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    const prev = out.get(name);
    // cookies contain commas (Expires=...), so set-cookie lines are joined with "\n"
    out.set(name, prev === undefined ? raw[i + 1] : prev + (name === "set-cookie" ? "\n" : ", ") + raw[i + 1]);
  }
  return out;
}

function networkError(e: Error, url: URL): ModuleError {
  const err = e as NodeJS.ErrnoException & { errors?: NodeJS.ErrnoException[] };
  // happy-eyeballs reports an AggregateError of the per-address failures
  const code = err.code ?? err.errors?.[0]?.code;
  const where = `${url.hostname}:${effectivePort(url)}`;
  switch (code) {
    case "ECONNREFUSED":
      return httpError(`connection to ${where} refused`);
    case "ECONNRESET":
      return httpError(`connection to ${where} reset`);
    case "ETIMEDOUT":
      return httpError(`connection to ${where} timed out`);
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return httpError(`${where} is unreachable (${code})`);
  }
  if (typeof code === "string" && (code.startsWith("ERR_TLS") || code.includes("CERT") || code.includes("SSL"))) {
    return httpError(`TLS error with ${where}: ${err.message}`);
  }
  return httpError(`request to ${where} failed: ${err.message}${code ? ` (${code})` : ""}`);
}

// What a script may ask for: argument checks, URL parsing, the host allowlist, request headers.
// Everything here is synchronous and runs before any cache lookup or network activity.
import { ModuleError, type Plain } from "../host-module.js";
import { isIpLiteral } from "./address.js";

const TYPE = "script_module_http" as const;

/** A policy refusal (retryable as the spec says for script_module_http). */
export function httpError(message: string): ModuleError {
  return new ModuleError(TYPE, message);
}

/** A bad argument is a bug in the script: retrying the job cannot fix it. */
function badArgument(n: number, message: string): ModuleError {
  return new ModuleError(TYPE, `bad argument #${n} (${message})`, false);
}

/** The Lua type name of a plain value, for "string expected, got X". */
function luaType(v: Plain | undefined): string {
  if (v === null || v === undefined) return "nil";
  if (typeof v === "object") return "table";
  return typeof v; // string, number, boolean
}

const MAX_URL_BYTES = 8192;

/**
 * Argument #1: a byte string holding the URL. Non-ASCII bytes are read as UTF-8 (so IDN host
 * names and UTF-8 paths work); control characters are refused instead of being silently
 * stripped the way the WHATWG parser would. The fragment is dropped (it is never sent) and so is a trailing dot on the host name.
 */
export function parseUrl(arg: Plain | undefined): URL {
  if (typeof arg !== "string") throw badArgument(1, `string expected, got ${luaType(arg)}`);
  if (arg.length > MAX_URL_BYTES) throw badArgument(1, `url longer than ${MAX_URL_BYTES} bytes`);
  if (/[\x00-\x1f\x7f]/.test(arg)) throw badArgument(1, "url contains a control character");
  let text = arg;
  if (/[^\x00-\x7f]/.test(arg)) {
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(Buffer.from(arg, "latin1"));
    } catch {
      throw badArgument(1, "url is not valid UTF-8");
    }
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw badArgument(1, `invalid URL '${arg.length > 200 ? arg.slice(0, 200) + "..." : arg}'`);
  }
  return normalizeUrl(url);
}

/** Drop the fragment and a trailing dot on the host name (also applied to redirect targets). */
export function normalizeUrl(url: URL): URL {
  url.hash = "";
  // "example.com." is the same DNS name as "example.com": use one form for the allowlist,
  // the cache key, the Host header and the TLS server name alike
  if (url.hostname.endsWith(".")) url.hostname = url.hostname.slice(0, -1);
  return url;
}

/**
 * Scheme, credentials and allowlist checks for one URL, as the connection will use it
 * (hostname lower-cased, punycoded, IPv4 canonical, brackets around IPv6). Also used on
 * every redirect hop.
 */
export function checkUrl(url: URL, allowedHosts: readonly string[]): void {
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw httpError(`scheme '${url.protocol.slice(0, -1)}' is not allowed (http and https only)`);
  }
  // credentials in the URL would be sent as Basic auth by some clients and logged by others
  if (url.username !== "" || url.password !== "") throw httpError("credentials in the URL (user:password@) are not allowed");
  if (!hostAllowed(url, allowedHosts)) throw httpError(`host '${url.hostname}' is not in allowed_hosts`);
}

export function effectivePort(url: URL): number {
  return url.port !== "" ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
}

/**
 * allowed_hosts semantics:
 *  - "*" allows any host (including IP literals; the SSRF guard still applies);
 *  - "api.example.com" allows exactly that name (an IP literal entry matches that literal);
 *  - "*.example.com" allows any name below example.com at any depth, not example.com itself,
 *    and never an IP literal;
 *  - an entry with ":port" allows only that port; without one, any port.
 */
export function hostAllowed(url: URL, allowedHosts: readonly string[]): boolean {
  const host = url.hostname;
  const port = effectivePort(url);
  const literal = isIpLiteral(url.hostname);
  for (const entry of allowedHosts) {
    if (entry === "*") return true;
    const m = /^(.*?)(?::(\d+))?$/.exec(entry.toLowerCase())!;
    const [pattern, entryPort] = [m[1], m[2]];
    if (entryPort !== undefined && Number(entryPort) !== port) continue;
    if (pattern.startsWith("*.")) {
      if (!literal && host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1) return true;
    } else if (host === pattern) {
      return true;
    }
  }
  return false;
}

// Hop-by-hop and framing headers belong to the connection, which the host owns: a script
// setting them could smuggle requests or confuse the upstream. Refused with an error.
const FORBIDDEN = new Set(["host", "content-length", "transfer-encoding", "connection", "keep-alive", "upgrade", "te", "trailer", "expect", "proxy-connection"]);
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// what Node accepts in a value: tab, visible ASCII, obs-text bytes; never CR, LF or NUL
const VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
const MAX_HEADER_BYTES = 32 * 1024;

/** Argument #2: nil or a table of header name -> value (strings). Returns name -> value. */
export function parseHeaders(arg: Plain | undefined): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  if (arg === null || arg === undefined) return out;
  if (typeof arg !== "object" || (Array.isArray(arg) && arg.length > 0)) {
    throw badArgument(2, `table of header names to values expected, got ${Array.isArray(arg) ? "a list" : luaType(arg)}`);
  }
  const seen = new Set<string>();
  let total = 0;
  for (const [name, value] of Object.entries(arg)) {
    if (!TOKEN.test(name)) throw badArgument(2, `invalid header name ${JSON.stringify(name)}`);
    if (typeof value !== "string") throw badArgument(2, `header '${name}': string expected, got ${luaType(value)}`);
    if (!VALUE.test(value)) throw badArgument(2, `header '${name}': value contains CR, LF or another control character`);
    const lower = name.toLowerCase();
    if (FORBIDDEN.has(lower)) throw badArgument(2, `header '${name}' may not be set by scripts`);
    if (seen.has(lower)) throw badArgument(2, `header '${name}' given twice`);
    seen.add(lower);
    total += name.length + value.length + 4;
    if (total > MAX_HEADER_BYTES) throw badArgument(2, `headers larger than ${MAX_HEADER_BYTES} bytes`);
    out[name] = value;
  }
  return out;
}

// Credentials never follow a redirect to another origin: the standard ones, plus any name
// that looks like it carries a secret (X-Api-Key, X-Auth-Token, X-Session-Id, ...).
const SENSITIVE = /^(authorization|proxy-authorization|cookie)$|auth|token|cookie|secret|session|passw|api[-_]?key/i;

export function isSensitiveHeader(name: string): boolean {
  return SENSITIVE.test(name);
}

/**
 * The cache / singleflight key: method, normalized URL and every request header (lower-case
 * names, sorted). Credentials are part of it, so one tenant never gets a response fetched
 * with another tenant's token.
 */
export function cacheKey(url: URL, headers: Record<string, string>): string {
  const lines = Object.entries(headers)
    .map(([n, v]) => `${n.toLowerCase()}: ${v}`)
    .sort();
  return ["GET " + url.href, ...lines].join("\n");
}

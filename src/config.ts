// The Moonbox config file (YAML): the webhook spec's `lua:` section plus the pool size.
//
//   lua:
//     enabled: false              # feature flag (default false)
//     timeout: 500ms              # max execution time per script
//     memory_limit_mb: 50         # approximate memory limit per script
//     allowed_hosts: ["*"]        # HTTP module allowlist
//     http_timeout: 5s            # HTTP request timeout
//     kv_ttl_default: 24h         # default KV store TTL
//     http_cache_enabled: true    # enable HTTP response caching
//     http_cache_ttl: 5m          # HTTP cache TTL
//     pool_size: 4                # isolates in the pool (default: number of CPU cores)
//     http_max_response_mb: 10    # response body cap (also counted against the script's memory)
//     http_allow_private_networks: false  # SSRF guard: refuse loopback/private/link-local targets
//     http_max_redirects: 0       # 0: redirects are returned, not followed; N: follow up to N hops
//     kv_redis_url: redis://127.0.0.1:6379
//     kv_timeout: 1s              # per Redis command
//     kv_max_key_bytes: 512
//     kv_max_value_bytes: 1048576
//     credential_keys:            # private keys for crypto.decrypt_credential, never shown to scripts
//       billing:
//         pem_file: /etc/moonbox/billing.pem   # or pem_env: BILLING_KEY_PEM
//         passphrase_env: BILLING_KEY_PASS     # optional, for an encrypted PEM
//         configs: ["cfg_123", "cfg_9*"]       # config_ids that may use it ("*": all)
//
// Every key is optional (defaults as above). Unknown keys, wrong types and bad values are
// errors that name the key (`lua.timeout: ...`). Durations are Go-style: a number with a
// unit, ns us µs ms s m h, several parts allowed ("1h30m", "1.5s"); "0" alone is zero.
import { readFileSync } from "node:fs";
import { cpus } from "node:os";
import YAML from "yaml";

export interface LuaConfig {
  enabled: boolean;
  /** Max execution time per script, ms. */
  timeoutMs: number;
  /** Approximate memory limit per script, MB. */
  memoryLimitMb: number;
  /** HTTP module allowlist: "*", "api.example.com", "*.example.com". */
  allowedHosts: string[];
  httpTimeoutMs: number;
  kvTtlDefaultMs: number;
  httpCacheEnabled: boolean;
  httpCacheTtlMs: number;
  /** Isolates in the pool. */
  poolSize: number;
  /** http: response body cap, bytes. */
  httpMaxResponseBytes: number;
  /** http: allow loopback, private, link-local targets (SSRF guard off). */
  httpAllowPrivateNetworks: boolean;
  /** http: redirects followed (0: the 3xx response is returned). */
  httpMaxRedirects: number;
  /** kv: the Redis server. */
  kvRedisUrl: string;
  /** kv: per-command timeout, ms. */
  kvTimeoutMs: number;
  kvMaxKeyBytes: number;
  kvMaxValueBytes: number;
  /** crypto: named private keys and the config_ids granted each. */
  credentialKeys: Record<string, CredentialKeyConfig>;
}

export interface CredentialKeyConfig {
  /** PEM file with the private key (PKCS#8 or PKCS#1), or */
  pemFile?: string;
  /** an environment variable holding the PEM text. */
  pemEnv?: string;
  /** Environment variable with the passphrase of an encrypted PEM. */
  passphraseEnv?: string;
  /** config_ids allowed to use the key: exact ids, "prefix*" patterns, or "*". */
  configs: string[];
}

export class ConfigError extends Error {
  constructor(
    message: string,
    /** The offending key, e.g. "lua.timeout" (undefined for file-level errors). */
    readonly key?: string,
  ) {
    super(message);
    this.name = "ConfigError";
  }
}

export function defaultConfig(): LuaConfig {
  return {
    enabled: false,
    timeoutMs: 500,
    memoryLimitMb: 50,
    allowedHosts: ["*"],
    httpTimeoutMs: 5_000,
    kvTtlDefaultMs: 24 * 3_600_000,
    httpCacheEnabled: true,
    httpCacheTtlMs: 5 * 60_000,
    poolSize: Math.max(1, cpus().length),
    httpMaxResponseBytes: 10 * 1024 * 1024,
    httpAllowPrivateNetworks: false,
    httpMaxRedirects: 0,
    kvRedisUrl: "redis://127.0.0.1:6379",
    kvTimeoutMs: 1_000,
    kvMaxKeyBytes: 512,
    kvMaxValueBytes: 1024 * 1024,
    credentialKeys: {},
  };
}

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, "µs": 1e-3, "μs": 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A Go-style duration ("500ms", "5m", "1h30m", "1.5s") in milliseconds; throws on bad input. */
export function parseDuration(s: string): number {
  const text = s.trim();
  if (text === "0") return 0;
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;
  let pos = 0;
  let total = 0;
  if (text.length === 0) throw new Error("empty duration");
  while (pos < text.length) {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) {
      if (/^\d+(\.\d+)?$/.test(text)) throw new Error(`missing unit in duration '${s}' (use e.g. ${text}ms or ${text}s)`);
      throw new Error(`invalid duration '${s}' (use e.g. 500ms, 5s, 5m, 24h, 1h30m)`);
    }
    total += Number(m[1]) * UNIT_MS[m[2]];
    pos = re.lastIndex;
  }
  return total;
}

const KEYS = [
  "enabled",
  "timeout",
  "memory_limit_mb",
  "allowed_hosts",
  "http_timeout",
  "kv_ttl_default",
  "http_cache_enabled",
  "http_cache_ttl",
  "pool_size",
  "http_max_response_mb",
  "http_allow_private_networks",
  "http_max_redirects",
  "kv_redis_url",
  "kv_timeout",
  "kv_max_key_bytes",
  "kv_max_value_bytes",
  "credential_keys",
] as const;

function typeOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  if (typeof v === "string") return `the string ${JSON.stringify(v)}`;
  return `${typeof v} ${JSON.stringify(v)}`;
}

/** Edit distance, for "did you mean" hints. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length][b.length];
}

function suggest(key: string, known: readonly string[]): string {
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const dd = distance(key, k);
    if (dd < bestD) [best, bestD] = [k, dd];
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(key.length / 3)) ? ` (did you mean '${best}'?)` : "";
}

function bool(key: string, v: unknown): boolean {
  if (typeof v !== "boolean") throw new ConfigError(`${key}: expected true or false, got ${typeOf(v)}`, key);
  return v;
}

function duration(key: string, v: unknown, opts: { min?: number } = {}): number {
  if (typeof v !== "string") {
    if (typeof v === "number") throw new ConfigError(`${key}: expected a duration with a unit such as 500ms, 5s or 5m, got the number ${v}`, key);
    throw new ConfigError(`${key}: expected a duration such as 500ms, 5s or 5m, got ${typeOf(v)}`, key);
  }
  let ms: number;
  try {
    ms = parseDuration(v);
  } catch (e) {
    throw new ConfigError(`${key}: ${(e as Error).message}`, key);
  }
  if (opts.min !== undefined && ms < opts.min) throw new ConfigError(`${key}: must be at least ${opts.min}ms, got ${JSON.stringify(v)}`, key);
  return ms;
}

function positiveInt(key: string, v: unknown, max: number): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1) throw new ConfigError(`${key}: expected a positive integer, got ${typeOf(v)}`, key);
  if (v > max) throw new ConfigError(`${key}: at most ${max}, got ${v}`, key);
  return v;
}

const HOST_PATTERN = /^(\*|(\*\.)?[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*(:\d{1,5})?)$/;

function hosts(key: string, v: unknown): string[] {
  if (!Array.isArray(v)) throw new ConfigError(`${key}: expected a list of host names (e.g. ["*"] or ["api.example.com", "*.example.org"]), got ${typeOf(v)}`, key);
  return v.map((h, i) => {
    if (typeof h !== "string") throw new ConfigError(`${key}[${i}]: expected a host name, got ${typeOf(h)}`, `${key}[${i}]`);
    if (!HOST_PATTERN.test(h)) {
      const hint = /:\/\//.test(h) || h.includes("/") ? " (a host name only: no scheme or path)" : "";
      throw new ConfigError(`${key}[${i}]: invalid host pattern ${JSON.stringify(h)}${hint}`, `${key}[${i}]`);
    }
    return h.toLowerCase();
  });
}

function nonNegativeInt(key: string, v: unknown, max: number): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0) throw new ConfigError(`${key}: expected a whole number >= 0, got ${typeOf(v)}`, key);
  if (v > max) throw new ConfigError(`${key}: at most ${max}, got ${v}`, key);
  return v;
}

function redisUrl(key: string, v: unknown): string {
  if (typeof v !== "string" || !/^rediss?:\/\/[^\s]+$/.test(v)) throw new ConfigError(`${key}: expected a redis:// or rediss:// URL, got ${typeOf(v)}`, key);
  return v;
}

const KEY_FIELDS = ["pem_file", "pem_env", "passphrase_env", "configs"];

function credentialKeys(key: string, v: unknown): Record<string, CredentialKeyConfig> {
  if (v === null || typeof v !== "object" || Array.isArray(v)) throw new ConfigError(`${key}: expected a mapping of key names to { pem_file or pem_env, configs }, got ${typeOf(v)}`, key);
  const out: Record<string, CredentialKeyConfig> = {};
  for (const [name, def] of Object.entries(v as Record<string, unknown>)) {
    const k = `${key}.${name}`;
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name)) throw new ConfigError(`${k}: key names are 1-64 letters, digits, '_', '.' or '-'`, k);
    if (def === null || typeof def !== "object" || Array.isArray(def)) throw new ConfigError(`${k}: expected a mapping with pem_file or pem_env and configs, got ${typeOf(def)}`, k);
    const d = def as Record<string, unknown>;
    for (const f of Object.keys(d)) if (!KEY_FIELDS.includes(f)) throw new ConfigError(`${k}.${f}: unknown key${suggest(f, KEY_FIELDS)}; known keys: ${KEY_FIELDS.join(", ")}`, `${k}.${f}`);
    const str = (f: string): string | undefined => {
      if (d[f] === undefined) return undefined;
      if (typeof d[f] !== "string" || d[f] === "") throw new ConfigError(`${k}.${f}: expected a non-empty string, got ${typeOf(d[f])}`, `${k}.${f}`);
      return d[f] as string;
    };
    const pemFile = str("pem_file");
    const pemEnv = str("pem_env");
    const passphraseEnv = str("passphrase_env");
    if ((pemFile === undefined) === (pemEnv === undefined)) throw new ConfigError(`${k}: give exactly one of pem_file and pem_env`, k);
    const configs = d.configs;
    if (!Array.isArray(configs) || configs.length === 0 || configs.some((c) => typeof c !== "string" || c === "")) {
      throw new ConfigError(`${k}.configs: expected a non-empty list of config_ids (or "*"), got ${typeOf(configs)}`, `${k}.configs`);
    }
    out[name] = { ...(pemFile ? { pemFile } : {}), ...(pemEnv ? { pemEnv } : {}), ...(passphraseEnv ? { passphraseEnv } : {}), configs: configs as string[] };
  }
  return out;
}

export interface ValidateOptions {
  /** Accept (and ignore) top-level sections other than `lua` (the file is a bigger app config). */
  allowOtherSections?: boolean;
}

/** Validate a parsed config document (the whole file: `{ lua: {...} }`). */
export function validateConfig(doc: unknown, opts: ValidateOptions = {}): LuaConfig {
  const cfg = defaultConfig();
  if (doc === null || doc === undefined) return cfg; // empty file: all defaults
  if (typeof doc !== "object" || Array.isArray(doc)) throw new ConfigError(`config: expected a mapping with a 'lua' section, got ${typeOf(doc)}`);
  for (const k of Object.keys(doc)) {
    if (k !== "lua" && !opts.allowOtherSections) throw new ConfigError(`${k}: unknown top-level key${suggest(k, ["lua"])}; the config has one section, 'lua'`, k);
  }
  const lua = (doc as Record<string, unknown>).lua;
  if (lua === null || lua === undefined) return cfg;
  if (typeof lua !== "object" || Array.isArray(lua)) throw new ConfigError(`lua: expected a mapping of settings, got ${typeOf(lua)}`, "lua");
  const o = lua as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!(KEYS as readonly string[]).includes(k)) throw new ConfigError(`lua.${k}: unknown key${suggest(k, KEYS)}; known keys: ${KEYS.join(", ")}`, `lua.${k}`);
  }
  if (o.enabled !== undefined) cfg.enabled = bool("lua.enabled", o.enabled);
  if (o.timeout !== undefined) cfg.timeoutMs = duration("lua.timeout", o.timeout, { min: 1 });
  if (o.memory_limit_mb !== undefined) cfg.memoryLimitMb = positiveInt("lua.memory_limit_mb", o.memory_limit_mb, 16 * 1024);
  if (o.allowed_hosts !== undefined) cfg.allowedHosts = hosts("lua.allowed_hosts", o.allowed_hosts);
  if (o.http_timeout !== undefined) cfg.httpTimeoutMs = duration("lua.http_timeout", o.http_timeout, { min: 1 });
  if (o.kv_ttl_default !== undefined) cfg.kvTtlDefaultMs = duration("lua.kv_ttl_default", o.kv_ttl_default, { min: 1000 });
  if (o.http_cache_enabled !== undefined) cfg.httpCacheEnabled = bool("lua.http_cache_enabled", o.http_cache_enabled);
  if (o.http_cache_ttl !== undefined) cfg.httpCacheTtlMs = duration("lua.http_cache_ttl", o.http_cache_ttl);
  if (o.pool_size !== undefined) cfg.poolSize = positiveInt("lua.pool_size", o.pool_size, 1024);
  if (o.http_max_response_mb !== undefined) cfg.httpMaxResponseBytes = positiveInt("lua.http_max_response_mb", o.http_max_response_mb, 1024) * 1024 * 1024;
  if (o.http_allow_private_networks !== undefined) cfg.httpAllowPrivateNetworks = bool("lua.http_allow_private_networks", o.http_allow_private_networks);
  if (o.http_max_redirects !== undefined) cfg.httpMaxRedirects = nonNegativeInt("lua.http_max_redirects", o.http_max_redirects, 20);
  if (o.kv_redis_url !== undefined) cfg.kvRedisUrl = redisUrl("lua.kv_redis_url", o.kv_redis_url);
  if (o.kv_timeout !== undefined) cfg.kvTimeoutMs = duration("lua.kv_timeout", o.kv_timeout, { min: 1 });
  if (o.kv_max_key_bytes !== undefined) cfg.kvMaxKeyBytes = positiveInt("lua.kv_max_key_bytes", o.kv_max_key_bytes, 64 * 1024);
  if (o.kv_max_value_bytes !== undefined) cfg.kvMaxValueBytes = positiveInt("lua.kv_max_value_bytes", o.kv_max_value_bytes, 512 * 1024 * 1024);
  if (o.credential_keys !== undefined) cfg.credentialKeys = credentialKeys("lua.credential_keys", o.credential_keys);
  return cfg;
}

/** Parse and validate YAML text. `source` names the file in error messages. */
export function parseConfig(text: string, source = "config", opts: ValidateOptions = {}): LuaConfig {
  let doc: unknown;
  try {
    const parsed = YAML.parseDocument(text, { uniqueKeys: true, prettyErrors: true });
    if (parsed.errors.length > 0) throw parsed.errors[0];
    doc = parsed.toJS({ maxAliasCount: 100 });
  } catch (e) {
    const err = e as { message?: string; linePos?: { line: number; col: number }[] };
    const at = err.linePos?.[0] ? `:${err.linePos[0].line}:${err.linePos[0].col}` : "";
    throw new ConfigError(`${source}${at}: invalid YAML: ${String(err.message ?? e).split("\n")[0]}`);
  }
  try {
    return validateConfig(doc, opts);
  } catch (e) {
    if (e instanceof ConfigError) throw new ConfigError(`${source}: ${e.message}`, e.key);
    throw e;
  }
}

/** Read, parse and validate a YAML config file. */
export function loadConfig(path: string, opts: ValidateOptions = {}): LuaConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new ConfigError(`${path}: cannot read config file: ${(e as Error).message}`);
  }
  return parseConfig(text, path, opts);
}

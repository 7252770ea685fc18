// The YAML config: the spec's `lua:` keys plus pool_size, defaults, durations, clear errors.
import { describe, it, expect } from "vitest";
import { join } from "node:path";
import { cpus } from "node:os";
import { parseConfig, loadConfig, parseDuration, defaultConfig, ConfigError } from "../../src/config.js";

function error(yaml: string): ConfigError {
  try {
    parseConfig(yaml, "moonbox.yaml");
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error("no error");
}

describe("config", () => {
  it("defaults are the spec's", () => {
    const d = defaultConfig();
    expect(d).toEqual({
      enabled: false,
      timeoutMs: 500,
      memoryLimitMb: 50,
      allowedHosts: ["*"],
      httpTimeoutMs: 5000,
      kvTtlDefaultMs: 86_400_000,
      httpCacheEnabled: true,
      httpCacheTtlMs: 300_000,
      poolSize: Math.max(1, cpus().length),
      httpMaxResponseBytes: 10 * 1024 * 1024,
      httpAllowPrivateNetworks: false,
      httpMaxRedirects: 0,
      kvRedisUrl: "redis://127.0.0.1:6379",
      kvTimeoutMs: 1000,
      kvMaxKeyBytes: 512,
      kvMaxValueBytes: 1024 * 1024,
      credentialKeys: {},
    });
    expect(parseConfig("")).toEqual(d);
    expect(parseConfig("lua:\n")).toEqual(d);
    expect(parseConfig("lua: {}")).toEqual(d);
  });

  it("reads every key", () => {
    const c = parseConfig(`
lua:
  enabled: true
  timeout: 250ms
  memory_limit_mb: 64
  allowed_hosts: ["api.example.com", "*.Example.org", "localhost:8080"]
  http_timeout: 2s
  kv_ttl_default: 1h30m
  http_cache_enabled: false
  http_cache_ttl: 90s
  pool_size: 3
  http_max_response_mb: 2
  http_allow_private_networks: true
  http_max_redirects: 3
  kv_redis_url: redis://10.0.0.5:6380/2
  kv_timeout: 250ms
  kv_max_key_bytes: 128
  kv_max_value_bytes: 4096
  credential_keys:
    billing:
      pem_file: /etc/moonbox/billing.pem
      configs: ["cfg_1", "cfg_9*"]
    shared:
      pem_env: SHARED_PEM
      passphrase_env: SHARED_PASS
      configs: ["*"]
`);
    expect(c).toEqual({
      enabled: true,
      timeoutMs: 250,
      memoryLimitMb: 64,
      allowedHosts: ["api.example.com", "*.example.org", "localhost:8080"],
      httpTimeoutMs: 2000,
      kvTtlDefaultMs: 5_400_000,
      httpCacheEnabled: false,
      httpCacheTtlMs: 90_000,
      poolSize: 3,
      httpMaxResponseBytes: 2 * 1024 * 1024,
      httpAllowPrivateNetworks: true,
      httpMaxRedirects: 3,
      kvRedisUrl: "redis://10.0.0.5:6380/2",
      kvTimeoutMs: 250,
      kvMaxKeyBytes: 128,
      kvMaxValueBytes: 4096,
      credentialKeys: {
        billing: { pemFile: "/etc/moonbox/billing.pem", configs: ["cfg_1", "cfg_9*"] },
        shared: { pemEnv: "SHARED_PEM", passphraseEnv: "SHARED_PASS", configs: ["*"] },
      },
    });
  });

  it("host-module keys are checked and errors name them", () => {
    const bad = (yaml: string) => {
      try {
        parseConfig(yaml, "m.yaml");
      } catch (e) {
        return (e as Error).message;
      }
      throw new Error("no error");
    };
    expect(bad("lua:\n  kv_redis_url: http://x")).toBe("m.yaml: lua.kv_redis_url: expected a redis:// or rediss:// URL, got the string \"http://x\"");
    expect(bad("lua:\n  http_max_redirects: -1")).toBe("m.yaml: lua.http_max_redirects: expected a whole number >= 0, got number -1");
    expect(bad("lua:\n  credential_keys:\n    k:\n      configs: ['*']")).toBe("m.yaml: lua.credential_keys.k: give exactly one of pem_file and pem_env");
    expect(bad("lua:\n  credential_keys:\n    k:\n      pem_file: a\n      pem_env: B\n      configs: ['*']")).toBe("m.yaml: lua.credential_keys.k: give exactly one of pem_file and pem_env");
    expect(bad("lua:\n  credential_keys:\n    k:\n      pem_file: a")).toMatch(/lua.credential_keys.k.configs: expected a non-empty list/);
    expect(bad("lua:\n  credential_keys:\n    k:\n      pem_fil: a\n      configs: ['*']")).toMatch(/lua.credential_keys.k.pem_fil: unknown key \(did you mean 'pem_file'\?\)/);
    expect(bad("lua:\n  credential_keys:\n    'bad name':\n      pem_file: a\n      configs: ['*']")).toMatch(/key names are 1-64 letters/);
  });

  it("the example config loads", () => {
    const c = loadConfig(join(__dirname, "..", "..", "examples", "webhook", "moonbox.yaml"));
    expect(c.enabled).toBe(true);
    expect(c.poolSize).toBe(2);
  });

  it("durations are Go-style", () => {
    expect(parseDuration("500ms")).toBe(500);
    expect(parseDuration("5m")).toBe(300_000);
    expect(parseDuration("24h")).toBe(86_400_000);
    expect(parseDuration("1.5s")).toBe(1500);
    expect(parseDuration("1h30m10s")).toBe(5_410_000);
    expect(parseDuration("250us")).toBe(0.25);
    expect(parseDuration("0")).toBe(0);
    expect(() => parseDuration("500")).toThrow(/missing unit/);
    expect(() => parseDuration("5 m")).toThrow(/invalid duration/);
    expect(() => parseDuration("-5s")).toThrow(/invalid duration/);
    expect(() => parseDuration("5d")).toThrow(/invalid duration/);
    expect(() => parseDuration("")).toThrow();
  });

  it("errors name the bad key", () => {
    expect(error("lua:\n  timout: 5s").message).toBe(
      "moonbox.yaml: lua.timout: unknown key (did you mean 'timeout'?); known keys: enabled, timeout, memory_limit_mb, allowed_hosts, http_timeout, kv_ttl_default, http_cache_enabled, http_cache_ttl, pool_size, http_max_response_mb, http_allow_private_networks, http_max_redirects, kv_redis_url, kv_timeout, kv_max_key_bytes, kv_max_value_bytes, credential_keys",
    );
    expect(error("lua:\n  timout: 5s").key).toBe("lua.timout");
    expect(error("lua:\n  timeout: 500").message).toBe("moonbox.yaml: lua.timeout: expected a duration with a unit such as 500ms, 5s or 5m, got the number 500");
    expect(error("lua:\n  timeout: fast").message).toMatch(/^moonbox.yaml: lua.timeout: invalid duration 'fast'/);
    expect(error("lua:\n  timeout: 0").message).toMatch(/lua.timeout: expected a duration/);
    expect(error('lua:\n  timeout: "0"').message).toMatch(/lua.timeout: must be at least 1ms/);
    expect(error("lua:\n  enabled: yes").message).toBe('moonbox.yaml: lua.enabled: expected true or false, got the string "yes"');
    expect(error("lua:\n  memory_limit_mb: 0").message).toBe("moonbox.yaml: lua.memory_limit_mb: expected a positive integer, got number 0");
    expect(error("lua:\n  memory_limit_mb: 12.5").key).toBe("lua.memory_limit_mb");
    expect(error("lua:\n  memory_limit_mb: 1000000").message).toMatch(/at most 16384/);
    expect(error("lua:\n  pool_size: many").key).toBe("lua.pool_size");
    expect(error("lua:\n  allowed_hosts: '*'").message).toMatch(/lua.allowed_hosts: expected a list of host names/);
    expect(error("lua:\n  allowed_hosts: [1]").key).toBe("lua.allowed_hosts[0]");
    expect(error('lua:\n  allowed_hosts: ["https://api.example.com/x"]').message).toMatch(/invalid host pattern .* \(a host name only: no scheme or path\)/);
    expect(error("lua:\n  http_cache_enabled: 1").key).toBe("lua.http_cache_enabled");
    expect(error("lua:\n  http_cache_ttl: []").key).toBe("lua.http_cache_ttl");
    expect(error("lua:\n  kv_ttl_default: 10ms").message).toMatch(/lua.kv_ttl_default: must be at least 1000ms/);
    expect(error("lau:\n  enabled: true").message).toBe("moonbox.yaml: lau: unknown top-level key (did you mean 'lua'?); the config has one section, 'lua'");
    expect(error("lua: true").message).toBe("moonbox.yaml: lua: expected a mapping of settings, got boolean true");
    expect(error("- a").message).toMatch(/expected a mapping with a 'lua' section, got a list/);
  });

  it("other sections are accepted when asked (the file is a bigger app config)", () => {
    expect(parseConfig("kafka: {brokers: [a]}\nlua: {enabled: true}", "app.yaml", { allowOtherSections: true }).enabled).toBe(true);
  });

  it("YAML syntax errors and duplicate keys report the position", () => {
    expect(error("lua:\n  enabled: [true").message).toMatch(/^moonbox.yaml:\d+:\d+: invalid YAML/);
    expect(error("lua:\n  enabled: true\n  enabled: false").message).toMatch(/^moonbox.yaml:3:\d+: invalid YAML: Map keys must be unique/);
  });

  it("a missing file is a ConfigError", () => {
    expect(() => loadConfig("/nonexistent/moonbox.yaml")).toThrow(/cannot read config file/);
  });
});

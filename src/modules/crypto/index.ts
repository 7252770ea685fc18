// The Lua `crypto` module: crypto.decrypt_credential(key_name, envelope) -> plaintext bytes.
// Envelope format: README.md / envelope.ts. Keys: keys.ts. Everything happens on the host;
// a script sees only the plaintext of envelopes made for keys granted to its config.
import { createHash } from "node:crypto";
import { LRUCache } from "lru-cache";
import type { LuaConfig } from "../../config.js";
import { ModuleError, type HostModule, type Plain } from "../host-module.js";
import { EnvelopeError, KEY_NAME_RE, parseEnvelope, openParsed } from "./envelope.js";
import { KeyStore, KeyUnavailable, type KeyStoreOptions } from "./keys.js";

export { sealCredential, openCredential, parseEnvelope, EnvelopeError, ENVELOPE_VERSION } from "./envelope.js";
export { KeyStore, KeyUnavailable, grantMatches } from "./keys.js";

export interface CryptoModuleOptions extends KeyStoreOptions {
  /**
   * Keep decrypted plaintexts per (key name, envelope) for `ttlMs`, to skip the RSA work when
   * the same credential is opened run after run. Off by default: it holds plaintext credentials
   * in host memory for the TTL; an RSA decrypt costs ~1 ms (2048-bit) to ~4 ms (3072-bit) of
   * thread-pool CPU (bench/crypto.mjs), worth saving only at high rates.
   */
  cache?: { max?: number; ttlMs: number };
}

const ERR = "script_module_crypto" as const;

function fail(message: string, retryable = false): ModuleError {
  return new ModuleError(ERR, message, retryable);
}

const luaType = (v: Plain) => (v === null ? "nil" : typeof v === "object" ? "table" : typeof v);

export function createCryptoModule(config: Pick<LuaConfig, "credentialKeys">, options: CryptoModuleOptions = {}): HostModule {
  const keys = new KeyStore(config.credentialKeys, options);
  const cache = options.cache && options.cache.ttlMs > 0 ? new LRUCache<string, string>({ max: options.cache.max ?? 1000, ttl: options.cache.ttlMs }) : undefined;

  async function decryptCredential(configId: string, args: Plain[]): Promise<Plain> {
    const [name, envelope] = args;
    if (typeof name !== "string") throw fail(`key name must be a string, got ${luaType(name)}`);
    if (typeof envelope !== "string") throw fail(`envelope must be a string, got ${luaType(envelope)}`);
    if (!KEY_NAME_RE.test(name)) throw fail("invalid key name (1-64 letters, digits, '_', '.' or '-')");
    // One message for unknown and ungranted names, checked before loading anything: a tenant
    // learns nothing about other tenants' keys (not even through a retryable load failure).
    if (!keys.granted(name, configId)) throw fail(`key '${name}' is not available to this config`);
    let parsed;
    try {
      parsed = parseEnvelope(envelope);
    } catch (e) {
      if (e instanceof EnvelopeError) throw fail(`malformed envelope: ${e.message}`);
      throw e;
    }
    // hashed so the cache does not also hold the envelopes
    const cacheKey = cache && createHash("sha256").update(name).update("\0").update(envelope.trim(), "latin1").digest("base64");
    const hit = cacheKey && cache!.get(cacheKey);
    if (typeof hit === "string") return hit;
    let key;
    try {
      key = await keys.get(name);
    } catch (e) {
      if (!(e instanceof KeyUnavailable)) throw e;
      throw e.transient ? fail(`key '${name}' is temporarily unavailable (key store not readable)`, true) : fail(`key '${name}' cannot be used (invalid key configuration)`);
    }
    let plain: Buffer;
    try {
      plain = await openParsed(key, name, parsed);
    } catch (e) {
      if (e instanceof EnvelopeError) throw fail(e.message);
      throw e;
    }
    // a byte string, so binary credentials survive the bridge
    const text = plain.toString("latin1");
    plain.fill(0);
    if (cacheKey) cache!.set(cacheKey, text);
    return text;
  }

  return {
    name: "crypto",
    errorType: ERR,
    functions: {
      decrypt_credential: (ctx, args) => decryptCredential(ctx.configId, args),
    },
    async close() {
      cache?.clear();
      keys.clear();
    },
  };
}

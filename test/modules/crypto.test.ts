// The crypto module on the host: the mbx1 envelope, key loading and grants, and the errors
// scripts see (crypto-cli.test.ts: the CLI; crypto-lua.test.ts: through Lua).
import { describe, it, expect, beforeAll } from "vitest";
import { generateKeyPairSync, type KeyObject } from "node:crypto";
import type { CredentialKeyConfig } from "../../src/config.js";
import { ModuleError, type HostCallContext, type HostModule, type Plain } from "../../src/modules/host-module.js";
import { createCryptoModule, sealCredential, openCredential, parseEnvelope, type CryptoModuleOptions } from "../../src/modules/crypto/index.js";

const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

interface Pair {
  priv: KeyObject;
  pub: KeyObject;
  pem: string;
}
function pair(bits = 2048): Pair {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: bits });
  return { priv: privateKey, pub: publicKey, pem: privateKey.export({ type: "pkcs8", format: "pem" }) as string };
}

const ctx = (configId = "cfg_a"): HostCallContext => ({ configId, deadline: Date.now() + 1000, signal: new AbortController().signal, memoryRemaining: 1e9 });

async function call(m: HostModule, configId: string, ...args: Plain[]): Promise<Plain> {
  return m.functions.decrypt_credential(ctx(configId), args);
}
/** The ModuleError a call fails with. */
async function failure(m: HostModule, configId: string, ...args: Plain[]): Promise<ModuleError> {
  const e = await call(m, configId, ...args).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(e).toBeInstanceOf(ModuleError);
  expect((e as ModuleError).type).toBe("script_module_crypto");
  return e as ModuleError;
}

/** Replace part `i` (1..4) of an envelope with `f(decoded)`. */
function tamper(env: string, i: number, f: (b: Buffer) => Buffer): string {
  const parts = env.split(".");
  parts[i] = f(Buffer.from(parts[i], "base64url")).toString("base64url");
  return parts.join(".");
}
const flipBit = (b: Buffer, at = 0) => {
  const c = Buffer.from(b);
  c[at] ^= 1;
  return c;
};

let A: Pair; // "billing"
let B: Pair; // "other"
beforeAll(() => {
  A = pair();
  B = pair();
});

function moduleWith(keys: Record<string, CredentialKeyConfig>, files: Record<string, string> = {}, opts: CryptoModuleOptions = {}) {
  return createCryptoModule(
    { credentialKeys: keys },
    {
      env: {},
      readFile: async (p) => {
        if (!(p in files)) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${p}'`), { code: "ENOENT" });
        return Buffer.from(files[p]);
      },
      ...opts,
    },
  );
}

describe("mbx1 envelope", () => {
  it("round-trips text, all 256 byte values and the empty string", async () => {
    for (const plain of [Buffer.from("s3cret token ✓"), ALL_BYTES, Buffer.alloc(0)]) {
      const env = sealCredential(A.pub, "billing", plain);
      expect(env).toMatch(/^mbx1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]{22}$/);
      expect((await openCredential(A.priv, "billing", env)).equals(plain)).toBe(true);
    }
    // the parts have the documented sizes
    const p = parseEnvelope(sealCredential(A.pub, "billing", Buffer.from("12345")));
    expect([p.wrappedKey.length, p.nonce.length, p.ciphertext.length, p.tag.length]).toEqual([256, 12, 5, 16]);
    expect(sealCredential(A.pub, "billing", Buffer.from("x"))).not.toBe(sealCredential(A.pub, "billing", Buffer.from("x"))); // fresh key and nonce
  });

  it("binds the key name (AAD): the same key material under another name does not open it", async () => {
    const env = sealCredential(A.pub, "billing", Buffer.from("x"));
    await expect(openCredential(A.priv, "billing2", env)).rejects.toThrow("decryption failed (wrong key or tampered envelope)");
  });
});

describe("crypto.decrypt_credential", () => {
  const keys = (configs: string[] = ["cfg_a"]): Record<string, CredentialKeyConfig> => ({
    billing: { pemFile: "/keys/a.pem", configs },
    other: { pemFile: "/keys/b.pem", configs: ["*"] },
  });
  const files = () => ({ "/keys/a.pem": A.pem, "/keys/b.pem": B.pem });

  it("returns the plaintext as a byte string: text, binary, empty", async () => {
    const m = moduleWith(keys(), files());
    expect(await call(m, "cfg_a", "billing", sealCredential(A.pub, "billing", Buffer.from("tok_✓")))).toBe(Buffer.from("tok_✓").toString("latin1"));
    expect(await call(m, "cfg_a", "billing", sealCredential(A.pub, "billing", ALL_BYTES))).toBe(ALL_BYTES.toString("latin1"));
    expect(await call(m, "cfg_a", "billing", sealCredential(A.pub, "billing", Buffer.alloc(0)))).toBe("");
    // surrounding whitespace (a pasted line) is fine
    expect(await call(m, "cfg_a", "billing", ` ${sealCredential(A.pub, "billing", Buffer.from("x"))}\n`)).toBe("x");
  });

  it("wrong key, wrong key name, and each tampered part fail as 'decryption failed', not retryable", async () => {
    const m = moduleWith(keys(), files());
    const env = sealCredential(A.pub, "billing", Buffer.from("secret-value"));
    const bad = [
      sealCredential(B.pub, "billing", Buffer.from("secret-value")), // made for another key
      sealCredential(A.pub, "other", Buffer.from("secret-value")), // made for another name
      tamper(env, 1, (b) => flipBit(b, 100)), // wrapped key
      tamper(env, 2, (b) => flipBit(b)), // nonce
      tamper(env, 3, (b) => flipBit(b, 5)), // ciphertext
      tamper(env, 4, (b) => flipBit(b, 15)), // tag
      tamper(env, 3, (b) => b.subarray(0, b.length - 1)), // ciphertext truncated
    ];
    for (const e of bad) {
      const err = await failure(m, "cfg_a", "billing", e);
      expect(err.message).toBe("decryption failed (wrong key or tampered envelope)");
      expect(err.retryable).toBe(false);
      expect(err.message).not.toContain("secret");
    }
    expect(await call(m, "cfg_a", "billing", env)).toBe("secret-value"); // the original still opens
  });

  it("a wrapped key for a different RSA size is a wrong key", async () => {
    const C = pair(2304); // a 288-byte wrapped key (cheaper to generate than 3072)
    const m = moduleWith(keys(), files());
    expect((await failure(m, "cfg_a", "billing", sealCredential(C.pub, "billing", Buffer.from("x")))).message).toBe("decryption failed (wrong key or tampered envelope)");
  });

  it("malformed envelopes get specific messages", async () => {
    const m = moduleWith(keys(), files());
    const env = sealCredential(A.pub, "billing", Buffer.from("x"));
    const parts = env.split(".");
    const cases: [string, string][] = [
      ["", "not an envelope (expected 'mbx1.' prefix)"],
      ["hello", "not an envelope (expected 'mbx1.' prefix)"],
      [env.replace("mbx1", "mbx2"), "unsupported envelope version 'mbx2' (expected mbx1)"],
      [parts.slice(0, 4).join("."), "expected 5 dot-separated parts, got 4"], // truncated
      [env.slice(0, 40), "expected 5 dot-separated parts, got 2"], // truncated
      [env + ".", "expected 5 dot-separated parts, got 6"],
      [[...parts.slice(0, 2), parts[2] + "=", ...parts.slice(3)].join("."), "bad base64url in nonce"], // padding
      [[...parts.slice(0, 4), parts[4].replace(/.$/, "+")].join("."), "bad base64url in tag"],
      [[...parts.slice(0, 3), "ab\u00ff", parts[4]].join("."), "bad base64url in ciphertext"],
      [[...parts.slice(0, 4), parts[4].slice(0, -1) + "B"].join("."), "bad base64url in tag"], // non-canonical trailing bits
      [tamper(env, 2, (b) => b.subarray(0, 8)), "nonce is 8 bytes (expected 12)"],
      [tamper(env, 4, (b) => b.subarray(0, 12)), "tag is 12 bytes (expected 16)"],
      [tamper(env, 1, (b) => b.subarray(0, 100)), "wrapped key is 100 bytes (expected 256..2048)"],
      ["mbx1." + "A".repeat(1024 * 1024), "envelope too large (over 1048576 characters)"],
    ];
    for (const [text, why] of cases) {
      const err = await failure(m, "cfg_a", "billing", text);
      expect(err.message).toBe(`malformed envelope: ${why}`);
      expect(err.retryable).toBe(false);
    }
  });

  it("bad arguments", async () => {
    const m = moduleWith(keys(), files());
    expect((await failure(m, "cfg_a", null, "x")).message).toBe("key name must be a string, got nil");
    expect((await failure(m, "cfg_a", "billing", 5)).message).toBe("envelope must be a string, got number");
    expect((await failure(m, "cfg_a", "billing", { a: 1 })).message).toBe("envelope must be a string, got table");
    expect((await failure(m, "cfg_a", "bill ing", "x")).message).toMatch(/^invalid key name/);
  });

  it("unknown and ungranted key names get the same message, before anything is loaded", async () => {
    let reads = 0;
    const m = createCryptoModule(
      { credentialKeys: keys(["cfg_a"]) },
      {
        readFile: async () => {
          reads++;
          throw Object.assign(new Error("ENOENT"), { code: "ENOENT" });
        },
      },
    );
    const env = sealCredential(A.pub, "billing", Buffer.from("x"));
    for (const [cfg, name] of [
      ["cfg_a", "nope"],
      ["cfg_b", "billing"],
      ["cfg_a", "constructor"], // not an inherited property either
      ["cfg_a", "__proto__"],
    ]) {
      const err = await failure(m, cfg, name, env);
      expect(err.message).toBe(`key '${name}' is not available to this config`);
      expect(err.retryable).toBe(false);
    }
    expect(reads).toBe(0); // an ungranted tenant cannot tell a missing key file from a missing key
  });

  it("grants: exact config_ids, prefix* patterns, *", async () => {
    const env = sealCredential(A.pub, "billing", Buffer.from("ok"));
    const cases: [string[], string, boolean][] = [
      [["cfg_a"], "cfg_a", true],
      [["cfg_a"], "cfg_ab", false],
      [["cfg_a"], "cfg_", false],
      [["cfg_9*"], "cfg_9", true],
      [["cfg_9*"], "cfg_912", true],
      [["cfg_9*"], "cfg_8", false],
      [["cfg_9*"], "xcfg_9", false],
      [["cfg_x", "team_*"], "team_red", true],
      [["*"], "anything", true],
      [["*"], "", true],
    ];
    for (const [configs, cfg, ok] of cases) {
      const m = moduleWith(keys(configs), files());
      if (ok) expect(await call(m, cfg, "billing", env)).toBe("ok");
      else expect((await failure(m, cfg, "billing", env)).message).toBe("key 'billing' is not available to this config");
    }
  });

  it("loads a key from an environment variable, and an encrypted PEM with its passphrase", async () => {
    const encPem = A.priv.export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: "hunter2" }) as string;
    const pkcs1 = B.priv.export({ type: "pkcs1", format: "pem" }) as string;
    const m = createCryptoModule(
      {
        credentialKeys: {
          envkey: { pemEnv: "MB_KEY", configs: ["*"] },
          enckey: { pemEnv: "MB_ENC", passphraseEnv: "MB_PASS", configs: ["*"] },
          pkcs1: { pemEnv: "MB_PKCS1", configs: ["*"] },
        },
      },
      { env: { MB_KEY: A.pem, MB_ENC: encPem, MB_PASS: "hunter2", MB_PKCS1: pkcs1 } },
    );
    expect(await call(m, "c", "envkey", sealCredential(A.pub, "envkey", Buffer.from("from env")))).toBe("from env");
    expect(await call(m, "c", "enckey", sealCredential(A.pub, "enckey", Buffer.from("encrypted pem")))).toBe("encrypted pem");
    expect(await call(m, "c", "pkcs1", sealCredential(B.pub, "pkcs1", Buffer.from("pkcs1")))).toBe("pkcs1");
  });

  it("a key that cannot be read now is retryable, and recovers once it can (with a backoff between attempts)", async () => {
    let now = 1_000_000;
    let reads = 0;
    const fs: Record<string, string> = {};
    const env: NodeJS.ProcessEnv = {};
    const seen: string[] = [];
    const m = createCryptoModule(
      { credentialKeys: { billing: { pemFile: "/keys/a.pem", configs: ["*"] }, envkey: { pemEnv: "MB_KEY", configs: ["*"] } } },
      {
        env,
        now: () => now,
        retryDelayMs: 1000,
        onKeyError: (name, e) => seen.push(`${name}: ${e.detail}`),
        readFile: async (p) => {
          reads++;
          if (!(p in fs)) throw Object.assign(new Error("ENOENT"), { code: "ENOENT" });
          return Buffer.from(fs[p]);
        },
      },
    );
    const envelope = sealCredential(A.pub, "billing", Buffer.from("late"));
    const err = await failure(m, "c", "billing", envelope);
    expect(err).toMatchObject({ message: "key 'billing' is temporarily unavailable (key store not readable)", retryable: true });
    expect(seen).toEqual(["billing: key 'billing': cannot read pem_file /keys/a.pem: ENOENT"]); // the path is for operators only
    expect(err.message).not.toContain("/keys");
    // within the backoff the file is not read again
    fs["/keys/a.pem"] = A.pem;
    expect((await failure(m, "c", "billing", envelope)).retryable).toBe(true);
    expect(reads).toBe(1);
    now += 1000;
    expect(await call(m, "c", "billing", envelope)).toBe("late");
    expect(reads).toBe(2);
    // loaded once, kept
    expect(await call(m, "c", "billing", envelope)).toBe("late");
    expect(reads).toBe(2);

    // env var unset: the same
    const e2 = sealCredential(A.pub, "envkey", Buffer.from("env later"));
    expect(await failure(m, "c", "envkey", e2)).toMatchObject({ retryable: true, message: "key 'envkey' is temporarily unavailable (key store not readable)" });
    env.MB_KEY = A.pem;
    now += 1000;
    expect(await call(m, "c", "envkey", e2)).toBe("env later");
  });

  it("concurrent first calls load a key once", async () => {
    let reads = 0;
    const m = createCryptoModule(
      { credentialKeys: { billing: { pemFile: "/k", configs: ["*"] } } },
      {
        readFile: async () => {
          reads++;
          await new Promise((r) => setTimeout(r, 10));
          return Buffer.from(A.pem);
        },
      },
    );
    const env = sealCredential(A.pub, "billing", Buffer.from("x"));
    expect(await Promise.all([1, 2, 3].map(() => call(m, "c", "billing", env)))).toEqual(["x", "x", "x"]);
    expect(reads).toBe(1);
  });

  it("a key that reads but does not parse is a config error: not retryable", async () => {
    const small = generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey.export({ type: "pkcs8", format: "pem" }) as string;
    const ec = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "pem" }) as string;
    const encPem = A.priv.export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: "right" }) as string;
    const seen: string[] = [];
    const m = createCryptoModule(
      {
        credentialKeys: {
          junk: { pemEnv: "JUNK", configs: ["*"] },
          small: { pemEnv: "SMALL", configs: ["*"] },
          ec: { pemEnv: "EC", configs: ["*"] },
          wrongpass: { pemEnv: "ENC", passphraseEnv: "PASS", configs: ["*"] },
          nopass: { pemEnv: "ENC", configs: ["*"] },
          dir: { pemFile: "/keys", configs: ["*"] },
        },
      },
      {
        env: { JUNK: "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n", SMALL: small, EC: ec, ENC: encPem, PASS: "wrong" },
        readFile: async () => {
          throw Object.assign(new Error("EISDIR"), { code: "EISDIR" });
        },
        onKeyError: (_n, e) => seen.push(e.detail),
      },
    );
    for (const name of ["junk", "small", "ec", "wrongpass", "nopass", "dir"]) {
      const err = await failure(m, "c", name, sealCredential(A.pub, name, Buffer.from("x")));
      expect(err).toMatchObject({ message: `key '${name}' cannot be used (invalid key configuration)`, retryable: false });
    }
    expect(seen[1]).toBe("key 'small': $SMALL is a 1024-bit RSA key (at least 2048 required)");
    expect(seen[2]).toBe("key 'ec': $EC is a ec key (expected RSA)");
  });

  it("an unset passphrase variable is transient", async () => {
    const encPem = A.priv.export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: "pw" }) as string;
    const env: NodeJS.ProcessEnv = { ENC: encPem };
    const m = createCryptoModule({ credentialKeys: { k: { pemEnv: "ENC", passphraseEnv: "PASS", configs: ["*"] } } }, { env, retryDelayMs: 0 });
    const e = sealCredential(A.pub, "k", Buffer.from("x"));
    expect((await failure(m, "c", "k", e)).retryable).toBe(true);
    env.PASS = "pw";
    expect(await call(m, "c", "k", e)).toBe("x");
  });

  it("the optional plaintext cache skips the key after the first open; grants are still checked", async () => {
    let reads = 0;
    const m = createCryptoModule(
      { credentialKeys: { billing: { pemFile: "/k", configs: ["cfg_a"] } } },
      {
        cache: { ttlMs: 60_000 },
        readFile: async () => {
          reads++;
          return Buffer.from(A.pem);
        },
      },
    );
    const env = sealCredential(A.pub, "billing", ALL_BYTES);
    expect(await call(m, "cfg_a", "billing", env)).toBe(ALL_BYTES.toString("latin1"));
    expect(await call(m, "cfg_a", "billing", env)).toBe(ALL_BYTES.toString("latin1"));
    expect((await failure(m, "cfg_b", "billing", env)).message).toBe("key 'billing' is not available to this config");
    expect(reads).toBe(1);
    await m.close!();
  });

  it("private keys never leave the host: the module exposes only decrypt_credential", () => {
    const m = moduleWith(keys(), files());
    expect(m).toMatchObject({ name: "crypto", errorType: "script_module_crypto" });
    expect(Object.keys(m.functions)).toEqual(["decrypt_credential"]);
  });
});

// The named private keys of crypto.decrypt_credential, loaded from PEM files or environment
// variables on first use and kept as non-extractable WebCrypto keys in the host (never sent
// to an isolate).
//
// A key whose source cannot be read right now (file missing or unreadable, env var unset)
// is "temporarily unavailable": the call fails retryably and a later call tries again, at
// most once per `retryDelayMs` (so a missing file is not re-read on every call). A key that
// reads but does not parse (bad PEM, wrong passphrase, not RSA, under 2048 bits) is a config
// error: not retryable, though it is re-read after the same delay so a fixed file is picked up.
// A key that loaded stays loaded until the module is closed (rotation: restart).
import { readFile as fsReadFile } from "node:fs/promises";
import { createPrivateKey, type KeyObject, type webcrypto } from "node:crypto";
import type { CredentialKeyConfig } from "../../config.js";
import { importDecryptKey } from "./envelope.js";

type CryptoKey = webcrypto.CryptoKey;

export const MIN_RSA_BITS = 2048;

/** Why a key cannot be used; `transient` ones may work on a later call. */
export class KeyUnavailable extends Error {
  constructor(
    readonly transient: boolean,
    /** For operators (names the file or variable); never shown to scripts. */
    readonly detail: string,
  ) {
    super(detail);
    this.name = "KeyUnavailable";
  }
}

export interface KeyStoreOptions {
  /** Where pem_env / passphrase_env are looked up (default process.env, read at each load). */
  env?: NodeJS.ProcessEnv;
  /** Reads pem_file (default fs.readFile). */
  readFile?: (path: string) => Promise<Buffer>;
  /** Minimum time between load attempts of a key that failed (default 1000 ms). */
  retryDelayMs?: number;
  /** Clock (tests). */
  now?: () => number;
  /** Told about each failed load attempt, with the operator-facing reason. */
  onKeyError?: (keyName: string, error: KeyUnavailable) => void;
}

interface Slot {
  key?: CryptoKey;
  loading?: Promise<CryptoKey>;
  failure?: KeyUnavailable;
  retryAt?: number;
}

/** Whether `configId` matches a grant: an exact id, "prefix*", or "*". */
export function grantMatches(pattern: string, configId: string): boolean {
  return pattern.endsWith("*") ? configId.startsWith(pattern.slice(0, -1)) : pattern === configId;
}

export class KeyStore {
  private readonly slots = new Map<string, Slot>();
  private readonly env: NodeJS.ProcessEnv;
  private readonly readFile: (path: string) => Promise<Buffer>;
  private readonly retryDelayMs: number;
  private readonly now: () => number;

  constructor(
    private readonly defs: Readonly<Record<string, CredentialKeyConfig>>,
    private readonly opts: KeyStoreOptions = {},
  ) {
    this.env = opts.env ?? process.env;
    this.readFile = opts.readFile ?? ((p) => fsReadFile(p));
    this.retryDelayMs = opts.retryDelayMs ?? 1000;
    this.now = opts.now ?? Date.now;
  }

  /** Whether key `name` exists and is granted to `configId` (checked before any loading). */
  granted(name: string, configId: string): boolean {
    const def = Object.hasOwn(this.defs, name) ? this.defs[name] : undefined;
    return def !== undefined && def.configs.some((p) => grantMatches(p, configId));
  }

  /** The loaded key (a non-extractable WebCrypto key); throws KeyUnavailable. Call only for configured names. */
  async get(name: string): Promise<CryptoKey> {
    let slot = this.slots.get(name);
    if (slot === undefined) this.slots.set(name, (slot = {}));
    if (slot.key) return slot.key;
    if (slot.loading) return slot.loading;
    if (slot.failure && this.now() < slot.retryAt!) throw slot.failure;
    const s = slot;
    s.loading = this.load(name).then(
      (key) => {
        s.key = key;
        s.failure = s.retryAt = s.loading = undefined;
        return key;
      },
      (e: unknown) => {
        const err = e instanceof KeyUnavailable ? e : new KeyUnavailable(true, `key '${name}': ${(e as Error)?.message ?? e}`);
        s.failure = err;
        s.retryAt = this.now() + this.retryDelayMs;
        s.loading = undefined;
        this.opts.onKeyError?.(name, err);
        throw err;
      },
    );
    return s.loading;
  }

  private async load(name: string): Promise<CryptoKey> {
    const def = this.defs[name];
    let pem: Buffer;
    if (def.pemFile !== undefined) {
      try {
        pem = await this.readFile(def.pemFile);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException)?.code;
        // a directory where a file should be will not fix itself; anything else (ENOENT,
        // EACCES, EIO, a mount not there yet...) may
        throw new KeyUnavailable(code !== "EISDIR", `key '${name}': cannot read pem_file ${def.pemFile}: ${code ?? (e as Error)?.message}`);
      }
    } else {
      const text = this.env[def.pemEnv!];
      if (text === undefined || text === "") throw new KeyUnavailable(true, `key '${name}': environment variable ${def.pemEnv} is not set`);
      pem = Buffer.from(text, "utf8");
    }
    let passphrase: string | undefined;
    if (def.passphraseEnv !== undefined) {
      passphrase = this.env[def.passphraseEnv];
      if (passphrase === undefined) throw new KeyUnavailable(true, `key '${name}': environment variable ${def.passphraseEnv} is not set`);
    }
    const source = def.pemFile ?? `$${def.pemEnv}`;
    let key: KeyObject;
    try {
      // an empty passphrase makes an encrypted PEM fail instead of prompting
      key = createPrivateKey({ key: pem, format: "pem", passphrase: passphrase ?? "" });
    } catch (e) {
      throw new KeyUnavailable(false, `key '${name}': ${source} is not a usable private key PEM: ${(e as Error).message}`);
    }
    if (key.asymmetricKeyType !== "rsa") throw new KeyUnavailable(false, `key '${name}': ${source} is a ${key.asymmetricKeyType} key (expected RSA)`);
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    if (bits < MIN_RSA_BITS) throw new KeyUnavailable(false, `key '${name}': ${source} is a ${bits}-bit RSA key (at least ${MIN_RSA_BITS} required)`);
    return importDecryptKey(key);
  }

  /** Forget loaded keys. */
  clear(): void {
    this.slots.clear();
  }
}

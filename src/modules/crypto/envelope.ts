// The credential envelope (format "mbx1"; README.md in this folder is the reference):
//
//   mbx1.<wrapped key>.<nonce>.<ciphertext>.<tag>      each part base64url, no padding
//
//   wrapped key  RSA-OAEP(SHA-256, MGF1-SHA-256, no label) of a fresh 32-byte AES-256 key;
//                as long as the RSA modulus (256 bytes for 2048-bit keys, 384 for 3072)
//   nonce        12 random bytes, the AES-256-GCM IV
//   ciphertext   AES-256-GCM of the plaintext (same length; empty for an empty plaintext)
//   tag          the 16-byte GCM tag
//   AAD          the ASCII bytes "mbx1:" + key name: an envelope made for one key name
//                does not open under another name, even one backed by the same key
import { constants, createCipheriv, createDecipheriv, publicEncrypt, randomBytes, webcrypto, KeyObject } from "node:crypto";

type CryptoKey = webcrypto.CryptoKey;

export const ENVELOPE_VERSION = "mbx1";
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;
export const DATA_KEY_BYTES = 32;
/** Envelopes are credentials, not payloads: anything bigger is a mistake. */
export const MAX_ENVELOPE_CHARS = 1024 * 1024;
/** Key names as the config allows them. */
export const KEY_NAME_RE = /^[A-Za-z0-9_.-]{1,64}$/;

/** "malformed": the text is not an mbx1 envelope; "decrypt": wrong key or tampered. */
export class EnvelopeError extends Error {
  constructor(
    readonly kind: "malformed" | "decrypt",
    message: string,
  ) {
    super(message);
    this.name = "EnvelopeError";
  }
}

export const DECRYPT_FAILED = "decryption failed (wrong key or tampered envelope)";

export interface ParsedEnvelope {
  wrappedKey: Buffer;
  nonce: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

function aad(keyName: string): Buffer {
  return Buffer.from(`${ENVELOPE_VERSION}:${keyName}`, "latin1");
}

const B64URL_RE = /^[A-Za-z0-9_-]*$/;

function b64url(part: string, field: string): Buffer {
  if (!B64URL_RE.test(part)) throw new EnvelopeError("malformed", `bad base64url in ${field}`);
  const buf = Buffer.from(part, "base64url");
  // Node ignores stray trailing bits; insist on the canonical text so an envelope has one spelling
  if (buf.toString("base64url") !== part) throw new EnvelopeError("malformed", `bad base64url in ${field}`);
  return buf;
}

/** Split and decode an envelope (surrounding whitespace allowed); throws EnvelopeError("malformed"). */
export function parseEnvelope(text: string): ParsedEnvelope {
  if (text.length > MAX_ENVELOPE_CHARS) throw new EnvelopeError("malformed", `envelope too large (over ${MAX_ENVELOPE_CHARS} characters)`);
  const parts = text.trim().split(".");
  if (parts[0] !== ENVELOPE_VERSION) {
    throw new EnvelopeError("malformed", /^mbx\d+$/.test(parts[0]) ? `unsupported envelope version '${parts[0]}' (expected ${ENVELOPE_VERSION})` : `not an envelope (expected '${ENVELOPE_VERSION}.' prefix)`);
  }
  if (parts.length !== 5) throw new EnvelopeError("malformed", `expected 5 dot-separated parts, got ${parts.length}`);
  const wrappedKey = b64url(parts[1], "wrapped key");
  const nonce = b64url(parts[2], "nonce");
  const ciphertext = b64url(parts[3], "ciphertext");
  const tag = b64url(parts[4], "tag");
  // RSA 2048..16384 bits; the exact size is checked against the key when opening
  if (wrappedKey.length < 256 || wrappedKey.length > 2048) throw new EnvelopeError("malformed", `wrapped key is ${wrappedKey.length} bytes (expected 256..2048)`);
  if (nonce.length !== NONCE_BYTES) throw new EnvelopeError("malformed", `nonce is ${nonce.length} bytes (expected ${NONCE_BYTES})`);
  if (tag.length !== TAG_BYTES) throw new EnvelopeError("malformed", `tag is ${tag.length} bytes (expected ${TAG_BYTES})`);
  return { wrappedKey, nonce, ciphertext, tag };
}

/** Encrypt `plaintext` for the holder of `publicKey` under `keyName`. */
export function sealCredential(publicKey: KeyObject, keyName: string, plaintext: Buffer): string {
  if (!KEY_NAME_RE.test(keyName)) throw new Error("key names are 1-64 letters, digits, '_', '.' or '-'");
  const dataKey = randomBytes(DATA_KEY_BYTES);
  const nonce = randomBytes(NONCE_BYTES);
  const wrappedKey = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" }, dataKey);
  const cipher = createCipheriv("aes-256-gcm", dataKey, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad(keyName));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [ENVELOPE_VERSION, wrappedKey, nonce, ciphertext, tag].map((p) => (typeof p === "string" ? p : p.toString("base64url"))).join(".");
}

/**
 * The private key as a non-extractable WebCrypto RSA-OAEP/SHA-256 key. WebCrypto because its
 * RSA decryption runs on the libuv thread pool: a few ms of RSA per call would otherwise
 * block the event loop that serves every run's host calls.
 */
export async function importDecryptKey(privateKey: KeyObject): Promise<CryptoKey> {
  const der = privateKey.export({ type: "pkcs8", format: "der" });
  try {
    return await webcrypto.subtle.importKey("pkcs8", der, { name: "RSA-OAEP", hash: "SHA-256" }, false, ["decrypt"]);
  } finally {
    der.fill(0);
  }
}

/** Decrypt a parsed envelope; rejects with EnvelopeError("decrypt") for a wrong key or any tampering. */
export async function openParsed(key: CryptoKey, keyName: string, env: ParsedEnvelope): Promise<Buffer> {
  // a wrapped key of another size was made for another RSA key
  const modulusBytes = Math.ceil(((key.algorithm as webcrypto.RsaHashedKeyAlgorithm).modulusLength ?? 0) / 8);
  if (env.wrappedKey.length !== modulusBytes) throw new EnvelopeError("decrypt", DECRYPT_FAILED);
  let dataKey: Buffer;
  try {
    dataKey = Buffer.from(await webcrypto.subtle.decrypt({ name: "RSA-OAEP" }, key, env.wrappedKey));
  } catch {
    throw new EnvelopeError("decrypt", DECRYPT_FAILED);
  }
  if (dataKey.length !== DATA_KEY_BYTES) throw new EnvelopeError("decrypt", DECRYPT_FAILED);
  // AES-GCM of a credential takes microseconds: synchronous is fine
  try {
    const decipher = createDecipheriv("aes-256-gcm", dataKey, env.nonce, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad(keyName));
    decipher.setAuthTag(env.tag);
    return Buffer.concat([decipher.update(env.ciphertext), decipher.final()]);
  } catch {
    throw new EnvelopeError("decrypt", DECRYPT_FAILED);
  } finally {
    dataKey.fill(0);
  }
}

/** parseEnvelope + openParsed. */
export async function openCredential(privateKey: KeyObject | CryptoKey, keyName: string, envelope: string): Promise<Buffer> {
  const parsed = parseEnvelope(envelope);
  return openParsed(privateKey instanceof KeyObject ? await importDecryptKey(privateKey) : privateKey, keyName, parsed);
}

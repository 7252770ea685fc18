// Script records: what is published, what travels on the Kafka topic, what Redis keeps.
import { createHash } from "node:crypto";
import { Script as VmScript } from "node:vm";
import { compileLua, type CompiledChunk } from "../compile.js";
import { ScriptError } from "../errors.js";

/**
 * One version of a script, as every worker sees it.
 *
 * `version` is the Kafka offset of the record in its partition: assigned by the broker, so
 * it follows the log order, which is also the order compaction keeps (a publisher's clock
 * cannot reorder anything). It only grows for one id (an id always lands in the same
 * partition of a topic whose partition count does not change).
 */
export interface ScriptRecord {
  /** Script id: a webhook config_id or a predicate rule_id. */
  id: string;
  /** Lua source bytes. */
  source: Buffer;
  /** sha256 of `source`, lower-case hex (the webhook's ScriptHash). */
  hash: string;
  /** Kafka offset of this record (see above). */
  version: number;
  /** Partition the record came from. */
  partition: number;
  /** When it was published (publisher's clock, ms since the epoch; informational). */
  updatedAt: number;
  /** Chunk name for error messages (default: none; the engines pick one). */
  name?: string;
  /**
   * The Kafka cluster the version belongs to (its cluster id). Offsets are only compared
   * within one cluster; a record from another cluster (a re-created broker) is replaced by
   * the current cluster's record whatever its offset.
   */
  epoch: string;
}

/** Record metadata without the source (what the Redis index and listings hold). */
export type ScriptMeta = Omit<ScriptRecord, "source">;

/** The JSON value of a topic record (a tombstone has a null value). */
export interface WireRecord {
  /** Format version of this JSON. */
  f: 1;
  id: string;
  hash: string;
  updated_at: string;
  name?: string;
  /** "utf8" when the source is valid UTF-8 text (readable in the topic), else "base64". */
  enc: "utf8" | "base64";
  source: string;
}

export function sha256Hex(bytes: Buffer | Uint8Array | string): string {
  return createHash("sha256")
    .update(typeof bytes === "string" ? Buffer.from(bytes, "utf8") : bytes)
    .digest("hex");
}

/** Source as bytes: a string is taken as UTF-8 text. */
export function sourceBuffer(source: Buffer | Uint8Array | string): Buffer {
  if (Buffer.isBuffer(source)) return source;
  if (typeof source === "string") return Buffer.from(source, "utf8");
  return Buffer.from(source.buffer, source.byteOffset, source.byteLength);
}

function isUtf8(b: Buffer): boolean {
  return Buffer.from(b.toString("utf8"), "utf8").equals(b);
}

export function encodeWire(id: string, source: Buffer, updatedAt: number, name?: string): Buffer {
  const utf8 = isUtf8(source);
  const w: WireRecord = {
    f: 1,
    id,
    hash: sha256Hex(source),
    updated_at: new Date(updatedAt).toISOString(),
    ...(name !== undefined ? { name } : {}),
    enc: utf8 ? "utf8" : "base64",
    source: utf8 ? source.toString("utf8") : source.toString("base64"),
  };
  return Buffer.from(JSON.stringify(w), "utf8");
}

export class BadRecordError extends Error {}

/**
 * A topic record as a ScriptRecord. Throws BadRecordError for malformed values and for a
 * source whose sha256 is not the hash it claims (such a record is never applied).
 */
export function decodeWire(key: string, value: Buffer, version: number, partition: number, epoch: string): ScriptRecord {
  let w: WireRecord;
  try {
    w = JSON.parse(value.toString("utf8"));
  } catch {
    throw new BadRecordError(`record ${key}@${version}: value is not JSON`);
  }
  if (w === null || typeof w !== "object" || w.f !== 1) throw new BadRecordError(`record ${key}@${version}: unknown format`);
  if (w.id !== key) throw new BadRecordError(`record ${key}@${version}: id ${JSON.stringify(w.id)} does not match the key`);
  if (typeof w.source !== "string" || (w.enc !== "utf8" && w.enc !== "base64")) throw new BadRecordError(`record ${key}@${version}: bad source`);
  const source = Buffer.from(w.source, w.enc);
  const hash = sha256Hex(source);
  if (hash !== w.hash) throw new BadRecordError(`record ${key}@${version}: source hash ${hash} does not match the published hash ${w.hash}`);
  const updatedAt = Date.parse(w.updated_at);
  return {
    id: key,
    source,
    hash,
    version,
    partition,
    updatedAt: Number.isFinite(updatedAt) ? updatedAt : 0,
    ...(typeof w.name === "string" ? { name: w.name } : {}),
    epoch,
  };
}

/** A script id: non-empty, at most 512 bytes, no control characters. */
export function checkId(id: unknown): string {
  if (typeof id !== "string" || id.length === 0) throw new TypeError("script id must be a non-empty string");
  if (Buffer.byteLength(id, "utf8") > 512) throw new TypeError("script id is longer than 512 bytes");
  if (/[\x00-\x1f\x7f]/.test(id)) throw new TypeError("script id must not contain control characters");
  return id;
}

/**
 * Validate a script before it is published: it must parse as Lua 5.1 and the JavaScript it
 * transpiles to must compile (V8 parses it; nothing runs). Throws ScriptError
 * script_syntax_error (with the line) otherwise. Returns the compiled chunk.
 */
export function validateScript(source: Buffer, chunkName = "script.lua"): CompiledChunk {
  const chunk = compileLua(source, chunkName);
  try {
    new VmScript(chunk.code, { filename: chunk.id });
  } catch (e) {
    throw new ScriptError("script_syntax_error", `${chunkName}: the transpiled script does not compile: ${(e as Error).message}`);
  }
  return chunk;
}

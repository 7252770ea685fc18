// Where scripts referenced by hash come from. The real store (Redis cache backed by a
// compacted Kafka topic) comes later; it only has to implement `ScriptStore`.
import { createHash } from "node:crypto";

export interface StoredScript {
  /** Lua source: bytes, or text (a string is encoded as UTF-8). */
  source: Buffer | Uint8Array | string;
  /** Chunk name used in error messages (default "script.lua"). */
  name?: string;
}

export interface ScriptStore {
  /**
   * The script with this hash, or undefined when there is none (-> script_not_found, not
   * retryable). A rejected promise means the store itself failed (-> script_not_found
   * marked retryable).
   */
  get(hash: string): Promise<StoredScript | undefined>;
}

/** The hash of a script: sha256 of its source bytes (a string: its UTF-8 bytes), lower-case hex. */
export function scriptHash(source: Buffer | Uint8Array | string): string {
  const bytes = typeof source === "string" ? Buffer.from(source, "utf8") : source;
  return createHash("sha256").update(bytes).digest("hex");
}

/** An in-memory ScriptStore (tests, the CLI, single-process deployments). */
export class MemoryScriptStore implements ScriptStore {
  private scripts = new Map<string, StoredScript>();

  /** Add a script; returns its hash. */
  put(source: Buffer | Uint8Array | string, name?: string): string {
    const hash = scriptHash(source);
    this.scripts.set(hash, { source, name });
    return hash;
  }

  /** Store under an explicit key (no hash check here; the transformer verifies). */
  set(hash: string, script: StoredScript): void {
    this.scripts.set(hash.toLowerCase(), script);
  }

  delete(hash: string): boolean {
    return this.scripts.delete(hash.toLowerCase());
  }

  async get(hash: string): Promise<StoredScript | undefined> {
    return this.scripts.get(hash.toLowerCase());
  }
}

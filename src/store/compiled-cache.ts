// The local tier: an LRU of compiled scripts keyed by (script hash, chunk name, runtime
// version), each with V8 code cache data, so an engine loading the chunk into an isolate
// skips V8's parse/compile of the top-level code.
//
// Code cache data is produced here in one small private isolate (isolated-vm), or taken
// from Redis when a worker already produced it for exactly the same JavaScript (sha256 of
// the code) on exactly the same runtime (Moonbox version, Node/V8 version, isolated-vm
// version, runtime bundle hash). V8 checks it again and rejects data it cannot use; rejected
// data is dropped and produced anew.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { LRUCache } from "lru-cache";
import { compileLua, type CompiledChunk } from "../compile.js";
import { runtimeBundle } from "../isolate/bundle.js";
import { ScriptError } from "../errors.js";

type Ivm = typeof import("isolated-vm");

export interface CompiledEntry {
  chunk: CompiledChunk;
  source: Buffer;
  hash: string;
  /** Bytes of V8 code cache attached to the chunk (0: none). */
  codeCacheBytes: number;
  /** Where the code cache came from. */
  codeCacheFrom: "none" | "produced" | "redis" | "engine";
}

let runtimeKeyMemo: string | undefined;

function packageVersion(name: string, fromUrl: string): string {
  try {
    const req = createRequire(fromUrl);
    return JSON.parse(readFileSync(req.resolve(`${name}/package.json`), "utf8")).version;
  } catch {
    return "?";
  }
}

function moonboxVersion(): string {
  for (const rel of ["../../package.json", "../package.json"]) {
    try {
      const p = JSON.parse(readFileSync(new URL(rel, import.meta.url), "utf8"));
      if (p.name === "moonbox") return p.version;
    } catch {
      // try the next
    }
  }
  return "?";
}

/**
 * What compiled code and code cache data depend on: Moonbox's version, the runtime bundle,
 * Node's and V8's versions, isolated-vm's version. Code cache is never shared across a
 * change of any of them.
 */
export function runtimeKey(): string {
  if (runtimeKeyMemo) return runtimeKeyMemo;
  const parts = [
    `moonbox ${moonboxVersion()}`,
    `bundle ${runtimeBundle().hash}`,
    `node ${process.versions.node}`,
    `v8 ${process.versions.v8}`,
    `ivm ${packageVersion("isolated-vm", import.meta.url)}`,
    `${process.platform}-${process.arch}`,
  ];
  runtimeKeyMemo = createHash("sha256").update(parts.join("|")).digest("hex").slice(0, 16);
  return runtimeKeyMemo;
}

export interface CodeCacheIO {
  get(codeSha: string, runtime: string): Promise<Buffer | undefined>;
  put(codeSha: string, runtime: string, data: Buffer): Promise<void>;
}

export interface CompiledCacheOptions {
  /** Entries kept (default 1000). */
  max?: number;
  /** Attach V8 code cache data to compiled chunks (default true). */
  codeCache?: boolean;
  /** Where to share code cache data (Redis), or none. */
  codeCacheIO?: CodeCacheIO;
}

export class CompiledCache {
  private readonly lru: LRUCache<string, CompiledEntry>;
  private ivm: Ivm | undefined;
  private isolate: import("isolated-vm").Isolate | undefined;
  readonly codeCache: boolean;
  stats = { hits: 0, misses: 0, produced: 0, fromRedis: 0, rejected: 0 };

  constructor(private readonly opts: CompiledCacheOptions = {}) {
    this.lru = new LRUCache({ max: opts.max ?? 1000 });
    this.codeCache = opts.codeCache ?? true;
  }

  private key(hash: string, chunkName: string): string {
    return `${hash}/${chunkName}/${runtimeKey()}`;
  }

  get(hash: string, chunkName: string): CompiledEntry | undefined {
    const e = this.lru.get(this.key(hash, chunkName));
    if (e) this.stats.hits++;
    return e;
  }

  /** Any compiled entry for this hash (whatever its chunk name): a source we already verified. */
  peekSource(hash: string): Buffer | undefined {
    for (const e of this.lru.values()) if (e.hash === hash) return e.source;
    return undefined;
  }

  /**
   * Compile `source` (which must hash to `hash`: otherwise script_not_found, and nothing is
   * cached) and attach code cache data. Throws ScriptError script_syntax_error.
   */
  async compile(source: Buffer, hash: string, chunkName: string): Promise<CompiledEntry> {
    const k = this.key(hash, chunkName);
    const hit = this.lru.get(k);
    if (hit) {
      this.stats.hits++;
      return hit;
    }
    this.stats.misses++;
    const chunk = compileLua(source, chunkName);
    if (chunk.hash !== hash) {
      throw new ScriptError("script_not_found", `script ${hash}: source has hash ${chunk.hash} (hash mismatch): not run`);
    }
    const entry: CompiledEntry = { chunk, source, hash, codeCacheBytes: 0, codeCacheFrom: "none" };
    if (chunk.cachedData !== undefined) {
      entry.codeCacheFrom = "engine";
      entry.codeCacheBytes = chunk.cachedData.copy().byteLength;
    } else if (this.codeCache) {
      await this.attachCodeCache(entry);
    }
    this.lru.set(k, entry);
    return entry;
  }

  private async loadIvm(): Promise<Ivm | undefined> {
    if (this.ivm) return this.ivm;
    try {
      const m: any = await import("isolated-vm");
      this.ivm = (m.default ?? m) as Ivm;
      this.isolate = new this.ivm.Isolate({ memoryLimit: 32 });
    } catch {
      return undefined;
    }
    return this.ivm;
  }

  private async attachCodeCache(entry: CompiledEntry): Promise<void> {
    const ivm = await this.loadIvm();
    if (!ivm || !this.isolate) return;
    const code = entry.chunk.code;
    const codeSha = createHash("sha256").update(code).digest("hex");
    const io = this.opts.codeCacheIO;
    const rt = runtimeKey();
    if (io) {
      let data: Buffer | undefined;
      try {
        data = await io.get(codeSha, rt);
      } catch {
        data = undefined; // Redis away: produce it here
      }
      if (data && data.byteLength > 0) {
        const copy = new ivm.ExternalCopy(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer);
        const s = this.isolate.compileScriptSync(code, { filename: entry.chunk.id, cachedData: copy });
        const rejected = (s as any).cachedDataRejected === true;
        s.release();
        if (!rejected) {
          entry.chunk.cachedData = copy;
          entry.codeCacheBytes = data.byteLength;
          entry.codeCacheFrom = "redis";
          this.stats.fromRedis++;
          return;
        }
        this.stats.rejected++;
        copy.release();
      }
    }
    const s = this.isolate.compileScriptSync(code, { filename: entry.chunk.id, produceCachedData: true });
    const produced = (s as any).cachedData as import("isolated-vm").ExternalCopy<ArrayBuffer> | undefined;
    s.release();
    if (!produced) return;
    entry.chunk.cachedData = produced;
    const bytes = Buffer.from(produced.copy());
    entry.codeCacheBytes = bytes.byteLength;
    entry.codeCacheFrom = "produced";
    this.stats.produced++;
    if (io) io.put(codeSha, rt, bytes).catch(() => undefined);
  }

  delete(hash: string): void {
    for (const k of [...this.lru.keys()]) if (k.startsWith(hash + "/")) this.lru.delete(k);
  }

  get size(): number {
    return this.lru.size;
  }

  dispose(): void {
    this.lru.clear();
    if (this.isolate && !this.isolate.isDisposed) this.isolate.dispose();
    this.isolate = undefined;
  }
}

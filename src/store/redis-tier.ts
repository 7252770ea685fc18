// The Redis tier: the backup of every script source (by hash), an index of the current
// version of every id (per topic), and optionally V8 code cache data.
//
// Keys (prefix default "moonbox:"):
//   PREFIX script:<sha256>            the source bytes (immutable: the key is its hash)
//   PREFIX index:<topic>              hash: id -> JSON IndexEntry (current version or tombstone)
//   PREFIX codecache:<codeSha>:<rt>   V8 code cache for the JS with sha256 codeSha under runtime rt
//
// Index writes are compare-and-set in Redis (a Lua script): an entry is replaced only by a
// greater version of the same Kafka cluster (epoch), so workers replaying the topic, or
// writing late, never move an id back to an older version. Deletes are kept as tombstone
// entries for the same reason.
import { Redis, type RedisOptions } from "ioredis";

export interface IndexEntry {
  hash: string | null;
  version: number;
  partition: number;
  epoch: string;
  updatedAt: number;
  name?: string;
  deleted?: true;
}

export interface RedisTierOptions {
  /** redis://host:port/db (default redis://127.0.0.1:6379). */
  url?: string;
  /** An existing ioredis client to use instead (it is not closed by close()). */
  client?: Redis;
  /** Key prefix (default "moonbox:"). */
  prefix?: string;
  /** Per-command timeout, ms (default 2000): a hung Redis is a failed Redis. */
  commandTimeoutMs?: number;
}

const CAS_INDEX = `
local cur = redis.call('HGET', KEYS[1], ARGV[1])
if cur then
  local ok, c = pcall(cjson.decode, cur)
  if ok and type(c) == 'table' and c.epoch == ARGV[3] and tonumber(c.version) ~= nil and tonumber(c.version) >= tonumber(ARGV[2]) then
    return 0
  end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[4])
return 1
`;

type CasRedis = Redis & { moonboxCasIndex(key: string, id: string, version: string, epoch: string, json: string): Promise<number> };

export class RedisTier {
  readonly prefix: string;
  readonly client: CasRedis;
  private readonly own: boolean;

  constructor(opts: RedisTierOptions = {}) {
    this.prefix = opts.prefix ?? "moonbox:";
    const ropts: RedisOptions = {
      // a command sent while Redis is away fails at once instead of waiting in a queue:
      // the store then answers from its local tier or reports a (retryable) store failure
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: opts.commandTimeoutMs ?? 2000,
      connectTimeout: 2000,
      lazyConnect: true,
      retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 6), 1000),
    };
    this.own = opts.client === undefined;
    const client = (opts.client ?? new Redis(opts.url ?? "redis://127.0.0.1:6379", ropts)) as CasRedis;
    // without a listener ioredis prints every connection error; the store reports state itself
    if (this.own) client.on("error", () => undefined);
    client.defineCommand("moonboxCasIndex", { numberOfKeys: 1, lua: CAS_INDEX });
    this.client = client;
  }

  /** Connect (once); resolves false when Redis cannot be reached now (it keeps retrying). */
  async connect(timeoutMs = 2000): Promise<boolean> {
    const c = this.client;
    if (c.status === "ready") return (this.everReady = true);
    if (c.status === "wait") c.connect().catch(() => undefined);
    const ok = await this.waitReady(timeoutMs);
    if (ok) this.everReady = true;
    return ok;
  }

  waitReady(timeoutMs: number): Promise<boolean> {
    const c = this.client;
    if (c.status === "ready") return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (v: boolean) => {
        clearTimeout(t);
        c.off("ready", onReady);
        resolve(v);
      };
      const onReady = () => done(true);
      const t = setTimeout(() => done(false), timeoutMs);
      c.on("ready", onReady);
    });
  }

  private everReady = false;

  /** The client, connecting it first if it never was (an outage later fails fast instead). */
  private async c(): Promise<CasRedis> {
    const c = this.client;
    if (c.status !== "ready" && !this.everReady) await this.connect(2000);
    return c;
  }

  get up(): boolean {
    return this.client.status === "ready";
  }

  onReady(fn: () => void): void {
    this.client.on("ready", fn);
  }

  scriptKey(hash: string): string {
    return `${this.prefix}script:${hash}`;
  }

  indexKey(topic: string): string {
    return `${this.prefix}index:${topic}`;
  }

  async getSource(hash: string): Promise<Buffer | undefined> {
    const b = await (await this.c()).getBuffer(this.scriptKey(hash));
    return b ?? undefined;
  }

  async getSources(hashes: string[]): Promise<(Buffer | undefined)[]> {
    if (hashes.length === 0) return [];
    const out: (Buffer | undefined)[] = [];
    for (let i = 0; i < hashes.length; i += 500) {
      const part = await (await this.c()).mgetBuffer(...hashes.slice(i, i + 500).map((h) => this.scriptKey(h)));
      for (const b of part) out.push(b ?? undefined);
    }
    return out;
  }

  /**
   * Store a source. `ttlSec` > 0: it expires (no id refers to it any more: kept a while for
   * jobs already queued with its hash); otherwise it is kept.
   */
  async putSource(hash: string, source: Buffer, ttlSec = 0): Promise<void> {
    if (ttlSec > 0) await (await this.c()).set(this.scriptKey(hash), source, "EX", ttlSec);
    else await (await this.c()).set(this.scriptKey(hash), source);
  }

  /** Keep a source that an id refers to again (drop its expiry). */
  async keepSource(hash: string): Promise<void> {
    await (await this.c()).persist(this.scriptKey(hash));
  }

  /** Let a source that no id refers to any more expire in ttlSec. */
  async retireSource(hash: string, ttlSec: number): Promise<void> {
    if (ttlSec > 0) await (await this.c()).expire(this.scriptKey(hash), ttlSec);
  }

  async getIndex(topic: string): Promise<Map<string, IndexEntry>> {
    const all = await (await this.c()).hgetall(this.indexKey(topic));
    const out = new Map<string, IndexEntry>();
    for (const [id, json] of Object.entries(all)) {
      try {
        const e = JSON.parse(json) as IndexEntry;
        if (typeof e.version === "number" && typeof e.epoch === "string") out.set(id, e);
      } catch {
        // a broken entry is ignored (the topic is the truth)
      }
    }
    return out;
  }

  /** Compare-and-set an index entry; true when it was written (it was newer). */
  async casIndex(topic: string, id: string, e: IndexEntry): Promise<boolean> {
    const r = await (await this.c()).moonboxCasIndex(this.indexKey(topic), id, String(e.version), e.epoch, JSON.stringify(e));
    return r === 1;
  }

  codeCacheKey(codeSha: string, runtimeKey: string): string {
    return `${this.prefix}codecache:${codeSha}:${runtimeKey}`;
  }

  async getCodeCache(codeSha: string, runtimeKey: string): Promise<Buffer | undefined> {
    return (await (await this.c()).getBuffer(this.codeCacheKey(codeSha, runtimeKey))) ?? undefined;
  }

  async putCodeCache(codeSha: string, runtimeKey: string, data: Buffer, ttlSec: number): Promise<void> {
    await (await this.c()).set(this.codeCacheKey(codeSha, runtimeKey), data, "EX", ttlSec);
  }

  async close(): Promise<void> {
    if (!this.own) return;
    try {
      if (this.client.status === "ready") await this.client.quit();
      else this.client.disconnect();
    } catch {
      this.client.disconnect();
    }
  }
}

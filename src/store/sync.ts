// ScriptSync: one worker's view of the script store.
//
//   const sync = new ScriptSync({ brokers: ["127.0.0.1:9092"], redis: { url } });
//   await sync.start();                       // Redis snapshot, then Kafka catch-up (bounded wait)
//   const t = await WebhookTransformer.create({ store: sync, ... });   // a ScriptStore
//   bindRuleEngine(sync, luaEngine);          // predicate rules follow the topic (hot reload)
//
// Tiers, looked up in this order: the local state (every current record, from the topic or
// the Redis snapshot) and the compiled LRU -> Redis (sources by hash) -> script_not_found.
//
// Kafka: the compacted topic is keyed by script id; a null value (tombstone) deletes the id.
// Every worker reads the whole topic from the beginning on start: it joins a consumer group
// of its own (a fresh random group id per consumer incarnation, no offsets ever committed),
// because kafkajs has no manual partition assignment; with a group of one member it is
// assigned every partition. Its read positions are kept in memory: after a broker outage
// the new consumer seeks back to them, so nothing is skipped, and anything read twice is
// ignored (versions only move forward).
//
// Versions: a record's version is its Kafka offset (see record.ts). An update is applied only
// when its version is greater than the one held for that id (same Kafka cluster), so replays,
// duplicates and late Redis writes never move an id back.
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import pino, { type Logger } from "pino";
import { LRUCache } from "lru-cache";
import type { Admin, Consumer, EachBatchPayload, Kafka } from "kafkajs";
import type { ScriptStore, StoredScript } from "../webhook/store.js";
import { ScriptError } from "../errors.js";
import { decodeWire, sha256Hex, BadRecordError, type ScriptRecord, type ScriptMeta } from "./record.js";
import { RedisTier, type RedisTierOptions, type IndexEntry } from "./redis-tier.js";
import { CompiledCache, type CompiledCacheOptions, type CompiledEntry } from "./compiled-cache.js";
import { DEFAULT_TOPIC, ensureScriptTopic, makeKafka, type KafkaConnectOptions, type TopicOptions } from "./kafka.js";

export type KafkaState = "stopped" | "connecting" | "catching_up" | "live" | "down";

export interface ScriptSyncOptions extends KafkaConnectOptions {
  /** The compacted scripts topic (default "moonbox.scripts", or MOONBOX_SCRIPTS_TOPIC). */
  topic?: string;
  /** Settings used when this worker has to create the topic. */
  topicOptions?: TopicOptions;
  /** Redis tier: a RedisTier, its options, or false for none (default: redis://127.0.0.1:6379, or MOONBOX_REDIS_URL). */
  redis?: RedisTier | RedisTierOptions | false;
  /** Compiled-script LRU (size, V8 code cache). */
  compiled?: CompiledCacheOptions;
  /** Also keep V8 code cache data in Redis (default false). */
  redisCodeCache?: boolean;
  /** How long Redis keeps a source no id refers to any more (default 7 days; 0: forever). */
  retiredSourceTtlSec?: number;
  /** Sources fetched from Redis kept locally (default 1000). */
  remoteSourceCacheMax?: number;
  /** Consumer group id prefix (default "moonbox-store"); a random suffix is added per consumer. */
  groupIdPrefix?: string;
  /** Logger for state changes (default: pino on stderr at level MOONBOX_STORE_LOG or "warn"); false: none. */
  logger?: Logger | false;
  /** Compile every record as it arrives (chunk name: its name or "script.lua", as WebhookTransformer compiles it), so the first run finds it ready (default false). */
  precompile?: boolean;
}

export interface StartOptions {
  /** Wait at most this long for the Kafka catch-up (default 10 s); outages never make start() fail. */
  waitMs?: number;
}

/** Why an id went away. */
export interface DeleteInfo {
  id: string;
  /** Version (offset) of the tombstone; -1 when the id was found missing after a full replay (its tombstone was compacted away). */
  version: number;
  /** The record that was deleted. */
  previous: ScriptMeta;
}

export interface Subscriber {
  onUpdate?(id: string, record: ScriptRecord): void | Promise<void>;
  onDelete?(id: string, info: DeleteInfo): void | Promise<void>;
}

export interface SubscribeOptions {
  /** Only ids for which this returns true. */
  filter?: (id: string) => boolean;
  /** Call onUpdate for every current record first (default true). */
  replay?: boolean;
  /** A listener threw or rejected (default: logged). */
  onError?: (err: unknown, id: string) => void;
}

export interface Subscription {
  unsubscribe(): void;
  /** Resolves when every notification so far has been handled. */
  idle(): Promise<void>;
}

export interface SyncStatus {
  kafka: KafkaState;
  /** The initial full read of the topic is done. */
  caughtUp: boolean;
  redis: "up" | "down" | "none";
  /** Kafka cluster id the versions belong to. */
  epoch?: string;
  ids: number;
  /** Next offset to read, per partition. */
  positions: Record<number, number>;
  stats: SyncStats;
}

export interface SyncStats {
  applied: number;
  deleted: number;
  ignoredOld: number;
  badRecords: number;
  redisWrites: number;
  redisWriteFailures: number;
  redisLookups: number;
  kafkaReconnects: number;
}

interface Tomb {
  version: number;
  epoch: string;
}

interface Sub {
  handlers: Subscriber;
  opts: SubscribeOptions;
  chain: Promise<void>;
  active: boolean;
}

const HASH_RE = /^[0-9a-f]{64}$/;

function defaultLogger(): Logger {
  return pino({ name: "moonbox-store", level: process.env.MOONBOX_STORE_LOG ?? "warn" }, pino.destination(2));
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref?.());
}

export class ScriptSync implements ScriptStore {
  readonly topic: string;
  readonly redis: RedisTier | undefined;
  readonly compiled: CompiledCache;
  private readonly ownRedis: boolean;
  private readonly log: Logger | undefined;
  private readonly kafka: Kafka;
  private readonly opts: ScriptSyncOptions;
  private readonly workerId: string;

  // ---- local state
  private readonly records = new Map<string, ScriptRecord>();
  private readonly tombs = new Map<string, Tomb>();
  private readonly hashIds = new Map<string, Set<string>>();
  /** What subscribers were last told, per id ("" = nothing / deleted). */
  private readonly announced = new Map<string, ScriptRecord>();
  private readonly remoteSources: LRUCache<string, Buffer>;
  private readonly subs = new Set<Sub>();
  private readonly waiters = new Set<{ check: () => boolean; resolve: () => void }>();

  // ---- kafka
  private state: KafkaState = "stopped";
  private epoch: string | undefined;
  private readonly positions = new Map<number, number>();
  private fullReplayDone = false;
  private replayTargets: Map<number, { low: number; high: number }> | undefined;
  private replaySeen = new Set<string>();
  private replayDirty = new Set<string>();
  private consumer: Consumer | undefined;
  private admin: Admin | undefined;
  private loop: Promise<void> | undefined;
  private stopping = false;
  private wake: (() => void) | undefined;
  private caughtUpResolve!: () => void;
  private readonly caughtUpPromise: Promise<void>;

  // ---- redis write-through
  private readonly redisDirty = new Set<string>();
  private readonly retired = new Set<string>();
  private flushing: Promise<void> | undefined;
  private snapshotLoaded = false;

  readonly stats: SyncStats = { applied: 0, deleted: 0, ignoredOld: 0, badRecords: 0, redisWrites: 0, redisWriteFailures: 0, redisLookups: 0, kafkaReconnects: 0 };

  constructor(opts: ScriptSyncOptions = {}) {
    this.opts = opts;
    this.topic = opts.topic ?? process.env.MOONBOX_SCRIPTS_TOPIC ?? DEFAULT_TOPIC;
    this.log = opts.logger === false ? undefined : (opts.logger ?? defaultLogger());
    this.workerId = `${hostname()}-${process.pid}-${randomBytes(4).toString("hex")}`;
    this.kafka = makeKafka(opts, `moonbox-store-${this.workerId}`);
    if (opts.redis === false) {
      this.redis = undefined;
      this.ownRedis = false;
    } else if (opts.redis instanceof RedisTier) {
      this.redis = opts.redis;
      this.ownRedis = false;
    } else {
      this.redis = new RedisTier({ url: process.env.MOONBOX_REDIS_URL, ...opts.redis });
      this.ownRedis = true;
    }
    const redis = this.redis;
    this.compiled = new CompiledCache({
      ...opts.compiled,
      codeCacheIO:
        opts.redisCodeCache && redis
          ? {
              get: (sha, rt) => redis.getCodeCache(sha, rt),
              put: (sha, rt, data) => redis.putCodeCache(sha, rt, data, 30 * 24 * 3600),
            }
          : opts.compiled?.codeCacheIO,
    });
    this.remoteSources = new LRUCache({ max: opts.remoteSourceCacheMax ?? 1000 });
    this.caughtUpPromise = new Promise((r) => (this.caughtUpResolve = r));
  }

  // ================================================================ lifecycle

  /**
   * Start: connect Redis and load its snapshot (so this worker serves at once, even with the
   * broker down), then start the Kafka consumer and wait up to `waitMs` for it to catch up.
   * Never rejects for an outage: see status().
   */
  async start(o: StartOptions = {}): Promise<SyncStatus> {
    if (this.loop) return this.status();
    this.stopping = false;
    if (this.redis) {
      this.redis.onReady(() => {
        if (!this.snapshotLoaded && !this.fullReplayDone) this.loadSnapshot().catch(() => undefined);
        this.scheduleFlush();
      });
      if (await this.redis.connect(2000)) await this.loadSnapshot().catch((e) => this.log?.warn({ err: String(e) }, "redis snapshot failed"));
      else this.log?.warn("redis is down: starting without its snapshot");
    }
    this.state = "connecting";
    this.loop = this.kafkaLoop();
    const waitMs = o.waitMs ?? 10_000;
    if (waitMs > 0) await Promise.race([this.caughtUpPromise, sleep(waitMs)]);
    return this.status();
  }

  /** Resolves when the first full read of the topic is done. */
  caughtUp(timeoutMs?: number): Promise<boolean> {
    const p = this.caughtUpPromise.then(() => true);
    return timeoutMs === undefined ? p : Promise.race([p, sleep(timeoutMs).then(() => this.fullReplayDone)]);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.state = "stopped";
    this.wake?.();
    await this.disconnectKafka();
    await this.loop?.catch(() => undefined);
    this.loop = undefined;
    await this.flushing?.catch(() => undefined);
    for (const s of this.subs) await s.chain;
    if (this.redis && this.ownRedis) await this.redis.close();
    this.compiled.dispose();
  }

  status(): SyncStatus {
    return {
      kafka: this.state,
      caughtUp: this.fullReplayDone,
      redis: this.redis ? (this.redis.up ? "up" : "down") : "none",
      epoch: this.epoch,
      ids: this.records.size,
      positions: Object.fromEntries(this.positions),
      stats: { ...this.stats },
    };
  }

  // ================================================================ lookups

  /** ScriptStore: the source with this sha256 (never one that does not hash to it). */
  async get(hash: string): Promise<StoredScript | undefined> {
    const h = String(hash).toLowerCase();
    if (!HASH_RE.test(h)) return undefined;
    const local = this.localByHash(h);
    if (local) return local;
    const remote = this.remoteSources.get(h) ?? this.compiled.peekSource(h);
    if (remote) return { source: remote };
    if (!this.redis) return undefined;
    this.stats.redisLookups++;
    // a Redis failure rejects: the caller reports a retryable store failure
    const src = await this.redis.getSource(h);
    if (src === undefined) return undefined;
    if (sha256Hex(src) !== h) {
      this.log?.error({ hash: h }, "redis holds a source that does not match its hash: ignored");
      return undefined;
    }
    this.remoteSources.set(h, src);
    return { source: src };
  }

  private localByHash(h: string): StoredScript | undefined {
    const ids = this.hashIds.get(h);
    if (!ids) return undefined;
    for (const id of ids) {
      const r = this.records.get(id);
      if (r) return r.name !== undefined ? { source: r.source, name: r.name } : { source: r.source };
    }
    return undefined;
  }

  /**
   * The compiled script with this hash (local LRU, else fetched and compiled with V8 code
   * cache data). Rejects with ScriptError script_not_found (retryable when the store failed)
   * or script_syntax_error.
   */
  async getCompiled(hash: string, chunkName?: string): Promise<CompiledEntry> {
    const h = String(hash).toLowerCase();
    if (chunkName !== undefined) {
      const hit = this.compiled.get(h, chunkName);
      if (hit) return hit;
    }
    let s: StoredScript | undefined;
    try {
      s = await this.get(h);
    } catch (e) {
      throw new ScriptError("script_not_found", `script store failed for ${h}: ${(e as Error)?.message ?? e}`, undefined, undefined, true);
    }
    if (!s) throw new ScriptError("script_not_found", `script ${h} not found`);
    const name = chunkName ?? s.name ?? "script.lua";
    return this.compiled.compile(Buffer.isBuffer(s.source) ? s.source : Buffer.from(s.source as Uint8Array), h, name);
  }

  /** The current record of a script id (local state). */
  getById(id: string): ScriptRecord | undefined {
    return this.records.get(id);
  }

  /** Current ids (optionally filtered). */
  ids(filter?: (id: string) => boolean): string[] {
    const all = [...this.records.keys()];
    return filter ? all.filter(filter) : all;
  }

  list(): ScriptMeta[] {
    return [...this.records.values()].map(({ source: _s, ...m }) => m);
  }

  /** Resolves when `id` is at `version` or later (or, with version -1, deleted). False on timeout. */
  waitFor(id: string, version: number, timeoutMs = 10_000): Promise<boolean> {
    const check = () => {
      if (version < 0) return !this.records.has(id);
      const r = this.records.get(id);
      const t = this.tombs.get(id);
      return (r !== undefined && r.version >= version) || (t !== undefined && t.version >= version);
    };
    if (check()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const w = {
        check,
        resolve: () => {
          clearTimeout(timer);
          resolve(true);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(w);
        resolve(false);
      }, timeoutMs);
      this.waiters.add(w);
    });
  }

  private checkWaiters(): void {
    for (const w of this.waiters) {
      if (w.check()) {
        this.waiters.delete(w);
        w.resolve();
      }
    }
  }

  // ================================================================ subscriptions

  /**
   * Follow script changes: onUpdate(id, record) for every new version, onDelete(id, info)
   * for every removal, in the order they happened, one at a time per subscriber (an async
   * listener finishes before the next call). During the initial replay of the topic only
   * the net result is announced (no old versions flash by).
   */
  subscribe(handlers: Subscriber, opts: SubscribeOptions = {}): Subscription {
    const sub: Sub = { handlers, opts, chain: Promise.resolve(), active: true };
    this.subs.add(sub);
    if (opts.replay !== false) {
      for (const r of this.announced.values()) this.notify(sub, "update", r.id, r);
    }
    return {
      unsubscribe: () => {
        sub.active = false;
        this.subs.delete(sub);
      },
      idle: () => sub.chain,
    };
  }

  onUpdate(fn: (id: string, record: ScriptRecord) => void | Promise<void>, opts?: SubscribeOptions): Subscription {
    return this.subscribe({ onUpdate: fn }, opts);
  }

  onDelete(fn: (id: string, info: DeleteInfo) => void | Promise<void>, opts?: SubscribeOptions): Subscription {
    return this.subscribe({ onDelete: fn }, { replay: false, ...opts });
  }

  /** Resolves when every subscriber has handled every notification so far. */
  async settled(): Promise<void> {
    for (const s of [...this.subs]) await s.chain;
  }

  private notify(sub: Sub, kind: "update" | "delete", id: string, arg: ScriptRecord | DeleteInfo): void {
    if (sub.opts.filter && !sub.opts.filter(id)) return;
    const fn = kind === "update" ? sub.handlers.onUpdate : sub.handlers.onDelete;
    if (!fn) return;
    sub.chain = sub.chain
      .then(() => (sub.active ? (fn as (id: string, a: unknown) => unknown).call(sub.handlers, id, arg) : undefined))
      .then(
        () => undefined,
        (err) => {
          if (sub.opts.onError) sub.opts.onError(err, id);
          else this.log?.error({ id, err: String((err as Error)?.message ?? err) }, "script store subscriber failed");
        },
      );
  }

  /** Tell subscribers what changed for `id` since they were last told. */
  private announce(id: string, tombVersion: number): void {
    const cur = this.records.get(id);
    const prev = this.announced.get(id);
    if (cur) {
      if (prev && prev.version === cur.version && prev.epoch === cur.epoch && prev.hash === cur.hash) return;
      this.announced.set(id, cur);
      for (const s of this.subs) this.notify(s, "update", id, cur);
      // the chunk name WebhookTransformer uses for a script fetched by hash (so it finds this compile)
      if (this.opts.precompile) this.compiled.compile(cur.source, cur.hash, cur.name ?? "script.lua").catch(() => undefined);
    } else if (prev) {
      this.announced.delete(id);
      const { source: _s, ...previous } = prev;
      const info: DeleteInfo = { id, version: tombVersion, previous };
      for (const s of this.subs) this.notify(s, "delete", id, info);
    }
  }

  // ================================================================ applying

  /** True when (version, epoch) is newer than what this worker holds for id. */
  private isNewer(id: string, version: number, epoch: string): boolean {
    const cur = this.records.get(id) ?? this.tombs.get(id);
    if (!cur) return true;
    if (cur.epoch !== epoch) return true; // another cluster's numbering: the current cluster's log wins
    return version > cur.version;
  }

  private setRecord(r: ScriptRecord): void {
    const old = this.records.get(r.id);
    if (old && old.hash !== r.hash) this.unref(old.hash, r.id);
    this.records.set(r.id, r);
    this.tombs.delete(r.id);
    let ids = this.hashIds.get(r.hash);
    if (!ids) this.hashIds.set(r.hash, (ids = new Set()));
    ids.add(r.id);
    this.retired.delete(r.hash);
  }

  private unref(hash: string, id: string): void {
    const ids = this.hashIds.get(hash);
    if (!ids) return;
    ids.delete(id);
    if (ids.size === 0) {
      this.hashIds.delete(hash);
      this.retired.add(hash);
    }
  }

  private setTomb(id: string, t: Tomb): void {
    const old = this.records.get(id);
    if (old) {
      this.records.delete(id);
      this.unref(old.hash, id);
    }
    this.tombs.set(id, t);
  }

  /** Apply one topic record (live or replay). */
  private applyMessage(key: string, value: Buffer | null, offset: number, partition: number, epoch: string): void {
    if (this.replayTargets) this.replaySeen.add(key);
    if (!this.isNewer(key, offset, epoch)) {
      this.stats.ignoredOld++;
      return;
    }
    if (value === null) {
      this.setTomb(key, { version: offset, epoch });
      this.stats.deleted++;
    } else {
      let r: ScriptRecord;
      try {
        r = decodeWire(key, value, offset, partition, epoch);
      } catch (e) {
        this.stats.badRecords++;
        this.log?.error({ id: key, offset, err: (e as Error).message }, e instanceof BadRecordError ? "bad script record ignored" : "script record failed");
        return;
      }
      this.setRecord(r);
      this.stats.applied++;
    }
    this.redisDirty.add(key);
    if (this.replayTargets) {
      this.replayDirty.add(key);
    } else {
      this.announce(key, offset);
    }
  }

  // ================================================================ redis

  /** Load every current record from Redis (before or without Kafka). */
  private async loadSnapshot(): Promise<void> {
    const redis = this.redis!;
    const index = await redis.getIndex(this.topic);
    const live = [...index].filter(([, e]) => !e.deleted && typeof e.hash === "string");
    const sources = await redis.getSources(live.map(([, e]) => e.hash!));
    if (this.fullReplayDone) return; // Kafka got there first: it is the truth
    const changed: string[] = [];
    live.forEach(([id, e], i) => {
      const src = sources[i];
      if (!src || sha256Hex(src) !== e.hash) return; // missing or corrupt: Kafka will bring it
      // once the Kafka cluster is known, entries numbered by another cluster are not used
      if (this.epoch !== undefined && e.epoch !== this.epoch) return;
      if (!this.isNewer(id, e.version, e.epoch)) return;
      this.setRecord({ id, source: src, hash: e.hash!, version: e.version, partition: e.partition, updatedAt: e.updatedAt, ...(e.name !== undefined ? { name: e.name } : {}), epoch: e.epoch });
      changed.push(id);
    });
    for (const [id, e] of index) {
      if (e.deleted && (this.epoch === undefined || e.epoch === this.epoch) && this.isNewer(id, e.version, e.epoch) && !this.records.has(id)) {
        this.tombs.set(id, { version: e.version, epoch: e.epoch });
      }
    }
    this.snapshotLoaded = true;
    this.log?.info({ ids: changed.length }, "loaded the redis snapshot");
    if (this.replayTargets) {
      for (const id of changed) this.replayDirty.add(id);
    } else {
      for (const id of changed) this.announce(id, -1);
    }
    this.checkWaiters();
  }

  private scheduleFlush(): void {
    if (!this.redis || this.flushing || this.replayTargets) return;
    if (this.redisDirty.size === 0 && this.retired.size === 0) return;
    if (!this.redis.up) return; // flushed on the next "ready"
    this.flushing = this.flushRedis()
      .catch((e) => {
        this.stats.redisWriteFailures++;
        this.log?.warn({ err: String((e as Error)?.message ?? e) }, "redis write-through failed; will retry");
      })
      .finally(() => {
        this.flushing = undefined;
        if ((this.redisDirty.size > 0 || this.retired.size > 0) && this.redis?.up && !this.stopping) setTimeout(() => this.scheduleFlush(), 200).unref?.();
      });
  }

  /** Write the current state of every dirty id through to Redis (sources first, then the index). */
  private async flushRedis(): Promise<void> {
    const ids = [...this.redisDirty];
    const retired = [...this.retired];
    // taken now: whatever changes while this flush runs is written by the next one
    this.redisDirty.clear();
    this.retired.clear();
    try {
      await this.writeRedis(ids, retired);
    } catch (e) {
      for (const id of ids) this.redisDirty.add(id);
      for (const h of retired) if (!this.hashIds.has(h)) this.retired.add(h);
      throw e;
    }
    this.stats.redisWrites += ids.length;
  }

  private async writeRedis(ids: string[], retired: string[]): Promise<void> {
    const redis = this.redis!;
    const ttl = this.opts.retiredSourceTtlSec ?? 7 * 24 * 3600;
    // the state to write, taken now: the index must never name a source this flush did not write
    const entries: [string, IndexEntry, ScriptRecord | undefined][] = [];
    for (const id of ids) {
      const r = this.records.get(id);
      const t = this.tombs.get(id);
      if (r) entries.push([id, { hash: r.hash, version: r.version, partition: r.partition, epoch: r.epoch, updatedAt: r.updatedAt, ...(r.name !== undefined ? { name: r.name } : {}) }, r]);
      else if (t) entries.push([id, { hash: null, version: t.version, partition: 0, epoch: t.epoch, updatedAt: Date.now(), deleted: true }, undefined]);
    }
    const expire = retired.filter((h) => !this.hashIds.has(h) && ttl > 0);
    const p = redis.client.pipeline();
    for (const [, , r] of entries) if (r) p.set(redis.scriptKey(r.hash), r.source);
    for (const h of expire) p.expire(redis.scriptKey(h), ttl);
    const res1 = await p.exec();
    for (const [err] of res1 ?? []) if (err) throw err;
    const q = redis.client.pipeline() as any;
    for (const [id, e] of entries) q.moonboxCasIndex(redis.indexKey(this.topic), id, String(e.version), e.epoch, JSON.stringify(e));
    const res2 = await q.exec();
    for (const [err] of res2 ?? []) if (err) throw err;
  }

  // ================================================================ kafka

  private async disconnectKafka(): Promise<void> {
    const c = this.consumer;
    const a = this.admin;
    this.consumer = undefined;
    this.admin = undefined;
    await Promise.all([c?.disconnect().catch(() => undefined), a?.disconnect().catch(() => undefined)]);
  }

  private async kafkaLoop(): Promise<void> {
    let backoff = 250;
    let incarnation = 0;
    while (!this.stopping) {
      let crashed!: Promise<unknown>;
      try {
        if (incarnation++ > 0) this.stats.kafkaReconnects++;
        this.state = this.state === "live" || this.state === "catching_up" ? "down" : this.state;
        const admin = this.kafka.admin();
        this.admin = admin;
        await admin.connect();
        const cluster = await admin.describeCluster();
        if (this.epoch !== undefined && this.epoch !== cluster.clusterId) {
          // a different cluster (re-created broker): its offsets start over; read it all
          this.log?.warn({ was: this.epoch, now: cluster.clusterId }, "kafka cluster id changed: reading the topic from the beginning");
          this.positions.clear();
        }
        this.epoch = cluster.clusterId;
        const t = await ensureScriptTopic(admin, this.topic, this.opts.topicOptions);
        if (!t.cleanupPolicy.split(",").includes("compact")) {
          this.log?.error({ topic: this.topic, cleanupPolicy: t.cleanupPolicy }, "the scripts topic is not compacted: old scripts may be deleted by retention");
        }
        const offsets = await admin.fetchTopicOffsets(this.topic);
        const full = this.positions.size === 0;
        if (full && !this.fullReplayDone) {
          // the first full read: collect the net result, announce it at the end
          const targets = new Map<number, { low: number; high: number }>();
          for (const o of offsets) targets.set(o.partition, { low: Number(o.low), high: Number(o.high) });
          this.replayTargets = targets;
          this.replaySeen = new Set();
          this.state = "catching_up";
        } else if (full) {
          // a new cluster after we were caught up: read it all, announcing as we go
          this.state = "catching_up";
        }
        for (const o of offsets) if (!this.positions.has(o.partition) && !full) this.positions.set(o.partition, Number(o.low));
        const groupId = `${this.opts.groupIdPrefix ?? "moonbox-store"}-${this.workerId}-${incarnation}`;
        const consumer = this.kafka.consumer({
          groupId,
          allowAutoTopicCreation: false,
          sessionTimeout: 10_000,
          rebalanceTimeout: 10_000,
          heartbeatInterval: 1000,
          maxWaitTimeInMs: 200,
          retry: { retries: 4, initialRetryTime: 200, maxRetryTime: 2000, restartOnFailure: async () => false },
        });
        this.consumer = consumer;
        crashed = new Promise((resolve) => {
          consumer.on(consumer.events.CRASH, (e) => resolve(e.payload.error));
          this.wake = () => resolve(undefined);
        });
        consumer.on(consumer.events.GROUP_JOIN, (e) => {
          // back to where this worker was (after an outage); else from the beginning
          const mine = e.payload.memberAssignment[this.topic] ?? [];
          for (const p of mine) {
            const pos = this.positions.get(p);
            if (pos !== undefined) consumer.seek({ topic: this.topic, partition: p, offset: String(pos) });
          }
        });
        await consumer.connect();
        await consumer.subscribe({ topics: [this.topic], fromBeginning: true });
        await consumer.run({ autoCommit: false, eachBatchAutoResolve: true, eachBatch: (b) => this.onBatch(b) });
        this.state = this.replayTargets || this.state === "catching_up" ? "catching_up" : "live";
        this.log?.info({ topic: this.topic, groupId, positions: Object.fromEntries(this.positions) }, "kafka consumer running");
        this.checkCaughtUp();
        backoff = 250;
        const err = await crashed;
        if (this.stopping) break;
        this.log?.warn({ err: String((err as Error)?.message ?? err) }, "kafka consumer stopped; reconnecting");
      } catch (e) {
        if (this.stopping) break;
        this.log?.warn({ err: String((e as Error)?.message ?? e) }, "kafka unavailable; serving from the local state and redis, retrying");
      }
      this.state = "down";
      await this.disconnectKafka();
      if (this.stopping) break;
      await sleep(backoff);
      backoff = Math.min(backoff * 2, 3000);
    }
  }

  private async onBatch({ batch }: EachBatchPayload): Promise<void> {
    if (this.stopping) return;
    const epoch = this.epoch!;
    const p = batch.partition;
    for (const m of batch.messages) {
      const offset = Number(m.offset);
      const pos = this.positions.get(p);
      if (pos !== undefined && offset < pos) continue; // read before (re-delivery after a seek)
      if (m.key === null) {
        this.stats.badRecords++;
        this.log?.error({ offset }, "script record without a key ignored");
      } else {
        this.applyMessage(m.key.toString("utf8"), m.value, offset, p, epoch);
      }
      this.positions.set(p, offset + 1);
    }
    const hw = Number(batch.highWatermark);
    if (batch.messages.length === 0 && Number.isFinite(hw)) {
      const last = Number(batch.lastOffset());
      if (Number.isFinite(last) && last + 1 > (this.positions.get(p) ?? 0)) this.positions.set(p, last + 1);
    }
    if (this.replayTargets) this.checkCaughtUp();
    else {
      this.checkWaiters();
      this.scheduleFlush();
    }
  }

  private checkCaughtUp(): void {
    if (this.replayTargets) {
      for (const [p, { low, high }] of this.replayTargets) {
        if ((this.positions.get(p) ?? low) < high) return;
      }
      this.finishReplay();
    } else if (this.state === "catching_up") {
      this.state = "live";
    }
  }

  /** The first full read is done: drop ids the topic no longer has, announce the net changes. */
  private finishReplay(): void {
    this.replayTargets = undefined;
    const dirty = this.replayDirty;
    this.replayDirty = new Set();
    // ids known from the Redis snapshot that the whole topic does not mention any more were
    // deleted (their tombstones compacted away)
    for (const [id, r] of [...this.records]) {
      if (!this.replaySeen.has(id)) {
        this.setTomb(id, { version: r.version, epoch: r.epoch });
        this.removeFromRedisIndex(id, r);
        dirty.add(id);
      }
    }
    this.replaySeen = new Set();
    this.fullReplayDone = true;
    this.state = "live";
    for (const id of dirty) this.announce(id, this.tombs.get(id)?.version ?? -1);
    this.log?.info({ ids: this.records.size, positions: Object.fromEntries(this.positions) }, "caught up with the scripts topic");
    this.caughtUpResolve();
    this.checkWaiters();
    this.scheduleFlush();
  }

  private removeFromRedisIndex(id: string, r: ScriptRecord): void {
    const redis = this.redis;
    this.redisDirty.delete(id);
    if (!redis || !redis.up) return;
    // only if the entry is still the one we loaded
    const lua = `local c = redis.call('HGET', KEYS[1], ARGV[1]) if c then local ok, e = pcall(cjson.decode, c) if ok and type(e) == 'table' and e.epoch == ARGV[2] and tonumber(e.version) == tonumber(ARGV[3]) then redis.call('HDEL', KEYS[1], ARGV[1]) return 1 end end return 0`;
    redis.client.eval(lua, 1, redis.indexKey(this.topic), id, r.epoch, String(r.version)).catch(() => undefined);
    const ttl = this.opts.retiredSourceTtlSec ?? 7 * 24 * 3600;
    if (!this.hashIds.has(r.hash) && ttl > 0) redis.retireSource(r.hash, ttl).catch(() => undefined);
  }
}

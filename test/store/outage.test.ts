// Outages, for real: a Kafka broker of this test's own is stopped and restarted mid-stream,
// and a redis-server of its own is killed and restarted. Workers keep serving from their local
// state and Redis, catch up when the broker returns, and never lose an update or apply one
// out of order.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { ScriptSync, ScriptPublisher, RedisTier, sha256Hex, type ScriptSyncOptions } from "../../src/store/index.js";
import { sharedBroker, OwnBroker, OwnRedis, uniq, until, sleep } from "./env.js";

const shared = await sharedBroker();
const KPORT = Number(process.env.MOONBOX_TEST_KAFKA_OUTAGE_PORT ?? 19392);
const RPORT = Number(process.env.MOONBOX_TEST_REDIS_OUTAGE_PORT ?? 6391);

describe.skipIf(!!shared.missing)("outages (own broker, own redis-server)", () => {
  const broker = new OwnBroker(KPORT);
  const redisServer = new OwnRedis(RPORT);
  const cleanup: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    await Promise.all([broker.start(), redisServer.start()]);
  }, 240_000);
  afterAll(async () => {
    for (const f of cleanup.reverse()) await f().catch(() => undefined);
    await redisServer.destroy();
    await broker.destroy();
  }, 60_000);

  function setup() {
    const topic = uniq("t-outage");
    const prefix = `${uniq("moonbox-outage")}:`;
    const pub = new ScriptPublisher({ brokers: [broker.bootstrap], topic });
    cleanup.push(() => pub.close());
    const worker = (extra: Partial<ScriptSyncOptions> = {}) => {
      const w = new ScriptSync({ brokers: [broker.bootstrap], topic, redis: { url: redisServer.url, prefix }, logger: false, ...extra });
      cleanup.push(() => w.stop());
      return w;
    };
    return { topic, prefix, pub, worker };
  }

  /** Record every notification of a worker as "id@version" / "id-@version". */
  function journal(w: ScriptSync): string[] {
    const j: string[] = [];
    w.subscribe({ onUpdate: (id, r) => void j.push(`${id}@${r.version}`), onDelete: (id, i) => void j.push(`${id}-@${i.version}`) });
    return j;
  }

  it(
    "broker restart mid-stream: running workers keep serving, catch up, lose nothing, keep order",
    async () => {
      const { pub, worker } = setup();
      const w1 = worker();
      const j1 = journal(w1);
      await w1.start();
      const before: number[] = [];
      for (let i = 0; i < 5; i++) before.push((await pub.publish("r", `return ${i}`)).version);
      await w1.waitFor("r", before[4]);
      const hashBefore = w1.getById("r")!.hash;

      await broker.stop();
      await until(() => w1.status().kafka !== "live", 30_000, "the worker to notice the outage");
      // served from the local state while the broker is away
      expect((await w1.get(hashBefore))?.source.toString()).toBe("return 4");
      expect(w1.getById("r")!.version).toBe(before[4]);

      // a second worker starts while the broker is down: it serves from Redis
      const w2 = worker();
      const j2 = journal(w2);
      const st = await w2.start({ waitMs: 1500 });
      expect(st.caughtUp).toBe(false);
      expect(st.kafka).not.toBe("live");
      expect(w2.getById("r")?.version).toBe(before[4]);
      expect((await w2.get(hashBefore))?.source.toString()).toBe("return 4");

      await broker.start();
      // publish a burst as soon as the broker is back (workers are still reconnecting)
      const pub2 = new ScriptPublisher({ brokers: [broker.bootstrap], topic: pub.topic });
      cleanup.push(() => pub2.close());
      const after: number[] = [];
      for (let i = 5; i < 25; i++) after.push((await pub2.publish("r", `return ${i}`)).version);
      const del = await pub2.delete("gone-before-start");
      const last = await pub2.publish("s", "return 's'");
      for (const w of [w1, w2]) {
        expect(await w.waitFor("s", last.version, 60_000)).toBe(true);
        await w.settled();
        expect(w.getById("r")!.source.toString()).toBe("return 24");
        expect(w.status().kafka).toBe("live");
      }
      // w1 saw every version exactly once, in order
      expect(j1).toEqual([...before, ...after].map((v) => `r@${v}`).concat([`s@${last.version}`]));
      // w2 started from Redis (r@4); its first read of the topic announces net results, so it
      // may skip versions, but only ever moves forward and ends on the last one
      expect(j2[0]).toBe(`r@${before[4]}`);
      const rs = j2.filter((e) => e.startsWith("r@")).map((e) => Number(e.slice(2)));
      for (let i = 1; i < rs.length; i++) expect(rs[i]).toBeGreaterThan(rs[i - 1]);
      expect(rs.at(-1)).toBe(after.at(-1));
      expect(j2).toContain(`s@${last.version}`);
      expect(del.version).toBeGreaterThan(0);
      expect(w1.status().stats.kafkaReconnects).toBeGreaterThanOrEqual(1);
    },
    180_000,
  );

  it(
    "a worker that starts with the broker down and Redis empty serves nothing, then catches up",
    async () => {
      const { pub, worker } = setup();
      const r = await pub.publish("late", "return 'late'");
      await broker.stop();
      const w = worker();
      const j = journal(w);
      const st = await w.start({ waitMs: 1000 });
      expect(st.caughtUp).toBe(false);
      expect(await w.get(r.hash)).toBeUndefined(); // neither tier has it: script_not_found
      await expect(w.getCompiled(r.hash)).rejects.toMatchObject({ type: "script_not_found", retryable: false });
      await broker.start();
      expect(await w.caughtUp(60_000)).toBe(true);
      await w.settled();
      expect(j).toEqual([`late@${r.version}`]);
      expect((await w.get(r.hash))?.source.toString()).toBe("return 'late'");
    },
    180_000,
  );

  it(
    "Redis outage mid-stream: Kafka updates still apply, unknown hashes fail retryably, Redis is written through when it returns",
    async () => {
      const { topic, pub, worker, prefix } = setup();
      const w = worker();
      await w.start();
      const r1 = await pub.publish("x", "return 1");
      await w.waitFor("x", r1.version);
      const oldOnlyInRedis = Buffer.from("return 'old'");
      const tier = new RedisTier({ url: redisServer.url, prefix });
      cleanup.push(() => tier.close());
      await tier.putSource(sha256Hex(oldOnlyInRedis), oldOnlyInRedis);
      expect((await w.get(sha256Hex(oldOnlyInRedis)))?.source.toString()).toBe("return 'old'"); // now cached locally too

      await redisServer.stop();
      await until(() => w.status().redis === "down", 10_000, "redis down");
      const r2 = await pub.publish("x", "return 2");
      const r3 = await pub.publish("y", "return 3");
      expect(await w.waitFor("y", r3.version)).toBe(true);
      // local state serves what Kafka brought
      expect((await w.get(r2.hash))?.source.toString()).toBe("return 2");
      expect((await w.get(sha256Hex(oldOnlyInRedis)))?.source.toString()).toBe("return 'old'");
      // a hash nobody has locally: the store failed (not "not found"): retryable
      const t0 = Date.now();
      await expect(w.get(sha256Hex("return 'who knows'"))).rejects.toThrow();
      await expect(w.getCompiled(sha256Hex("return 'who knows'"))).rejects.toMatchObject({ type: "script_not_found", retryable: true });
      expect(Date.now() - t0).toBeLessThan(3000);

      // Redis comes back empty (no persistence): the worker writes its state through again
      await redisServer.start();
      await until(async () => {
        try {
          const idx = await tier.getIndex(topic);
          return idx.get("x")?.version === r2.version && idx.get("y")?.version === r3.version;
        } catch {
          return false;
        }
      }, 20_000, "write-through after the outage");
      expect((await tier.getSource(r2.hash))!.toString()).toBe("return 2");
      expect((await tier.getSource(r3.hash))!.toString()).toBe("return 3");
      expect(w.status().redis).toBe("up");
    },
    120_000,
  );

  it(
    "both down: a worker keeps serving what it holds; both back: it converges",
    async () => {
      const { pub, worker } = setup();
      const w = worker();
      await w.start();
      const r1 = await pub.publish("z", "return 1");
      await w.waitFor("z", r1.version);
      await Promise.all([broker.stop(), redisServer.stop()]);
      expect((await w.get(r1.hash))?.source.toString()).toBe("return 1");
      await sleep(500);
      await Promise.all([broker.start(), redisServer.start()]);
      const r2 = await pub.publish("z", "return 2");
      expect(await w.waitFor("z", r2.version, 60_000)).toBe(true);
      expect(w.getById("z")!.source.toString()).toBe("return 2");
    },
    180_000,
  );
});

// The script store against a REAL Kafka broker and REAL Redis: publishing, the compacted
// topic, catch-up from the beginning, ordering and versions, tombstones, the Redis tier,
// hash verification. (Outages: outage.test.ts. Engines: reload.test.ts.)
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { Kafka, logLevel } from "kafkajs";
import { ScriptSync, ScriptPublisher, RedisTier, sha256Hex, encodeWire, type ScriptRecord } from "../../src/store/index.js";
import { ScriptError } from "../../src/errors.js";
import { sharedBroker, uniq, until, sleep } from "./env.js";

const broker = await sharedBroker();
const BROKERS = [broker.bootstrap];
const REDIS_URL = process.env.MOONBOX_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

describe.skipIf(!!broker.missing)("script store (real Kafka, real Redis)", () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  const admin = new Kafka({ brokers: BROKERS, clientId: "moonbox-test-admin", logLevel: logLevel.NOTHING }).admin();
  beforeAll(() => admin.connect());
  afterAll(async () => {
    for (const f of cleanup.reverse()) await f().catch(() => undefined);
    await admin.disconnect();
  });

  function env() {
    const topic = uniq("t-store");
    const prefix = `${uniq("moonbox-test")}:`;
    const pub = new ScriptPublisher({ brokers: BROKERS, topic });
    cleanup.push(() => admin.deleteTopics({ topics: [topic] }));
    cleanup.push(() => pub.close());
    const worker = (extra: Partial<ConstructorParameters<typeof ScriptSync>[0]> = {}) => {
      const w = new ScriptSync({ brokers: BROKERS, topic, redis: { url: REDIS_URL, prefix }, logger: false, ...extra });
      cleanup.push(() => w.stop());
      return w;
    };
    const redis = new RedisTier({ url: REDIS_URL, prefix });
    cleanup.push(async () => {
      const keys = await redis.client.keys(`${prefix}*`).catch(() => [] as string[]);
      if (keys.length) await redis.client.del(...keys);
      await redis.close();
    });
    return { topic, prefix, pub, worker, redis };
  }


  it("creates the topic compacted, and publishes keyed by id with the offset as version", async () => {
    const { topic, pub } = env();
    const r1 = await pub.publish("cfg_1", "return 1");
    const r2 = await pub.publish("cfg_1", "return 2");
    expect(r1.hash).toBe(sha256Hex("return 1"));
    expect(r2.version).toBeGreaterThan(r1.version);
    const cfg = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: 2, name: topic, configNames: ["cleanup.policy"] }] });
    expect(cfg.resources[0].configEntries.find((e) => e.configName === "cleanup.policy")?.configValue).toBe("compact");
    const offsets = await admin.fetchTopicOffsets(topic);
    expect(offsets.map((o) => Number(o.high))).toEqual([r2.version + 1]);
  });

  it("never publishes a script that does not validate", async () => {
    const { topic, pub } = env();
    await pub.publish("ok", "return 1");
    const before = Number((await admin.fetchTopicOffsets(topic))[0].high);
    for (const bad of ["return (", "local x = = 1", "x = 'unterminated", "goto = 1 +"]) {
      const e = await pub.publish("bad", bad).catch((e) => e);
      expect(e).toBeInstanceOf(ScriptError);
      expect((e as ScriptError).type).toBe("script_syntax_error");
    }
    await expect(pub.publish("", "return 1")).rejects.toThrow(/id/);
    expect(Number((await admin.fetchTopicOffsets(topic))[0].high)).toBe(before);
  });

  it("a worker reads the topic from the beginning and announces only the net result", async () => {
    const { pub, worker } = env();
    await pub.publish("a", "return 'a1'");
    await pub.publish("b", "return 'b1'");
    await pub.publish("a", "return 'a2'");
    const c = await pub.publish("c", "return 'c1'");
    await pub.delete("c");
    const last = await pub.publish("a", "return 'a3'");
    const w = worker();
    const seen: string[] = [];
    w.subscribe({ onUpdate: (id, r) => void seen.push(`+${id}:${r.source}`), onDelete: (id) => void seen.push(`-${id}`) });
    const st = await w.start({ waitMs: 20_000 });
    expect(st.caughtUp).toBe(true);
    expect(st.kafka).toBe("live");
    await w.settled();
    expect(seen.sort()).toEqual(["+a:return 'a3'", "+b:return 'b1'"]);
    expect(w.getById("a")!.version).toBe(last.version);
    expect(w.getById("c")).toBeUndefined();
    expect(w.ids().sort()).toEqual(["a", "b"]);
    // deleted before this worker (or any) held it: its hash is not served
    expect(await w.get(c.hash)).toBeUndefined();
  });

  it("applies live updates in order, to every worker, and deletes on a tombstone", async () => {
    const { pub, worker } = env();
    const w1 = worker();
    const w2 = worker();
    const logs: Record<string, string[]> = { w1: [], w2: [] };
    for (const [name, w] of [["w1", w1], ["w2", w2]] as const) {
      w.subscribe({ onUpdate: (id, r) => void logs[name].push(`${id}@${r.version}`), onDelete: (id, i) => void logs[name].push(`${id}-@${i.version}`) });
    }
    await Promise.all([w1.start(), w2.start()]);
    const vs: number[] = [];
    for (let i = 0; i < 20; i++) vs.push((await pub.publish("rule", `return ${i}`)).version);
    const del = await pub.delete("rule");
    const again = await pub.publish("rule", "return 'back'");
    for (const w of [w1, w2]) {
      expect(await w.waitFor("rule", again.version, 15_000)).toBe(true);
      await w.settled();
    }
    const expected = [...vs.map((v) => `rule@${v}`), `rule-@${del.version}`, `rule@${again.version}`];
    expect(logs.w1).toEqual(expected);
    expect(logs.w2).toEqual(expected);
    expect(w1.getById("rule")!.source.toString()).toBe("return 'back'");
  });

  it("serves sources by hash: local, then Redis (verified), else not found", async () => {
    const { pub, worker, redis } = env();
    const w = worker();
    await w.start();
    const r = await pub.publish("x", "return 'x'");
    await w.waitFor("x", r.version);
    expect((await w.get(r.hash))?.source.toString()).toBe("return 'x'");
    expect((await w.get(r.hash.toUpperCase()))?.source.toString()).toBe("return 'x'");
    // a hash only Redis has (an old version, or a worker that has not read it yet)
    const onlyRedis = Buffer.from("return 'only in redis'");
    await redis.putSource(sha256Hex(onlyRedis), onlyRedis);
    expect((await w.get(sha256Hex(onlyRedis)))?.source.equals(onlyRedis)).toBe(true);
    // a source that does not match the hash it is stored under is never returned
    const evil = sha256Hex("return 'the real one'");
    await redis.putSource(evil, Buffer.from("os.exit() -- swapped"));
    expect(await w.get(evil)).toBeUndefined();
    await expect(w.getCompiled(evil)).rejects.toMatchObject({ type: "script_not_found", retryable: false });
    // unknown, and malformed hashes
    expect(await w.get(sha256Hex("nobody published this"))).toBeUndefined();
    expect(await w.get("not-a-hash")).toBeUndefined();
  });

  it("ignores records whose source does not match their hash, and malformed ones", async () => {
    const { topic, pub, worker } = env();
    const producer = new Kafka({ brokers: BROKERS, clientId: "moonbox-test-raw", logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
    try {
      const good = await pub.publish("id1", "return 'good'");
      const forged = JSON.parse(encodeWire("id1", Buffer.from("return 'good'"), Date.now()).toString());
      forged.source = "return 'forged'"; // claims the good hash
      await producer.send({ topic, messages: [{ key: "id1", value: JSON.stringify(forged) }] });
      await producer.send({ topic, messages: [{ key: "id1", value: "not json" }] });
      await producer.send({ topic, messages: [{ key: "id2", value: encodeWire("other-id", Buffer.from("return 1"), Date.now()) }] });
      const end = await pub.publish("end", "return 'end'");
      const w = worker();
      await w.start();
      expect(await w.waitFor("end", end.version)).toBe(true);
      expect(w.getById("id1")!.source.toString()).toBe("return 'good'");
      expect(w.getById("id1")!.version).toBe(good.version);
      expect(w.getById("id2")).toBeUndefined();
      expect(w.status().stats.badRecords).toBe(3);
    } finally {
      await producer.disconnect();
    }
  });

  it("writes through to Redis with compare-and-set versions (a late or replaying writer never regresses an id)", async () => {
    const { topic, pub, worker, redis } = env();
    const w = worker();
    await w.start();
    const r1 = await pub.publish("k", "return 1");
    const r2 = await pub.publish("k", "return 2");
    await w.waitFor("k", r2.version);
    await until(async () => (await redis.getIndex(topic)).get("k")?.version === r2.version, 10_000, "redis index");
    const idx = (await redis.getIndex(topic)).get("k")!;
    expect(idx).toMatchObject({ hash: r2.hash, version: r2.version, epoch: w.status().epoch });
    expect((await redis.getSource(r2.hash))!.toString()).toBe("return 2");
    // an older version (a worker replaying the topic) is refused
    expect(await redis.casIndex(topic, "k", { ...idx, hash: r1.hash, version: r1.version })).toBe(false);
    expect((await redis.getIndex(topic)).get("k")!.hash).toBe(r2.hash);
    // the superseded source stays a while (queued jobs), with an expiry
    await until(async () => (await redis.client.ttl(redis.scriptKey(r1.hash))) > 0, 10_000, "expiry on the old source");
    expect(await redis.client.ttl(redis.scriptKey(r2.hash))).toBe(-1);
    // a second worker replaying from the beginning leaves Redis at the latest version
    const w2 = worker();
    await w2.start();
    await w2.settled();
    await sleep(300);
    expect((await redis.getIndex(topic)).get("k")!.version).toBe(r2.version);
  });

  it("starts from the Redis snapshot, then drops ids the topic no longer has (tombstone compacted away)", async () => {
    const { topic, pub, worker, redis } = env();
    const live = await pub.publish("live", "return 'live'");
    const w0 = worker();
    await w0.start();
    await until(async () => (await redis.getIndex(topic)).has("live"), 10_000, "index");
    // an id that Redis remembers but that the topic no longer mentions at all
    const ghost = Buffer.from("return 'ghost'");
    await redis.putSource(sha256Hex(ghost), ghost);
    await redis.casIndex(topic, "ghost", { hash: sha256Hex(ghost), version: 0, partition: 0, epoch: w0.status().epoch!, updatedAt: Date.now() });
    const w = worker();
    const events: string[] = [];
    w.subscribe({ onUpdate: (id) => void events.push(`+${id}`), onDelete: (id) => void events.push(`-${id}`) });
    await w.start();
    await w.settled();
    // the snapshot is announced at once (in no particular order), the replay's verdict after
    expect(events.slice(0, 2).sort()).toEqual(["+ghost", "+live"]);
    expect(events.slice(2)).toEqual(["-ghost"]);
    expect(w.ids()).toEqual(["live"]);
    expect(w.getById("live")!.version).toBe(live.version);
    await until(async () => !(await redis.getIndex(topic)).has("ghost"), 10_000, "ghost removed from the index");
  });

  it("keeps binary sources byte for byte and UTF-8 sources readable on the topic", async () => {
    const { topic, pub, worker } = env();
    const bin = Buffer.concat([Buffer.from("return '"), Buffer.from([0xff, 0xfe, 0x80]), Buffer.from("'")]);
    const rb = await pub.publish("bin", bin);
    const ru = await pub.publish("utf", "return 'héllo ☃'");
    const w = worker();
    await w.start();
    expect(w.getById("bin")!.source.equals(bin)).toBe(true);
    expect(w.getById("bin")!.hash).toBe(rb.hash);
    expect(w.getById("utf")!.source.toString("utf8")).toBe("return 'héllo ☃'");
    expect(ru.hash).toBe(sha256Hex(Buffer.from("return 'héllo ☃'", "utf8")));
    const c = new Kafka({ brokers: BROKERS, clientId: "moonbox-test-peek", logLevel: logLevel.NOTHING }).consumer({ groupId: uniq("peek") });
    await c.connect();
    await c.subscribe({ topic, fromBeginning: true });
    const values: string[] = [];
    await c.run({ eachMessage: async ({ message }) => void values.push(message.value!.toString()) });
    await until(() => values.length >= 2, 10_000, "peek");
    await c.disconnect();
    expect(JSON.parse(values[1])).toMatchObject({ id: "utf", enc: "utf8", source: "return 'héllo ☃'" });
    expect(JSON.parse(values[0])).toMatchObject({ id: "bin", enc: "base64" });
  });

  it("compiles through the local LRU with V8 code cache data, keyed by hash and runtime", async () => {
    const { pub, worker } = env();
    const w = worker({ redisCodeCache: true });
    await w.start();
    const src = "local t = {} for i = 1, 10 do t[i] = i * i end return t[10]";
    const r = await pub.publish("cc", src);
    await w.waitFor("cc", r.version);
    const e1 = await w.getCompiled(r.hash, "cc.lua");
    expect(e1.chunk.hash).toBe(r.hash);
    expect(e1.codeCacheBytes).toBeGreaterThan(0);
    expect(["produced", "redis", "engine"]).toContain(e1.codeCacheFrom);
    expect(await w.getCompiled(r.hash, "cc.lua")).toBe(e1);
    // the code cache was shared through Redis, keyed by the JS code's sha256 and the runtime key
    const { runtimeKey } = await import("../../src/store/index.js");
    const { createHash } = await import("node:crypto");
    const codeSha = createHash("sha256").update(e1.chunk.code).digest("hex");
    await until(async () => (await w.redis!.getCodeCache(codeSha, runtimeKey())) !== undefined, 5000, "code cache in redis");
    expect(await w.redis!.getCodeCache(codeSha, "another-runtime")).toBeUndefined();
  });

  it("waits for, and reports, state", async () => {
    const { pub, worker } = env();
    const w = worker();
    await w.start();
    expect(await w.waitFor("never", 5, 200)).toBe(false);
    const r = await pub.publish("s", "return 1");
    expect(await w.waitFor("s", r.version, 10_000)).toBe(true);
    const st = w.status();
    expect(st).toMatchObject({ kafka: "live", caughtUp: true, redis: "up", ids: 1 });
    expect(st.positions[0]).toBe(r.version + 1);
    const all: ScriptRecord[] = [];
    w.onUpdate((_id, rec) => void all.push(rec));
    await w.settled();
    expect(all.map((x) => x.id)).toEqual(["s"]);
  });
});

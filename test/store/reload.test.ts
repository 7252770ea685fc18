// Hot reload through the store into the real engines (real Kafka, real Redis):
// - predicate rules: bindRuleEngine(sync, LuaEngine) follows the topic; batches already
//   running finish on the version they started with;
// - webhook scripts: ScriptSync is the WebhookTransformer's ScriptStore; a job names a script by
//   hash; a config id resolves to the current hash.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { ScriptSync, ScriptPublisher, RedisTier, bindRuleEngine, sha256Hex, type RuleBindingEvent } from "../../src/store/index.js";
import { LuaEngine, SchemaRegistry, Event, TypedValue } from "../../src/predicate/index.js";
import { WebhookTransformer } from "../../src/webhook/index.js";
import { sharedBroker, uniq, until } from "./env.js";

const broker = await sharedBroker();
const BROKERS = [broker.bootstrap];
const REDIS_URL = process.env.MOONBOX_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

const META = { webhook_id: "01HZY3J5K8M9N0P1Q2R3S4T5V6", config_id: "cfg_1", attempt: 0, max_attempts: 5, created_at: "2024-05-01T12:00:00Z" };

describe.skipIf(!!broker.missing)("hot reload into the engines", () => {
  const topic = uniq("t-reload");
  const prefix = `${uniq("moonbox-reload")}:`;
  let pub: ScriptPublisher;
  let sync: ScriptSync;
  let engine: LuaEngine;
  let transformer: WebhookTransformer;
  const schema = new SchemaRegistry();
  schema.register("executable", "string", 1);

  beforeAll(async () => {
    pub = new ScriptPublisher({ brokers: BROKERS, topic });
    sync = new ScriptSync({ brokers: BROKERS, topic, redis: { url: REDIS_URL, prefix }, logger: false });
    await sync.start();
    engine = await LuaEngine.create({ instructionLimit: 1e9 }, schema, { isolation: "inline", poolSize: 1 });
    transformer = await WebhookTransformer.create({ config: { enabled: true, poolSize: 1, timeoutMs: 2000, memoryLimitMb: 32 }, isolation: "inline", store: sync, logger: false });
  }, 60_000);
  afterAll(async () => {
    await pub?.close();
    await sync?.stop();
    const { Kafka, logLevel } = await import("kafkajs");
    const admin = new Kafka({ brokers: BROKERS, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
    await engine?.dispose();
    await transformer?.dispose();
    const r = new RedisTier({ url: REDIS_URL, prefix });
    const keys = await r.client.keys(`${prefix}*`).catch(() => [] as string[]);
    if (keys.length) await r.client.del(...keys);
    await r.close();
  });

  const ev = (exe: string) => Event.builder().eventType(1).tsMono(1).tsWall(1n).entityKey(1).field(1, TypedValue.String(exe)).build();
  const events = (n: number) => Array.from({ length: n }, (_, i) => ev(i % 2 ? "/tmp/x.sh" : "/usr/bin/ls"));

  it("predicate rules load, reload and unload as they are published; in-flight batches keep their version", async () => {
    const log: RuleBindingEvent[] = [];
    const binding = bindRuleEngine(sync, engine, { filter: (id) => id.startsWith("rule/"), onEvent: (e) => void log.push(e) });
    try {
      // v1 matches /tmp/ executables
      const v1 = await pub.publish("rule/tmp", `return function(event) local e = event:get_str(1) return e ~= nil and string.contains(e, "/tmp/") end`);
      await pub.publish("cfg_other", "return 1"); // not a rule: ignored by the binding
      await sync.waitFor("rule/tmp", v1.version);
      await binding.idle();
      expect(engine.hasRule("rule/tmp")).toBe(true);
      expect(engine.hasRule("cfg_other")).toBe(false);
      let r = await engine.evaluateBatch(events(10));
      expect(r.matchCount("rule/tmp")).toBe(5);

      // a slow batch starts on v1 ...
      const slowSrc = `return function(event) local x = 0 for i = 1, 200000 do x = x + i end local e = event:get_str(1) return e ~= nil and string.contains(e, "/tmp/") end`;
      const vSlow = await pub.publish("rule/tmp", slowSrc);
      await sync.waitFor("rule/tmp", vSlow.version);
      await binding.idle();
      const inflight = engine.evaluateBatch(events(200));
      // ... while v2 (match everything) is published and loaded
      const v2 = await pub.publish("rule/tmp", `return function(event) return true end`);
      await sync.waitFor("rule/tmp", v2.version);
      await binding.idle();
      const old = await inflight;
      expect(old.matchCount("rule/tmp")).toBe(100); // finished on the version it started with
      r = await engine.evaluateBatch(events(10));
      expect(r.matchCount("rule/tmp")).toBe(10);
      expect(binding.loaded().get("rule/tmp")).toEqual({ version: v2.version, hash: v2.hash });

      // a version that validates but does not load (returns no function): the engine keeps v2
      const bad = await pub.publish("rule/tmp", `return 42`);
      await sync.waitFor("rule/tmp", bad.version);
      await binding.idle();
      expect(log.at(-1)).toMatchObject({ kind: "failed", ruleId: "rule/tmp", version: bad.version });
      r = await engine.evaluateBatch(events(4));
      expect(r.matchCount("rule/tmp")).toBe(4);

      // delete: the rule goes away
      const del = await pub.delete("rule/tmp");
      await sync.waitFor("rule/tmp", -1);
      await binding.idle();
      expect(engine.hasRule("rule/tmp")).toBe(false);
      expect(log.at(-1)).toMatchObject({ kind: "removed", ruleId: "rule/tmp", version: del.version });
      expect(log.map((e) => e.kind)).toEqual(["loaded", "loaded", "loaded", "failed", "removed"]);
    } finally {
      binding.unsubscribe();
    }
  }, 60_000);

  it("a second engine bound later gets every current rule (replay), then follows", async () => {
    const a = await pub.publish("rule/a", `return function(event) return true end`);
    const b = await pub.publish("rule/b", `return function(event) return false end`);
    await sync.waitFor("rule/b", b.version);
    const e2 = await LuaEngine.create({}, schema, { isolation: "inline", poolSize: 1 });
    try {
      const binding = bindRuleEngine(sync, e2, { filter: (id) => id.startsWith("rule/") });
      await binding.idle();
      expect(e2.ruleIds().sort()).toEqual(["rule/a", "rule/b"]);
      expect(binding.loaded().get("rule/a")!.version).toBe(a.version);
      const b2 = await pub.publish("rule/b", `return function(event) return true end`);
      await sync.waitFor("rule/b", b2.version);
      await binding.idle();
      const r = await e2.evaluateBatch(events(3));
      expect(r.matchCount("rule/b")).toBe(3);
      binding.unsubscribe();
    } finally {
      await e2.dispose();
    }
  }, 60_000);

  it("webhook transforms name scripts by hash; a config id resolves to its current hash", async () => {
    const v1 = await pub.publish("cfg_1", `request.body = "v1:" .. payload`);
    await sync.waitFor("cfg_1", v1.version);
    const job = (hash: string) => ({ script: { hash }, payload: "p", metadata: META });
    expect((await transformer.transform(job(sync.getById("cfg_1")!.hash))).body.toString()).toBe("v1:p");

    const v2 = await pub.publish("cfg_1", `request.body = "v2:" .. payload`);
    await sync.waitFor("cfg_1", v2.version);
    expect(sync.getById("cfg_1")!.hash).toBe(v2.hash);
    expect((await transformer.transform(job(sync.getById("cfg_1")!.hash))).body.toString()).toBe("v2:p");
    // a job queued with the old hash still runs the old script
    expect((await transformer.transform(job(v1.hash))).body.toString()).toBe("v1:p");
  }, 60_000);

  it("webhook: unknown hash is script_not_found; a source that does not match the hash is never run", async () => {
    const unknown = await transformer.tryTransform({ script: { hash: sha256Hex("never published") }, payload: "p", metadata: META });
    expect(unknown.ok).toBe(false);
    expect(unknown.error).toMatchObject({ type: "script_not_found", retryable: false });
    // poison Redis: a script stored under another script's hash
    const tier = new RedisTier({ url: REDIS_URL, prefix });
    try {
      const claimed = sha256Hex(`request.body = "legit"`);
      await tier.putSource(claimed, Buffer.from(`request.body = "evil"`));
      const r = await transformer.tryTransform({ script: { hash: claimed }, payload: "p", metadata: META });
      expect(r.ok).toBe(false);
      expect(r.error!.type).toBe("script_not_found");
    } finally {
      await tier.close();
    }
  }, 30_000);

  it("hot reload is fast: publish to the engine running the new version", async () => {
    const binding = bindRuleEngine(sync, engine, { filter: (id) => id === "rule/fast" });
    try {
      const lags: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t0 = performance.now();
        const v = await pub.publish("rule/fast", `return function(event) return ${i % 2 === 0} end -- ${i}`);
        await until(() => binding.loaded().get("rule/fast")?.version === v.version, 10_000, "rule loaded");
        lags.push(performance.now() - t0);
        const r = await engine.evaluateBatch(events(2), { rules: ["rule/fast"] });
        expect(r.matchCount("rule/fast")).toBe(i % 2 === 0 ? 2 : 0);
      }
      expect(Math.max(...lags)).toBeLessThan(5000);
    } finally {
      binding.unsubscribe();
    }
  }, 60_000);
});

#!/usr/bin/env node
// Script store benchmarks, against a REAL Kafka broker and REAL Redis.
//
//   node bench/store.mjs [--scripts N] [--lookups N] [--publishes N] [--workers N]
//                        [--catchup N] [--json FILE] [--brokers H:P] [--redis URL]
//
// - cold load: Redis -> verified source -> compiled chunk (transpile), with and without V8
//   code cache data (produced here, or taken from Redis by another process), and what the code
//   cache saves when an isolate defines the chunk;
// - warm lookup: get(hash) from the local state, getCompiled(hash) from the compiled LRU;
// - sync lag: publish -> every worker holds the new version -> a predicate LuaEngine bound to
//   a worker runs it (hot reload), per publish, p50/p95/max;
// - catch-up: a new worker reading a topic of N scripts from the beginning.
// The broker is found on --brokers (default MOONBOX_KAFKA_BROKERS or 127.0.0.1:9092) or started
// with scripts/kafka/broker.sh. Run on an idle machine.
import { spawnSync, execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { createHash, randomBytes } from "node:crypto";
import { reexecUnderTsx, opt, quant } from "./lib.mjs";

reexecUnderTsx(import.meta.url);

const SCRIPTS = Number(opt("scripts", 200));
const LOOKUPS = Number(opt("lookups", 200_000));
const PUBLISHES = Number(opt("publishes", 50));
const WORKERS = Number(opt("workers", 3));
const CATCHUP = Number(opt("catchup", 2000));
const JSON_OUT = opt("json", undefined);
const REDIS_URL = opt("redis", process.env.MOONBOX_REDIS_URL ?? "redis://127.0.0.1:6379");
const PHASE = opt("phase", "main");
const root = fileURLToPath(new URL("..", import.meta.url));

const store = await import("../src/store/index.ts");
const { ScriptSync, ScriptPublisher, RedisTier, CompiledCache, bindRuleEngine, sha256Hex } = store;

const summary = (xs) => ({ n: xs.length, p50: quant(xs, 0.5), p95: quant(xs, 0.95), p99: quant(xs, 0.99), max: xs.reduce((a, b) => Math.max(a, b), -Infinity), mean: xs.reduce((a, b) => a + b, 0) / xs.length });
const fmt = (ms) => (ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(2)} ms`);
const line = (label, s) => console.log(`  ${label.padEnd(44)} p50 ${fmt(s.p50).padStart(10)}  p95 ${fmt(s.p95).padStart(10)}  p99 ${fmt(s.p99).padStart(10)}  max ${fmt(s.max).padStart(10)}`);

/** A realistic ~2 KB webhook transform, made unique by `tag`. */
function script(tag) {
  return `-- transform ${tag}
local json = require("json")
local data = json.decode(payload)
local out = { id = data.id, tag = "${tag}", items = {} }
local function norm(s) return (string.gsub(string.lower(s or ""), "%s+", "_")) end
for i, item in ipairs(data.items or {}) do
  local price = tonumber(item.price) or 0
  local qty = tonumber(item.qty) or 1
  out.items[#out.items + 1] = { sku = norm(item.sku), total = price * qty, idx = i }
end
local sum = 0
for _, it in ipairs(out.items) do sum = sum + it.total end
out.sum = sum
if sum > 1000 then out.tier = "gold" elseif sum > 100 then out.tier = "silver" else out.tier = "bronze" end
local function sign(s)
  local h = 5381
  for i = 1, #s do h = (h * 33 + string.byte(s, i)) % 4294967296 end
  return string.format("%08x", h)
end
out.signature = sign(json.encode(out.items))
request.headers["X-Tier"] = out.tier
request.headers["X-Signature"] = out.signature
request.body = json.encode(out)
${Array.from({ length: 20 }, (_, i) => `local helper_${i} = function(x) return x + ${i} end`).join("\n")}
`;
}

/** Warm the transpiler and V8 (JIT) on throwaway scripts, so the rows measure steady state. */
async function warmUp() {
  const cc = new CompiledCache({ codeCache: true });
  for (let i = 0; i < 100; i++) {
    const src = Buffer.from(script(`warmup-${process.pid}-${i}`));
    await cc.compile(src, sha256Hex(src), "warmup.lua");
  }
  cc.dispose();
}

// ---------------------------------------------------------------- child phase: code cache from Redis

if (PHASE === "from-redis") {
  const prefix = opt("prefix");
  const hashes = opt("hashes").split(",");
  const redis = new RedisTier({ url: REDIS_URL, prefix });
  await redis.connect();
  const cc = new CompiledCache({ codeCache: true, codeCacheIO: { get: (s, r) => redis.getCodeCache(s, r), put: (s, r, d) => redis.putCodeCache(s, r, d, 3600) } });
  await warmUp();
  const times = [];
  let fromRedis = 0;
  for (const h of hashes) {
    const t0 = performance.now();
    const src = await redis.getSource(h);
    if (sha256Hex(src) !== h) throw new Error("hash mismatch");
    const e = await cc.compile(src, h, "bench.lua");
    times.push(performance.now() - t0);
    if (e.codeCacheFrom === "redis") fromRedis++;
  }
  process.stdout.write(JSON.stringify({ times, fromRedis }) + "\n");
  await redis.close();
  cc.dispose();
  process.exit(0);
}

// ---------------------------------------------------------------- broker

let brokers = opt("brokers", process.env.MOONBOX_KAFKA_BROKERS ?? "127.0.0.1:9092").split(",");
{
  const port = brokers[0].split(":")[1];
  const out = execFileSync("bash", [`${root}scripts/kafka/broker.sh`, "start", "--port", port], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  brokers = [out.trim().split("\n").at(-1)];
}

const results = { machine: { cpus: cpus().length, model: cpus()[0]?.model, loadavg: loadavg() }, brokers, redis: REDIS_URL };
const prefix = `moonbox-bench-${randomBytes(4).toString("hex")}:`;
const redis = new RedisTier({ url: REDIS_URL, prefix });
if (!(await redis.connect())) throw new Error(`redis ${REDIS_URL} is not reachable`);
console.log(`store bench: brokers ${brokers.join(",")}, redis ${REDIS_URL}, ${cpus().length} cpus, load ${loadavg().map((x) => x.toFixed(1)).join(" ")}`);

try {
  // ================================================================ cold load
  console.log(`\ncold load, Redis -> compiled (${SCRIPTS} distinct ~${script("x").length} B scripts per row)`);
  const put = async (tag) => {
    const hs = [];
    for (let i = 0; i < SCRIPTS; i++) {
      const src = Buffer.from(script(`${tag}-${i}`));
      const h = sha256Hex(src);
      await redis.putSource(h, src, 3600);
      hs.push(h);
    }
    return hs;
  };
  const cold = {};
  await warmUp();
  {
    const hs = await put("fetch");
    const t = [];
    for (const h of hs) {
      const t0 = performance.now();
      const src = await redis.getSource(h);
      if (sha256Hex(src) !== h) throw new Error("mismatch");
      t.push(performance.now() - t0);
    }
    line("Redis GET + sha256 check", (cold.fetch = summary(t)));
  }
  for (const [label, key, codeCache] of [
    ["+ transpile (no code cache)", "transpile", false],
    ["+ transpile + V8 code cache produced", "produce", true],
  ]) {
    const hs = await put(key);
    const cc = new CompiledCache({ codeCache });
    const t = [];
    for (const h of hs) {
      const t0 = performance.now();
      const src = await redis.getSource(h);
      if (sha256Hex(src) !== h) throw new Error("mismatch");
      await cc.compile(src, h, "bench.lua");
      t.push(performance.now() - t0);
    }
    line(label, (cold[key] = summary(t)));
    cc.dispose();
  }
  {
    // produce + share through Redis here, consume in a fresh process (empty caches)
    const hs = await put("shared");
    const cc = new CompiledCache({ codeCache: true, codeCacheIO: { get: (s, r) => redis.getCodeCache(s, r), put: (s, r, d) => redis.putCodeCache(s, r, d, 3600) } });
    for (const h of hs) await cc.compile(await redis.getSource(h), h, "bench.lua");
    await new Promise((r) => setTimeout(r, 300)); // puts are fire-and-forget
    cc.dispose();
    const out = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), "--phase", "from-redis", "--prefix", prefix, "--redis", REDIS_URL, "--hashes", hs.join(",")], { encoding: "utf8" });
    if (out.status !== 0) throw new Error(out.stderr);
    const r = JSON.parse(out.stdout.trim().split("\n").at(-1));
    line(`+ transpile + code cache from Redis (${r.fromRedis}/${hs.length})`, (cold.fromRedis = summary(r.times)));
  }
  {
    // what the code cache buys: defining the chunk in an isolate
    const ivm = (await import("isolated-vm")).default;
    const iso = new ivm.Isolate({ memoryLimit: 64 });
    const cc = new CompiledCache({ codeCache: true });
    const hs = await put("isolate");
    const without = [];
    const withCache = [];
    for (const h of hs) {
      const e = await cc.compile(await redis.getSource(h), h, "bench.lua");
      let t0 = performance.now();
      (await iso.compileScript(e.chunk.code, { filename: "a-" + e.chunk.id })).release();
      without.push(performance.now() - t0);
      t0 = performance.now();
      const s = await iso.compileScript(e.chunk.code, { filename: "b-" + e.chunk.id, cachedData: e.chunk.cachedData });
      if (s.cachedDataRejected) throw new Error("code cache rejected");
      s.release();
      withCache.push(performance.now() - t0);
    }
    console.log(`  isolate compileScript of the chunk (${hs.length} chunks):`);
    line("  without code cache", (cold.isolateWithout = summary(without)));
    line("  with code cache", (cold.isolateWith = summary(withCache)));
    cc.dispose();
    iso.dispose();
  }
  results.cold = cold;

  // ================================================================ sync lag + warm lookups
  const topic = `bench-${randomBytes(4).toString("hex")}`;
  const pub = new ScriptPublisher({ brokers, topic });
  const workers = Array.from({ length: WORKERS }, () => new ScriptSync({ brokers, topic, redis: { url: REDIS_URL, prefix }, logger: false }));
  await pub.publish("rule/bench", "return function(event) return false end");
  await Promise.all(workers.map((w) => w.start({ waitMs: 30_000 })));
  const { LuaEngine, SchemaRegistry } = await import("../src/predicate/index.ts");
  const engine = await LuaEngine.create({}, new SchemaRegistry(), { isolation: "inline", poolSize: 1 });
  let loaded = { version: -1 };
  let loadedAt = 0;
  const binding = bindRuleEngine(workers[0], engine, {
    filter: (id) => id.startsWith("rule/"),
    onEvent: (e) => {
      if (e.kind === "loaded") {
        loaded = e;
        loadedAt = performance.now();
      }
    },
  });
  await binding.idle();

  console.log(`\nsync lag: publish -> all ${WORKERS} workers hold it -> bound LuaEngine runs it (${PUBLISHES} publishes, one at a time)`);
  const ack = [];
  const allApplied = [];
  const engineLoaded = [];
  for (let i = 0; i < PUBLISHES; i++) {
    const t0 = performance.now();
    const r = await pub.publish("rule/bench", `return function(event) return ${i % 2 === 0} end -- v${i}`);
    const tAck = performance.now();
    const applied = workers.map((w) => w.waitFor("rule/bench", r.version, 30_000).then(() => performance.now()));
    const times = await Promise.all(applied);
    while (loaded.version !== r.version) await new Promise((res) => setTimeout(res, 0));
    ack.push(tAck - t0);
    allApplied.push(Math.max(...times) - t0);
    engineLoaded.push(loadedAt - t0);
    await new Promise((res) => setTimeout(res, 20));
  }
  line("publish acknowledged (acks=all)", summary(ack));
  line(`every worker holds the new version`, summary(allApplied));
  line("LuaEngine runs the new version", summary(engineLoaded));
  results.lag = { ack: summary(ack), allWorkers: summary(allApplied), engine: summary(engineLoaded) };

  console.log(`\nwarm lookups (${LOOKUPS} each)`);
  const w0 = workers[0];
  const h = w0.getById("rule/bench").hash;
  await w0.getCompiled(h, "bench.lua");
  for (const [label, fn] of [
    ["get(hash), local state", () => w0.get(h)],
    ["getCompiled(hash), compiled LRU hit", () => w0.getCompiled(h, "bench.lua")],
  ]) {
    for (let i = 0; i < 2000; i++) await fn();
    const t = new Float64Array(LOOKUPS);
    const t0 = performance.now();
    for (let i = 0; i < LOOKUPS; i++) {
      const a = performance.now();
      await fn();
      t[i] = performance.now() - a;
    }
    const wall = performance.now() - t0;
    const s = summary(Array.from(t));
    line(label, s);
    console.log(`  ${"".padEnd(44)} ${Math.round(LOOKUPS / (wall / 1000)).toLocaleString("en-US")} lookups/s`);
    (results.warm ??= {})[label] = { ...s, perSecond: LOOKUPS / (wall / 1000) };
  }
  binding.unsubscribe();
  await engine.dispose();

  // ================================================================ catch-up
  console.log(`\ncatch-up: a new worker reads a topic of ${CATCHUP} scripts from the beginning`);
  const topic2 = `bench-catchup-${randomBytes(4).toString("hex")}`;
  const pub2 = new ScriptPublisher({ brokers, topic: topic2 });
  {
    const { Kafka, Partitioners, logLevel } = await import("kafkajs");
    await pub2.ensureTopic();
    const k = new Kafka({ brokers, clientId: "bench", logLevel: logLevel.NOTHING });
    const p = k.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await p.connect();
    const { encodeWire } = store;
    for (let i = 0; i < CATCHUP; i += 100) {
      const messages = [];
      for (let j = i; j < Math.min(CATCHUP, i + 100); j++) messages.push({ key: `cfg_${j}`, value: encodeWire(`cfg_${j}`, Buffer.from(script(`c${j}`)), Date.now()) });
      await p.send({ topic: topic2, messages });
    }
    await p.disconnect();
  }
  for (const [label, redisOpt] of [
    ["Kafka only (no Redis)", false],
    ["Kafka + Redis write-through", { url: REDIS_URL, prefix }],
  ]) {
    const w = new ScriptSync({ brokers, topic: topic2, redis: redisOpt, logger: false });
    const t0 = performance.now();
    const st = await w.start({ waitMs: 120_000 });
    const ms = performance.now() - t0;
    console.log(`  ${label.padEnd(44)} ${ms.toFixed(0)} ms to caught up (${st.ids} ids)`);
    (results.catchup ??= {})[label] = { ms, ids: st.ids };
    await w.stop();
  }
  await pub2.close();

  await pub.close();
  for (const w of workers) await w.stop();
  {
    const { Kafka, logLevel } = await import("kafkajs");
    const admin = new Kafka({ brokers, clientId: "bench-admin", logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic, topic2] }).catch(() => undefined);
    await admin.disconnect();
  }
} finally {
  const keys = await redis.client.keys(`${prefix}*`);
  for (let i = 0; i < keys.length; i += 500) await redis.client.del(...keys.slice(i, i + 500));
  await redis.close();
}

if (JSON_OUT) writeFileSync(JSON_OUT, JSON.stringify(results, null, 2));
process.exit(0);

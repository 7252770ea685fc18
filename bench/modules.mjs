#!/usr/bin/env node
// Host modules called from Lua, end to end (WebhookTransformer, inline isolation).
//
//   node bench/modules.mjs [--rounds N] [--runs N] [--concurrent N] [--json FILE]
//
// Each row is µs per transform, the median over --rounds rounds of --runs sequential
// transforms, next to references measured in the same rounds:
// - "no module call": the same transform without the call (what the isolate crossing and the
//   transform cost by themselves);
// - http.get served from the cache, vs. a plain Node http.get of the same loopback URL
//   (keep-alive agent: the cheapest uncached request there is);
// - kv.get against the local Redis, vs. a raw ioredis GET on the same connection kind;
// - crypto.decrypt_credential (RSA-2048), vs. the same RSA-OAEP + AES-GCM work on node:crypto.
// Then singleflight: --concurrent transforms (one isolate each) call http.get of one slow
// URL (cache off) at the same time: how many upstream requests reached the server and the
// wall time, vs. the server's own delay.
import { writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import http from "node:http";
import { constants, createDecipheriv, generateKeyPairSync, privateDecrypt } from "node:crypto";
import { reexecUnderTsx, opt, median } from "./lib.mjs";

reexecUnderTsx(import.meta.url);

const ROUNDS = Number(opt("rounds", 5));
const RUNS = Number(opt("runs", 300));
const CONCURRENT = Number(opt("concurrent", 100));
const JSON_OUT = opt("json", undefined);

const { WebhookTransformer } = await import("../src/webhook/index.ts");
const { defaultConfig } = await import("../src/config.ts");
const { createHostModules } = await import("../src/modules/index.ts");
const { sealCredential } = await import("../src/modules/crypto/index.ts");
const { default: Redis } = await import("ioredis");

// ---------------------------------------------------------------- the world: a server, Redis, a key

let upstream = 0;
const server = http.createServer((req, res) => {
  upstream++;
  const send = () => res.end(JSON.stringify({ access_token: "tok_" + "x".repeat(40), expires_in: 3600 }));
  if (req.url.startsWith("/slow")) setTimeout(send, 50);
  else send();
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${server.address().port}`;

const redis = new Redis({ host: "127.0.0.1", port: 6379, lazyConnect: true, maxRetriesPerRequest: 1 });
let redisOk = true;
try {
  await redis.connect();
} catch (e) {
  redisOk = false;
  console.log(`(kv rows skipped: no Redis on 127.0.0.1:6379: ${e.message})`);
}

const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const pem = privateKey.export({ type: "pkcs8", format: "pem" });
process.env.MOONBOX_BENCH_KEY = pem;
const envelope = sealCredential(publicKey, "bench", Buffer.from("sk_live_" + "y".repeat(32)));

const config = {
  ...defaultConfig(),
  enabled: true,
  poolSize: 1,
  timeoutMs: 2000,
  httpAllowPrivateNetworks: true, // the server is on loopback
  credentialKeys: { bench: { pemEnv: "MOONBOX_BENCH_KEY", configs: ["*"] } },
};
const metadata = { webhook_id: "01HZY3J5K8M9N0P1Q2R3S4T5V6", config_id: "cfg_bench", attempt: 0, max_attempts: 5, created_at: "2024-05-01T12:00:00Z" };

const modules = await createHostModules(config);
const t = await WebhookTransformer.create({ config, isolation: "inline", logger: false, modules });
if (redisOk) await redis.set("moonbox:bench:raw", "v".repeat(64));

const SCRIPTS = {
  none: `request.body = "x"`,
  http: `local r = http.get("${base}/token") request.body = r.body`,
  kv: `local v = kv.get("token") request.body = v`,
  crypto: `request.body = crypto.decrypt_credential("bench", "${envelope}")`,
};
const job = (name) => ({ script: { source: SCRIPTS[name] }, payload: "{}", metadata });

// warm up and check each script works
if (redisOk) await t.tryTransform({ ...job("none"), script: { source: `kv.set("token", "${"v".repeat(64)}", 3600)` } });
for (const name of Object.keys(SCRIPTS)) {
  if (name === "kv" && !redisOk) continue;
  const r = await t.tryTransform(job(name));
  if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
  for (let i = 0; i < 50; i++) await t.tryTransform(job(name));
}

const agent = new http.Agent({ keepAlive: true });
const plainGet = () =>
  new Promise((resolve, reject) => {
    http.get(`${base}/token`, { agent }, (res) => {
      res.resume();
      res.on("end", resolve);
    }).on("error", reject);
  });
function nodeOpen() {
  const [, w, n, c, tag] = envelope.split(".");
  const dataKey = privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" }, Buffer.from(w, "base64url"));
  const d = createDecipheriv("aes-256-gcm", dataKey, Buffer.from(n, "base64url"), { authTagLength: 16 });
  d.setAAD(Buffer.from("mbx1:bench"));
  d.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([d.update(Buffer.from(c, "base64url")), d.final()]);
}

const rows = [
  ["transform, no module call", () => t.tryTransform(job("none"))],
  ["http.get, cache hit (Lua)", () => t.tryTransform(job("http"))],
  ["  reference: Node http.get, keep-alive", plainGet],
  ...(redisOk
    ? [
        ["kv.get round trip (Lua)", () => t.tryTransform(job("kv"))],
        ["  reference: ioredis GET", () => redis.get("moonbox:bench:raw")],
      ]
    : []),
  ["crypto.decrypt_credential (Lua, RSA-2048)", () => t.tryTransform(job("crypto"))],
  ["  reference: node:crypto, same work", async () => nodeOpen()],
];

const times = new Map(rows.map(([name]) => [name, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, fn] of rows) {
    const n = name.includes("crypto") ? Math.max(20, RUNS >> 3) : RUNS;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) await fn();
    times.get(name).push(((performance.now() - t0) * 1000) / n);
  }
  process.stderr.write(`round ${round + 1}/${ROUNDS}\r`);
}
await t.dispose();

// ---------------------------------------------------------------- singleflight under N concurrent runs

const sfConfig = { ...config, poolSize: CONCURRENT, httpCacheEnabled: false, memoryLimitMb: 4 };
const sfModules = await createHostModules(sfConfig);
const sf = await WebhookTransformer.create({ config: sfConfig, isolation: "inline", logger: false, modules: sfModules });
const sfJob = { script: { source: `local r = http.get("${base}/slow") request.body = r.body` }, payload: "{}", metadata };
await Promise.all(Array.from({ length: CONCURRENT }, () => sf.tryTransform(sfJob))); // every isolate loads the chunk
const sfRounds = [];
for (let round = 0; round < ROUNDS; round++) {
  const before = upstream;
  const t0 = performance.now();
  const outs = await Promise.all(Array.from({ length: CONCURRENT }, () => sf.tryTransform(sfJob)));
  const ms = performance.now() - t0;
  const failed = outs.filter((o) => !o.ok);
  if (failed.length) throw new Error(`singleflight: ${failed.length} runs failed: ${failed[0].error.message}`);
  sfRounds.push({ ms, upstream: upstream - before });
}
await sf.dispose();
await Promise.all([modules.close(), sfModules.close()]);
redis.disconnect();
agent.destroy();
server.close();

// ---------------------------------------------------------------- report

const env = { node: process.version, cpu: cpus()[0]?.model, cores: cpus().length, loadavg: loadavg().map((x) => +x.toFixed(2)), rounds: ROUNDS, runs: RUNS };
console.log(`host modules from Lua: median of ${ROUNDS} rounds; node ${env.node}; ${env.cores} cores; load ${env.loadavg.join(" ")}`);
console.log("");
console.log("what".padEnd(46) + "µs/call".padStart(10));
const results = [];
for (const [name] of rows) {
  const us = median(times.get(name));
  results.push({ name: name.trim(), us: +us.toFixed(1) });
  console.log(name.padEnd(46) + us.toFixed(1).padStart(10));
}
const sfMs = median(sfRounds.map((r) => r.ms));
const sfUp = median(sfRounds.map((r) => r.upstream));
console.log("");
console.log(`singleflight: ${CONCURRENT} concurrent runs, one slow URL (server delay 50 ms), cache off:`);
console.log(`  upstream requests per ${CONCURRENT} runs: ${sfRounds.map((r) => r.upstream).join(", ")} (median ${sfUp}); wall ${sfMs.toFixed(1)} ms (median)`);
if (JSON_OUT) writeFileSync(JSON_OUT, JSON.stringify({ env, results, singleflight: { concurrent: CONCURRENT, rounds: sfRounds } }, null, 2) + "\n");

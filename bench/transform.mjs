#!/usr/bin/env node
// Webhook transform throughput and latency.
//
//   node bench/transform.mjs [--runs N] [--warmup N] [--json FILE] [--modes inline,inline-sync,process]
//
// The transform: decode a ~1 KB JSON payload, add fields, re-encode it, set a header. Timed:
// - "js floor": the same transform in plain JavaScript in this process (JSON.parse/stringify
//   on the Buffer), the lower bound for any engine;
// - Moonbox through WebhookTransformer.tryTransform (the API a worker uses), pool size 1
//   (one isolate: "one core"), isolation "inline" and "process", one transform at a time
//   (latency: p50/p99 of performance.now() around each call; throughput = runs / wall time),
//   and with 4 transforms in flight (throughput only); "inline-sync" is inline isolation with
//   the `inlineSync` option (the transform runs on this thread: no thread hop);
// - "in-isolate": the same Lua work repeated inside one run (no crossing), per iteration:
//   what the Lua side (runtime + json module) costs by itself.
// The last lines say which 1-at-a-time modes meet issue 6's target (>= 20,000/s, p99 < 1 ms).
// All figures come from the same invocation. Run on an idle machine.
import { writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { reexecUnderTsx, opt } from "./lib.mjs";

reexecUnderTsx(import.meta.url);

const RUNS = Number(opt("runs", 20000));
const WARMUP = Number(opt("warmup", 3000));
const MODES = opt("modes", "inline,inline-sync,process").split(",");
const JSON_OUT = opt("json", undefined);

const { WebhookTransformer } = await import("../src/webhook/index.ts");

// ---------------------------------------------------------------- the workload

const order = {
  id: "evt_01HZY3J5K8M9N0P1Q2R3S4T5V6",
  type: "order.created",
  created: 1714564800,
  livemode: false,
  data: {
    order_id: 48213,
    currency: "EUR",
    customer: { id: "cus_9a8b7c", email: "zoe.astrom@example.com", name: "Zoë Åström", tags: ["vip", "newsletter"], address: { line1: "Storgatan 1", city: "Stockholm", zip: "111 22", country: "SE" } },
    lines: [
      { sku: "A-100", title: "Espresso beans 1kg", quantity: 2, unit_price: 18.5, tax_rate: 0.12 },
      { sku: "B-220", title: "Grinder burr set", quantity: 1, unit_price: 42.0, tax_rate: 0.25 },
      { sku: "C-310", title: "Milk jug 600ml", quantity: 1, unit_price: 14.9, tax_rate: 0.25 },
      { sku: "D-404", title: "Descaler (3 pack)", quantity: 3, unit_price: 6.75, tax_rate: 0.25 },
    ],
    shipping: { method: "express", price: 9.9, eta_days: 2 },
    discounts: [],
    notes: null,
    metadata: { source: "web", campaign: "spring-2024", ab_bucket: "B" },
  },
};
const payload = Buffer.from(JSON.stringify(order, null, 1));
const headers = { "Content-Type": "application/json", "User-Agent": "bench/1.0", "X-Request-Id": "req-123" };
const metadata = { webhook_id: "01HZY3J5K8M9N0P1Q2R3S4T5V6", config_id: "cfg_42", attempt: 0, max_attempts: 5, created_at: "2024-05-01T12:00:00Z" };

// the work of the transform (without the outputs), shared by the script and the in-isolate loop
const WORK = `
local data = json.decode(payload)
local total = 0
for _, line in ipairs(data.data.lines) do
  total = total + line.quantity * line.unit_price
end
data.enriched = true
data.total = total
data.line_count = #data.data.lines
data.webhook = { id = metadata.webhook_id, attempt = metadata.attempt, received_at = metadata.created_at }
local body = json.encode(data)
`;
const LUA = `local json = require("json")
${WORK}
request.body = body
request.headers["X-Order-Total"] = tostring(total)
`;

function jsTransform(buf, meta) {
  const data = JSON.parse(buf.toString("utf8"));
  let total = 0;
  for (const line of data.data.lines) total += line.quantity * line.unit_price;
  data.enriched = true;
  data.total = total;
  data.line_count = data.data.lines.length;
  data.webhook = { id: meta.webhook_id, attempt: meta.attempt, received_at: meta.created_at };
  return { body: Buffer.from(JSON.stringify(data)), headers: { ...headers, "X-Order-Total": String(total) } };
}

// ---------------------------------------------------------------- measuring

function pct(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function summarize(name, lat, wallMs, runs) {
  const s = Float64Array.from(lat).sort();
  return { name, runs, per_sec: Math.round((runs / wallMs) * 1000), p50_us: +(pct(s, 50) * 1000).toFixed(1), p99_us: +(pct(s, 99) * 1000).toFixed(1), max_us: +(s[s.length - 1] * 1000).toFixed(1) };
}

async function sequential(name, fn) {
  for (let i = 0; i < WARMUP; i++) await fn();
  const lat = new Float64Array(RUNS);
  const t0 = performance.now();
  for (let i = 0; i < RUNS; i++) {
    const a = performance.now();
    await fn();
    lat[i] = performance.now() - a;
  }
  return summarize(name, lat, performance.now() - t0, RUNS);
}

async function inFlight(name, fn, k) {
  for (let i = 0; i < WARMUP; i++) await fn();
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: k }, async () => {
      while (next++ < RUNS) await fn();
    }),
  );
  const wall = performance.now() - t0;
  return { name, runs: RUNS, per_sec: Math.round((RUNS / wall) * 1000), p50_us: null, p99_us: null, max_us: null };
}

const results = [];
// the JS floor
{
  const out = jsTransform(payload, metadata);
  if (!out.body.length) throw new Error("js transform broken");
  results.push(await sequential("plain JS (same process)", async () => jsTransform(payload, metadata)));
}

const job = { script: { source: LUA }, payload, headers, metadata };
for (const mode of MODES) {
  const sync = mode === "inline-sync";
  const t = await WebhookTransformer.create({
    config: { enabled: true, poolSize: 1, timeoutMs: 1000 },
    isolation: sync ? "inline" : mode,
    inlineSync: sync,
    logger: false,
  });
  if (sync && typeof t.engine.pool.tryInvokeSync !== "function") {
    console.log("(inline-sync skipped: this engine's InlinePool has no tryInvokeSync)");
    await t.dispose();
    continue;
  }
  const check = await t.tryTransform(job);
  if (!check.ok) throw check.error;
  const body = JSON.parse(check.request.body.toString());
  const ref = JSON.parse(jsTransform(payload, metadata).body.toString());
  if (JSON.stringify(Object.keys(body).sort()) !== JSON.stringify(Object.keys(ref).sort()) || body.total !== ref.total) throw new Error("Lua and JS transforms differ");
  results.push(await sequential(`Moonbox ${mode}, 1 at a time`, () => t.tryTransform(job)));
  results.push(await inFlight(`Moonbox ${mode}, 4 in flight`, () => t.tryTransform(job), 4));
  if (mode === "inline") {
    // the Lua work alone: N iterations inside one run
    const N = 2000;
    const loop = `local json = require("json") for i = 1, ${N} do ${WORK} local h = tostring(total) end`;
    const lj = { ...job, script: { source: loop } };
    await t.tryTransform(lj);
    const lat = [];
    const t0 = performance.now();
    for (let i = 0; i < 10; i++) {
      const a = performance.now();
      const r = await t.tryTransform(lj);
      if (!r.ok) throw r.error;
      lat.push((performance.now() - a) / N);
    }
    const s = summarize("in-isolate Lua work only (per iteration)", lat, (performance.now() - t0) / N, 10);
    s.runs = 10 * N;
    s.per_sec = Math.round(1000 / pct(lat.sort(), 50));
    s.p99_us = null;
    s.max_us = null;
    results.push(s);
  }
  await t.dispose();
}

const env = { node: process.version, cpu: cpus()[0]?.model, cores: cpus().length, loadavg: loadavg().map((x) => +x.toFixed(2)), payload_bytes: payload.length, runs: RUNS, warmup: WARMUP };
console.log(`payload ${payload.length} bytes; ${RUNS} timed runs after ${WARMUP} warm-up; node ${env.node}; ${env.cores} cores; load ${env.loadavg.join(" ")}`);
console.log("");
console.log("what".padEnd(44) + "runs/s".padStart(10) + "p50 µs".padStart(10) + "p99 µs".padStart(10) + "max µs".padStart(10));
for (const r of results) {
  const f = (v) => (v === null ? "-" : String(v)).padStart(10);
  console.log(r.name.padEnd(44) + f(r.per_sec) + f(r.p50_us) + f(r.p99_us) + f(r.max_us));
}
// issue 6's target: >= 20,000 transforms/s on one core (pool of 1, one at a time) with p99 under 1 ms
console.log("");
for (const r of results) {
  if (!r.name.startsWith("Moonbox") || r.p99_us === null) continue;
  const ok = r.per_sec >= 20000 && r.p99_us < 1000;
  console.log(`target (>= 20,000/s, p99 < 1 ms) ${ok ? "met" : "missed"}: ${r.name}`);
}
if (JSON_OUT) writeFileSync(JSON_OUT, JSON.stringify({ env, results }, null, 2) + "\n");

// Prometheus metrics (prom-client) and structured logs (pino) from the Engine.
import { describe, it, expect } from "vitest";
import { Writable } from "node:stream";
import { Engine } from "../../src/engine.js";
import { MoonboxMetrics, serveMetrics, createLogger, logScriptOutput } from "../../src/metrics/index.js";
import { WebhookTransformer } from "../../src/webhook/index.js";
import { ModuleError } from "../../src/modules/index.js";

function value(text: string, metric: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split("\n")) {
    if (line.startsWith("#")) continue;
    const m = line.match(/^([\w:]+)(?:\{(.*)\})? (\S+)$/);
    if (!m || m[1] !== metric) continue;
    const got: Record<string, string> = {};
    for (const kv of (m[2] ?? "").matchAll(/(\w+)="([^"]*)"/g)) got[kv[1]] = kv[2];
    if (Object.entries(labels).every(([k, v]) => got[k] === v)) return Number(m[3]);
  }
  return undefined;
}

function capture(): { stream: Writable; records: any[] } {
  const records: any[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      for (const line of String(chunk).split("\n")) if (line) records.push(JSON.parse(line));
      cb();
    },
  });
  return { stream, records };
}

describe("metrics", () => {
  it("runs by script and outcome, durations, errors, instructions, heap, compile cache, pool", async () => {
    const metrics = new MoonboxMetrics();
    const engine = await Engine.create({ isolation: "inline", poolSize: 2, metrics, instructionLimit: 1_000_000 });
    try {
      const ok = "local s = 0 for i = 1, 100 do s = s + i end return s";
      await engine.run(ok, { scriptName: "sum" });
      await engine.run(ok, { scriptName: "sum" });
      await engine.run("error('boom')", { scriptName: "boom" });
      await engine.run("local x = ", { scriptName: "broken" });
      await engine.run("while true do end", { scriptName: "spin", instructionLimit: 1000 });
      const hashed = await engine.run("return 1");
      expect(hashed.ok).toBe(true);
      const text = await metrics.text();
      expect(value(text, "moonbox_runs_total", { script: "sum", outcome: "ok" })).toBe(2);
      expect(value(text, "moonbox_runs_total", { script: "boom", outcome: "script_runtime_error" })).toBe(1);
      expect(value(text, "moonbox_runs_total", { script: "broken", outcome: "script_syntax_error" })).toBe(1);
      expect(value(text, "moonbox_errors_total", { type: "script_runtime_error" })).toBeGreaterThanOrEqual(1);
      expect(value(text, "moonbox_errors_total", { type: "script_syntax_error" })).toBe(1);
      expect(value(text, "moonbox_run_duration_seconds_count", { script: "sum" })).toBe(2);
      expect(value(text, "moonbox_instructions_total", { script: "sum" })).toBeGreaterThan(100);
      expect(value(text, "moonbox_heap_high_water_bytes", { script: "sum" })).toBeGreaterThan(0);
      // unnamed scripts are labelled by a 12-hex prefix of their sha256
      expect(text).toMatch(/moonbox_runs_total\{script="[0-9a-f]{12}",outcome="ok"\} 1/);
      // the same source compiled twice: one miss, then a hit (the syntax error compiles nothing)
      expect(value(text, "moonbox_compile_cache_misses_total")).toBe(4);
      expect(value(text, "moonbox_compile_cache_hits_total")).toBe(1);
      expect(value(text, "moonbox_transpile_duration_seconds_count")).toBe(4);
      expect(value(text, "moonbox_pool_size", { pool: "default" })).toBe(2);
      expect(value(text, "moonbox_pool_restarts_total", { pool: "default" })).toBe(0);
    } finally {
      await engine.dispose();
    }
  });

  it("caps script label cardinality and records module calls", async () => {
    const metrics = new MoonboxMetrics({ maxScripts: 2 });
    for (const s of ["a", "b", "c", "d"]) metrics.observeRun({ script: s, outcome: "ok", durationMs: 1, instructions: 0, heapBytes: 0 });
    metrics.observeModuleCall("kv", "get", 0.002, true);
    metrics.observeModuleCall("http", "request", 0.2, false);
    const text = await metrics.text();
    expect(value(text, "moonbox_runs_total", { script: "other" })).toBe(2);
    expect(value(text, "moonbox_module_calls_total", { module: "kv", function: "get", outcome: "ok" })).toBe(1);
    expect(value(text, "moonbox_module_calls_total", { module: "http", function: "request", outcome: "error" })).toBe(1);
    expect(value(text, "moonbox_module_call_duration_seconds_count", { module: "http", function: "request" })).toBe(1);
  });

  it("module calls from Lua scripts are counted with their latency, by outcome", async () => {
    const metrics = new MoonboxMetrics();
    const engine = await Engine.create({ isolation: "inline", poolSize: 1, metrics });
    const t = await WebhookTransformer.create({
      engine,
      logger: false,
      config: { enabled: true },
      modules: [{ name: "kv", errorType: "script_module_kv", functions: { get: async (_ctx, [k]) => (k === "down" ? Promise.reject(new ModuleError("script_module_kv", "redis unavailable")) : "v") } }],
    });
    try {
      const meta = { webhook_id: "w", config_id: "c", attempt: 0, max_attempts: 1, created_at: "2026-01-01T00:00:00Z" };
      await t.tryTransform({ script: { source: 'kv.get("a") kv.get("b") pcall(kv.get, "down")' }, payload: "", metadata: meta });
      const text = await metrics.text();
      expect(value(text, "moonbox_module_calls_total", { module: "kv", function: "get", outcome: "ok" })).toBe(2);
      expect(value(text, "moonbox_module_calls_total", { module: "kv", function: "get", outcome: "error" })).toBe(1);
      expect(value(text, "moonbox_module_call_duration_seconds_count", { module: "kv", function: "get" })).toBe(3);
    } finally {
      await t.dispose();
      await engine.dispose();
    }
  });

  it("serves Prometheus text on 127.0.0.1 and refuses other addresses unless allowed", async () => {
    const metrics = new MoonboxMetrics();
    metrics.observeRun({ script: "x", outcome: "ok", durationMs: 3, instructions: 0, heapBytes: 10 });
    const server = await serveMetrics(metrics, { port: 0 });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      const res = await fetch(server.url);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
      expect(value(await res.text(), "moonbox_runs_total", { script: "x", outcome: "ok" })).toBe(1);
      expect((await fetch(server.url.replace("/metrics", "/other"))).status).toBe(404);
    } finally {
      await server.close();
    }
    await expect(serveMetrics(metrics, { host: "0.0.0.0", port: 0 })).rejects.toThrow(/non-loopback/);
  });
});

describe("structured logs", () => {
  it("engine events and script output as pino JSON records", async () => {
    const { stream, records } = capture();
    const logger = createLogger({ level: "debug" }, stream);
    const engine = await Engine.create({ isolation: "inline", poolSize: 1, logger, logScriptOutput: true });
    try {
      await engine.run('print("hello")\nprint("world")', { scriptName: "greet" });
      await engine.run("error('bad')", { scriptName: "bad" });
    } finally {
      await engine.dispose();
    }
    expect(records.find((r) => r.msg === "engine started")).toMatchObject({ name: "moonbox", isolation: "inline", poolSize: 1 });
    expect(records.filter((r) => r.msg === "script output").map((r) => [r.script, r.line])).toEqual([
      ["greet", "hello"],
      ["greet", "world"],
    ]);
    expect(records.find((r) => r.msg === "run ok")).toMatchObject({ script: "greet", level: 20 });
    expect(records.find((r) => r.msg === "run failed")).toMatchObject({ script: "bad", errorType: "script_runtime_error", message: "script.lua:1: bad", line: 1 });
  });

  it("logScriptOutput keeps non-UTF-8 bytes as they are", () => {
    const { stream, records } = capture();
    logScriptOutput(createLogger({}, stream), "s", "caf\xc3\xa9\n\xff\n");
    expect(records.map((r) => r.line)).toEqual(["café", "\xff"]);
  });
});

// The sandbox bridge end to end: Lua calls a host module, the isolate waits while the host's
// promise settles, and the reply comes back as Lua values; in both isolation modes. The
// modules here are small test modules named like the real ones (the real http, kv and crypto
// modules have their own tests: http*.test.ts, kv*.test.ts, crypto*.test.ts).
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { WebhookTransformer, type TransformJob } from "../../src/webhook/index.js";
import { ModuleError, type HostModule, type HostCallContext, type Plain } from "../../src/modules/index.js";

const ALL_BYTES = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join("");
const meta = (config_id = "cfg_a") => ({ webhook_id: "01HZX", config_id, attempt: 0, max_attempts: 3, created_at: "2026-11-22T00:00:00Z" });

/** A stand-in `http` module whose behaviour each test picks through the URL argument. */
function testModules(seen: { ctx: HostCallContext; args: Plain[] }[]): HostModule[] {
  const http: HostModule = {
    name: "http",
    errorType: "script_module_http",
    functions: {
      async get(ctx, args) {
        seen.push({ ctx, args });
        const url = args[0];
        if (url === "fail") throw new ModuleError("script_module_http", "connection refused");
        if (url === "final") throw new ModuleError("script_module_http", "not allowed", false);
        if (url === "bug") throw new Error("oops");
        if (url === "hang") return new Promise<Plain>(() => undefined); // never settles
        if (url === "huge") return { status_code: 200, body: "x".repeat(8 * 1024 * 1024), headers: {} };
        if (typeof url === "string" && url.startsWith("sleep:")) await new Promise((r) => setTimeout(r, Number(url.slice(6))));
        return { status_code: 200, body: ALL_BYTES, headers: { "content-type": "application/octet-stream" }, echo: args[1] ?? null, tenant: ctx.configId };
      },
    },
  };
  const kv: HostModule = {
    name: "kv",
    errorType: "script_module_kv",
    functions: {
      async get() {
        return null;
      },
    },
  };
  return [http, kv];
}

for (const isolation of ["inline", "process"] as const) {
  describe(`host-module bridge (${isolation} isolation)`, () => {
    let t: WebhookTransformer;
    const seen: { ctx: HostCallContext; args: Plain[] }[] = [];
    beforeAll(async () => {
      t = await WebhookTransformer.create({
        isolation,
        logger: false,
        config: { enabled: true, poolSize: 2, timeoutMs: 400, memoryLimitMb: 4 },
        modules: testModules(seen),
      });
    });
    afterAll(() => t.dispose());

    const run = (source: string, job: Partial<TransformJob> = {}) => t.tryTransform({ script: { source }, payload: "p", metadata: meta(), ...job });

    it("Lua calls the host synchronously and gets Lua values back; bytes survive both ways", async () => {
      seen.length = 0;
      const r = await run(`
        local r = http.get("https://api.example.com/x", { ["X-Bytes"] = "\\0\\255\\r" })
        assert(r.status_code == 200 and #r.body == 256 and r.headers["content-type"] == "application/octet-stream")
        for i = 0, 255 do assert(r.body:byte(i + 1) == i) end
        request.body = r.tenant .. "|" .. r.echo["X-Bytes"]`);
      expect(r.error).toBeUndefined();
      expect(r.request!.body.toString("latin1")).toBe("cfg_a|\u0000\u00ff\r");
      expect(seen[0].args).toEqual(["https://api.example.com/x", { "X-Bytes": "\u0000\u00ff\r" }]);
    });

    it("the host learns the tenant from the run, not from the script", async () => {
      seen.length = 0;
      const [a, b] = await Promise.all([
        run(`request.body = http.get("sleep:30").tenant`, { metadata: meta("cfg_one") }),
        run(`request.body = http.get("sleep:30").tenant`, { metadata: meta("cfg_two") }),
      ]);
      expect([a.request!.body.toString(), b.request!.body.toString()]).toEqual(["cfg_one", "cfg_two"]);
      expect(seen.map((s) => s.ctx.configId).sort()).toEqual(["cfg_one", "cfg_two"]);
      // the deadline counts from the run's start: at most the timeout away
      for (const s of seen) expect(s.ctx.deadline - Date.now()).toBeLessThanOrEqual(400);
    });

    it("the event loop keeps running while a script waits", async () => {
      let ticks = 0;
      const timer = setInterval(() => ticks++, 5);
      const r = await run(`http.get("sleep:100")`);
      clearInterval(timer);
      expect(r.error).toBeUndefined();
      expect(ticks).toBeGreaterThanOrEqual(5);
    });

    it("a module failure is a Lua error with the line: pcall catches it; uncaught, the run fails with the module's type", async () => {
      const caught = await run(`local ok, e = pcall(http.get, "fail")\nrequest.body = tostring(ok) .. "|" .. e`);
      expect(caught.request!.body.toString()).toBe("false|http.get: connection refused");
      const r = await run(`local x = 1\nlocal r = http.get("fail")`);
      expect(r.error).toMatchObject({ type: "script_module_http", retryable: true, line: 2, message: "script.lua:2: http.get: connection refused" });
      // a module may say retrying cannot help
      const f = await run(`http.get("final")`);
      expect(f.error).toMatchObject({ type: "script_module_http", retryable: false, message: "script.lua:1: http.get: not allowed" });
      // a bug in a module is reported as internal, typed by the module, retryable
      const b = await run(`http.get("bug")`);
      expect(b.error).toMatchObject({ type: "script_module_http", retryable: true, message: "script.lua:1: http.get: internal error: oops" });
    });

    it("arguments that cannot cross are refused in the isolate (a script bug, not a module failure)", async () => {
      const r = await run(`http.get("x", { f = function() end })`);
      expect(r.error).toMatchObject({ type: "script_runtime_error", retryable: false, message: expect.stringContaining("cannot pass a function value") });
    });

    it("time spent waiting counts toward the script's timeout, and the module is told to stop", async () => {
      seen.length = 0;
      const t0 = performance.now();
      const r = await run(`local ok, e = pcall(http.get, "hang")\nrequest.body = "not reached"`);
      const ms = performance.now() - t0;
      expect(r.error?.type).toBe("script_timeout"); // not catchable by pcall
      expect(ms).toBeGreaterThanOrEqual(350);
      expect(ms).toBeLessThan(2000);
      expect(seen[0].ctx.signal.aborted).toBe(true);
    });

    it("a reply larger than the script's memory limit ends the run as script_memory_limit", async () => {
      const r = await run(`local r = http.get("huge")`);
      expect(r.error?.type).toBe("script_memory_limit");
      expect(seen.at(-1)!.ctx.memoryRemaining).toBeLessThanOrEqual(4 * 1024 * 1024);
    });

    it("modules not granted to the transformer are reported, not hidden", async () => {
      const r = await run(`crypto.decrypt_credential("k", "x")`);
      expect(r.error).toMatchObject({ type: "script_module_crypto", retryable: false, message: expect.stringContaining("module 'crypto' is not available") });
      const kv = await run(`request.body = tostring(kv.get("absent"))`);
      expect(kv.request!.body.toString()).toBe("nil");
    });

    it("the module globals are per run: replacing one does not leak into the next run", async () => {
      await run(`http.get = function() return { status_code = 999 } end`);
      const r = await run(`request.body = tostring(http.get("x").status_code)`);
      expect(r.request!.body.toString()).toBe("200");
    });
  });
}

describe("host-module bridge with inlineSync (synchronous runs where possible)", () => {
  let t: WebhookTransformer;
  const seen: { ctx: HostCallContext; args: Plain[] }[] = [];
  beforeAll(async () => {
    t = await WebhookTransformer.create({ isolation: "inline", inlineSync: true, logger: false, config: { enabled: true, poolSize: 1 }, modules: testModules(seen) });
  });
  afterAll(() => t.dispose());

  it("a script that reaches a module by a computed name is rerun asynchronously, once, with nothing lost", async () => {
    const src = `log.info("start")\nlocal m = require("ht" .. "tp")\nrequest.body = m.get("x").tenant`;
    seen.length = 0;
    for (let i = 0; i < 3; i++) {
      const r = await t.tryTransform({ script: { source: src }, payload: "p", metadata: meta() });
      expect(r.error).toBeUndefined();
      expect(r.request!.body.toString()).toBe("cfg_a");
      expect(r.logs.map((l) => l.message)).toEqual(["start"]); // the aborted attempt's log is not kept
    }
    expect(seen.length).toBe(3);
  });

  it("scripts without module calls still run synchronously and correctly", async () => {
    const r = await t.tryTransform({ script: { source: `request.body = payload .. "!"` }, payload: "p", metadata: meta() });
    expect(r.request!.body.toString()).toBe("p!");
  });
});

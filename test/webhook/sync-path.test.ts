// The inlineSync path's bookkeeping: a synchronous attempt begins no host-module run (it
// passes a token no real run has, which only makes module calls abort for a rerun), so a
// timeout or a rerun leaves nothing behind, and the timeout still interrupts the script.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { WebhookTransformer } from "../../src/webhook/index.js";
import type { HostModule } from "../../src/modules/index.js";

const meta = (config_id = "cfg_a") => ({ webhook_id: "01HZX", config_id, attempt: 0, max_attempts: 3, created_at: "2026-11-22T00:00:00Z" });

const http: HostModule = {
  name: "http",
  errorType: "script_module_http",
  functions: {
    async get(ctx) {
      return { status_code: 200, body: ctx.configId, headers: {} };
    },
  },
};

describe("inlineSync with host modules configured", () => {
  let s: WebhookTransformer;
  beforeAll(async () => {
    s = await WebhookTransformer.create({ isolation: "inline", inlineSync: true, logger: false, config: { enabled: true, poolSize: 1, timeoutMs: 200 }, modules: [http] });
  });
  afterAll(() => s.dispose());

  it("a runaway script is interrupted on the synchronous path; no host run is left behind", async () => {
    const loop = { script: { source: `while true do end` }, payload: "p", metadata: meta() };
    expect((await s.tryTransform(loop)).error?.type).toBe("script_timeout"); // first run: asynchronous (loads the chunk)
    const t0 = Date.now();
    let timerRan = false;
    setTimeout(() => (timerRan = true), 0);
    const r = await s.tryTransform(loop); // synchronous attempt
    expect(timerRan).toBe(false); // the event loop never turned: it ran on this thread
    expect(r.error?.type).toBe("script_timeout");
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(s.engine.hostRuns.active).toBe(0);
    const after = await s.tryTransform({ script: { source: `request.body = payload .. "?"` }, payload: "p", metadata: meta() });
    expect(after.request!.body.toString()).toBe("p?");
  });

  it("a module reached by a computed name is rerun asynchronously as the job's own run", async () => {
    const job = (cfg: string) => ({ script: { source: `local m = require("ht" .. "tp")\nrequest.body = m.get("x").body` }, payload: "p", metadata: meta(cfg) });
    for (const cfg of ["cfg_b", "cfg_c", "cfg_b"]) {
      const r = await s.tryTransform(job(cfg));
      expect(r.error).toBeUndefined();
      expect(r.request!.body.toString()).toBe(cfg);
    }
    expect(s.engine.hostRuns.active).toBe(0);
  });
});

// kv end to end: Lua scripts calling kv.get / kv.set / kv.del through WebhookTransformer and
// the host bridge, on a REAL Redis (127.0.0.1:6379, MOONBOX_TEST_REDIS_URL), in both
// isolation modes; plus a redis-server of this file's own (port MOONBOX_TEST_KV_LUA_OUTAGE_PORT
// or 6394) killed in the middle of a run. Outside CI a missing Redis skips these tests loudly;
// with CI set it fails them.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { createServer, type Server, type Socket } from "node:net";
import { Redis } from "ioredis";
import { WebhookTransformer, type TransformJob } from "../../src/webhook/index.js";
import { createKvModule, kvRedisKey, DEFAULT_KV_PREFIX, type KvConfig } from "../../src/modules/kv/index.js";
import { uniq } from "../store/env.js";
import { freePort, sleep } from "../helpers/net.js";
import { IN_CI, TestRedis, redisAnswers } from "../helpers/redis-server.js";

const REDIS_URL = process.env.MOONBOX_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const OUTAGE_PORT = Number(process.env.MOONBOX_TEST_KV_LUA_OUTAGE_PORT ?? 6394);
const ALL_BYTES = String.fromCharCode(...Array.from({ length: 256 }, (_, i) => i));
const meta = (config_id = "cfg_a") => ({ webhook_id: "01HZX", config_id, attempt: 0, max_attempts: 3, created_at: "2026-11-22T00:00:00Z" });

const redisUp = await redisAnswers(REDIS_URL, "the kv end-to-end tests");

function cfg(over: Partial<KvConfig> = {}): KvConfig {
  return { kvRedisUrl: REDIS_URL, kvTimeoutMs: 1000, kvTtlDefaultMs: 3_600_000, kvMaxKeyBytes: 512, kvMaxValueBytes: 1024 * 1024, ...over };
}

describe.skipIf(!redisUp)("kv through Lua (real Redis)", () => {
  const prefix = `moonbox:kvtest:${uniq("kvlua")}:`;
  let inspect: Redis;
  beforeAll(() => {
    inspect = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    const keys = await inspect.keysBuffer(`${prefix}*`); // Buffers: some keys are binary
    if (keys.length) await inspect.del(...keys);
    await inspect.quit();
  });

  for (const isolation of ["inline", "process"] as const) {
    describe(`${isolation} isolation`, () => {
      let t: WebhookTransformer;
      let down: WebhookTransformer;
      let downPort: number;
      beforeAll(async () => {
        const config = { enabled: true, poolSize: 2, timeoutMs: 2000, memoryLimitMb: 8 };
        t = await WebhookTransformer.create({ isolation, logger: false, config, modules: [createKvModule(cfg(), { prefix: `${prefix}${isolation}:` })] });
        downPort = await freePort();
        down = await WebhookTransformer.create({ isolation, logger: false, config, modules: [createKvModule(cfg({ kvRedisUrl: `redis://127.0.0.1:${downPort}` }), { prefix })] });
      });
      afterAll(async () => {
        await t?.dispose();
        await down?.dispose();
      });
      const run = (source: string, job: Partial<TransformJob> = {}, tr = t) => tr.tryTransform({ script: { source }, payload: "p", metadata: meta(), ...job });
      const rkey = (configId: string, key: string) => kvRedisKey(`${prefix}${isolation}:`, configId, Buffer.from(key, "latin1"));

      it("binary values round-trip through Lua: all 256 bytes, NUL included, in keys and values", async () => {
        const r = await run(`
          local all = {}
          for i = 0, 255 do all[#all + 1] = string.char(i) end
          all = table.concat(all)
          kv.set("bin\\0key", all, 60)
          local got = kv.get("bin\\0key")
          assert(#got == 256, "length " .. #got)
          for i = 0, 255 do assert(got:byte(i + 1) == i, "byte " .. i) end
          kv.set("payload", payload)
          request.body = kv.get("payload")`, { payload: Buffer.from(ALL_BYTES, "latin1") });
        expect(r.error).toBeUndefined();
        expect(r.request!.body).toEqual(Buffer.from(ALL_BYTES, "latin1"));
        expect(await inspect.getBuffer(rkey("cfg_a", "bin\0key"))).toEqual(Buffer.from(ALL_BYTES, "latin1"));
        expect(await inspect.pttl(rkey("cfg_a", "bin\0key"))).toBeLessThanOrEqual(60_000);
        expect(await inspect.pttl(rkey("cfg_a", "payload"))).toBeGreaterThan(3_500_000); // the default ttl
      });

      it("kv.get of an absent key is nil; kv.del removes", async () => {
        const r = await run(`
          assert(kv.get("absent") == nil)
          kv.set("token", "abc123", 3600)
          local before = kv.get("token")
          local existed = kv.del("token")
          request.body = before .. "|" .. tostring(existed) .. "|" .. tostring(kv.get("token")) .. "|" .. tostring(kv.del("token"))`);
        expect(r.error).toBeUndefined();
        expect(r.request!.body.toString()).toBe("abc123|true|nil|false");
      });

      it("tenants are isolated by metadata.config_id", async () => {
        const set = await run(`kv.set("token", "secret of one")`, { metadata: meta("cfg_one") });
        expect(set.error).toBeUndefined();
        const [one, two, del] = await Promise.all([
          run(`request.body = tostring(kv.get("token"))`, { metadata: meta("cfg_one") }),
          run(`request.body = tostring(kv.get("token"))`, { metadata: meta("cfg_two") }),
          run(`request.body = tostring(kv.del("token"))`, { metadata: meta("cfg_two") }),
        ]);
        expect(one.request!.body.toString()).toBe("secret of one");
        expect(two.request!.body.toString()).toBe("nil");
        expect(del.request!.body.toString()).toBe("false"); // cannot delete another tenant's key
        expect(await inspect.get(rkey("cfg_one", "token"))).toBe("secret of one");
        // separators cannot be used to reach into another namespace
        await run(`kv.set("c", "of a:b")`, { metadata: meta("a:b") });
        const a = await run(`request.body = tostring(kv.get("b:c"))`, { metadata: meta("a") });
        expect(a.request!.body.toString()).toBe("nil");
      });

      it("argument errors are Lua errors with the line, typed script_module_kv, not retryable", async () => {
        const r = await run(`local x = 1\nkv.set("k", { 1, 2 })`);
        expect(r.error).toMatchObject({ type: "script_module_kv", retryable: false, line: 2, message: "script.lua:2: kv.set: bad argument #2 (string expected, got table)" });
        const ttl = await run(`kv.set("k", "v", -1)`);
        expect(ttl.error).toMatchObject({ type: "script_module_kv", retryable: false, message: "script.lua:1: kv.set: bad argument #3 (ttl must be a positive number of seconds, got -1)" });
        const n = await run(`kv.set(42, 1.5)\nrequest.body = kv.get("42")`);
        expect(n.request!.body.toString()).toBe("1.5");
      });

      it("a value too large for the script's memory ends the run as script_memory_limit", async () => {
        const big = "x".repeat(1024 * 1024);
        await inspect.set(rkey("cfg_big", "big"), big);
        const r = await run(`local s = string.rep("y", 7 * 1024 * 1024)\nlocal v = kv.get("big")`, { metadata: meta("cfg_big") });
        expect(r.error).toMatchObject({ type: "script_memory_limit", retryable: false });
      });

      it("Redis down: uncaught, the run fails with script_module_kv, retryable, with the line; pcall catches it", async () => {
        const t0 = Date.now();
        const r = await run(`local x = 1\nlocal v = kv.get("k")\nrequest.body = "not reached"`, {}, down);
        expect(Date.now() - t0).toBeLessThan(1500);
        expect(r.error).toMatchObject({ type: "script_module_kv", retryable: true, line: 2 });
        expect(r.error!.message).toBe(`script.lua:2: kv.get: redis unavailable: connect ECONNREFUSED 127.0.0.1:${downPort}`);
        const c = await run(`local ok, e = pcall(kv.set, "k", "v")\nrequest.body = tostring(ok) .. "|" .. e`, {}, down);
        expect(c.error).toBeUndefined();
        expect(c.request!.body.toString()).toBe(`false|kv.set: redis unavailable: connect ECONNREFUSED 127.0.0.1:${downPort}`);
      });
    });
  }

  it("the transformer's default modules (createHostModules) include kv, under the default prefix", async () => {
    const t = await WebhookTransformer.create({ isolation: "inline", logger: false, config: { enabled: true, poolSize: 1, kvRedisUrl: REDIS_URL } });
    const tenant = uniq("cfg_default");
    try {
      const r = await t.tryTransform({ script: { source: `kv.set("k", "v", 30)\nrequest.body = kv.get("k")` }, payload: "p", metadata: meta(tenant) });
      expect(r.error).toBeUndefined();
      expect(r.request!.body.toString()).toBe("v");
      expect(await inspect.get(`${DEFAULT_KV_PREFIX}${tenant.length}:${tenant}:k`)).toBe("v");
    } finally {
      await inspect.del(`${DEFAULT_KV_PREFIX}${tenant.length}:${tenant}:k`);
      await t.dispose();
    }
  });

  describe("a Redis that accepts connections but never answers", () => {
    let server: Server;
    const sockets: Socket[] = [];
    let t: WebhookTransformer;
    beforeAll(async () => {
      server = createServer((s) => sockets.push(s)); // reads nothing, answers nothing
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
      const port = (server.address() as { port: number }).port;
      t = await WebhookTransformer.create({
        isolation: "process",
        logger: false,
        config: { enabled: true, poolSize: 1, timeoutMs: 300 },
        // kv_timeout longer than the script's timeout: the deadline must win
        modules: [createKvModule(cfg({ kvRedisUrl: `redis://127.0.0.1:${port}`, kvTimeoutMs: 5000 }), { prefix })],
      });
    });
    afterAll(async () => {
      await t?.dispose();
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    });

    it("fails as a retryable kv timeout just before the run's deadline, not as script_timeout", async () => {
      const t0 = Date.now();
      const r = await t.tryTransform({ script: { source: `local v = kv.get("k")` }, payload: "p", metadata: meta() });
      expect(Date.now() - t0).toBeLessThan(1000);
      expect(r.error).toMatchObject({ type: "script_module_kv", retryable: true, line: 1 });
      expect(r.error!.message).toMatch(/^script\.lua:1: kv\.get: redis timeout after \d+ms$/);
    });
  });

  describe.skipIf(!TestRedis.available() && !IN_CI)("an outage in the middle of a run", () => {
    const server = new TestRedis(OUTAGE_PORT, { portEnv: "MOONBOX_TEST_KV_LUA_OUTAGE_PORT" });
    let t: WebhookTransformer;
    beforeAll(async () => {
      await server.start();
      t = await WebhookTransformer.create({
        isolation: "process",
        logger: false,
        config: { enabled: true, poolSize: 2, timeoutMs: 10_000 },
        modules: [createKvModule(cfg({ kvRedisUrl: server.url }), { prefix })],
      });
    });
    afterAll(async () => {
      await t?.dispose();
      await server.destroy();
    });

    // kv calls until one fails (or 2,000,000 succeed); the count and the error come back
    const LOOP = `
      local n, err = 0, nil
      for i = 1, 2000000 do
        local ok, e = pcall(function()
          kv.set("counter", tostring(i))
          assert(kv.get("counter") == tostring(i))
        end)
        if not ok then err = e break end
        n = i
      end
      request.body = n .. "|" .. tostring(err)`;

    it("a script's kv calls fail when Redis dies, catchable or failing the run as retryable; the same engine recovers", async () => {
      // the script is running (its calls are reaching Redis) when the server is killed
      const running = t.tryTransform({ script: { source: LOOP }, payload: "p", metadata: meta("cfg_outage") });
      const probe = new Redis(server.url);
      await until(async () => Number(await probe.get(kvRedisKey(prefix, "cfg_outage", Buffer.from("counter")))) > 50);
      probe.disconnect();
      await server.stop();
      const r = await running;
      expect(r.error).toBeUndefined();
      const [count, err] = r.request!.body.toString().split("|");
      expect(Number(count)).toBeGreaterThanOrEqual(50); // the probe saw more than 50 written
      expect(err).toMatch(new RegExp(`^script\\.lua:[56]: kv\\.(set|get): redis unavailable: .*127\\.0\\.0\\.1:${OUTAGE_PORT}`));

      // uncaught while it is down: the run fails, retryable, with the line
      const failed = await t.tryTransform({ script: { source: `kv.set("a", "b")\nlocal v = kv.get("a")` }, payload: "p", metadata: meta("cfg_outage") });
      expect(failed.error).toMatchObject({ type: "script_module_kv", retryable: true, line: 1 });

      // back up: the same transformer (same module, same client) works again
      await server.start();
      const t0 = Date.now();
      let ok = false;
      while (!ok && Date.now() - t0 < 10_000) {
        const r2 = await t.tryTransform({ script: { source: `kv.set("a", "back")\nrequest.body = kv.get("a")` }, payload: "p", metadata: meta("cfg_outage") });
        if (r2.error === undefined) {
          expect(r2.request!.body.toString()).toBe("back");
          ok = true;
        } else {
          expect(r2.error).toMatchObject({ type: "script_module_kv", retryable: true });
          await sleep(100);
        }
      }
      expect(ok).toBe(true);
    });
  });
});

async function until(cond: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await cond()) return;
    await sleep(10);
  }
  throw new Error("timed out waiting");
}

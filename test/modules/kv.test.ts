// The kv module's host side against a REAL Redis: 127.0.0.1:6379 (MOONBOX_TEST_REDIS_URL),
// plus a redis-server of this file's own (port MOONBOX_TEST_KV_OUTAGE_PORT or 6393) that is
// killed and restarted for the outage test. Outside CI a missing Redis skips these tests
// loudly; with CI set it fails them.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { createServer, type Server, type Socket } from "node:net";
import { Redis } from "ioredis";
import { createKvModule, kvRedisKey, type KvConfig } from "../../src/modules/kv/index.js";
import { ModuleError, type HostCallContext, type HostModule, type Plain } from "../../src/modules/host-module.js";
import { uniq } from "../store/env.js";
import { freePort, sleep } from "../helpers/net.js";
import { IN_CI, TestRedis, redisAnswers } from "../helpers/redis-server.js";

const REDIS_URL = process.env.MOONBOX_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const OUTAGE_PORT = Number(process.env.MOONBOX_TEST_KV_OUTAGE_PORT ?? 6393);
const ALL_BYTES = String.fromCharCode(...Array.from({ length: 256 }, (_, i) => i));

const redisUp = await redisAnswers(REDIS_URL, "the kv module tests");

function cfg(over: Partial<KvConfig> = {}): KvConfig {
  return { kvRedisUrl: REDIS_URL, kvTimeoutMs: 1000, kvTtlDefaultMs: 24 * 3_600_000, kvMaxKeyBytes: 512, kvMaxValueBytes: 1024 * 1024, ...over };
}

function ctx(configId: string, over: Partial<HostCallContext> = {}): HostCallContext {
  return { configId, deadline: Date.now() + 10_000, signal: new AbortController().signal, memoryRemaining: 50 * 1024 * 1024, ...over };
}

/** The ModuleError a call fails with (fails the test when it succeeds or throws something else). */
async function failure(p: Promise<Plain>): Promise<ModuleError> {
  try {
    const v = await p;
    throw new Error(`expected a ModuleError, got ${JSON.stringify(v)}`);
  } catch (e) {
    if (!(e instanceof ModuleError)) throw e;
    return e;
  }
}

describe.skipIf(!redisUp)("kv module (real Redis)", () => {
  const prefix = `moonbox:kvtest:${uniq("kv")}:`;
  let inspect: Redis;
  let kv: HostModule;
  const modules: HostModule[] = [];
  const make = (over: Partial<KvConfig> = {}, opts: Parameters<typeof createKvModule>[1] = {}) => {
    const m = createKvModule(cfg(over), { prefix, ...opts });
    modules.push(m);
    return m;
  };
  const rkey = (configId: string, key: string) => kvRedisKey(prefix, configId, Buffer.from(key, "latin1"));

  beforeAll(() => {
    inspect = new Redis(REDIS_URL);
    kv = make();
  });

  afterAll(async () => {
    for (const m of modules) await m.close?.();
    const keys = await inspect.keysBuffer(`${prefix}*`); // Buffers: some keys are binary
    if (keys.length) await inspect.del(...keys);
    await inspect.quit();
  });

  it("round-trips all 256 byte values (NUL included) in keys and values", async () => {
    const c = ctx("cfg_bin");
    const key = "k\0:" + ALL_BYTES;
    expect(await kv.functions.set(c, [key, ALL_BYTES, 60])).toBe(null);
    const got = await kv.functions.get(c, [key]);
    expect(got).toBe(ALL_BYTES);
    // stored as the raw bytes, under the documented key
    const raw = await inspect.getBuffer(rkey("cfg_bin", key));
    expect(raw).toEqual(Buffer.from(ALL_BYTES, "latin1"));
    // the empty string is a value, not nil
    await kv.functions.set(c, ["empty", ""]);
    expect(await kv.functions.get(c, ["empty"])).toBe("");
  });

  it("get of an absent key is nil (null); del removes a key and says whether it existed", async () => {
    const c = ctx("cfg_del");
    expect(await kv.functions.get(c, ["never-set"])).toBe(null);
    await kv.functions.set(c, ["token", "abc123", 3600]);
    expect(await kv.functions.get(c, ["token"])).toBe("abc123");
    expect(await kv.functions.del(c, ["token"])).toBe(true);
    expect(await kv.functions.get(c, ["token"])).toBe(null);
    expect(await kv.functions.del(c, ["token"])).toBe(false);
    expect(await inspect.exists(rkey("cfg_del", "token"))).toBe(0);
  });

  it("ttl: kv_ttl_default when nil, explicit seconds (fractions too) as PX, and keys expire", async () => {
    const c = ctx("cfg_ttl");
    const m = make({ kvTtlDefaultMs: 90_000 });
    await m.functions.set(c, ["default", "v"]);
    await m.functions.set(c, ["default-nil", "v", null]);
    await m.functions.set(c, ["explicit", "v", 3600]);
    await m.functions.set(c, ["fraction", "v", 2.5]);
    await m.functions.set(c, ["numeric-string", "v", "120"]);
    const pttl = async (k: string) => inspect.pttl(rkey("cfg_ttl", k));
    for (const k of ["default", "default-nil"]) {
      expect(await pttl(k)).toBeGreaterThan(85_000);
      expect(await pttl(k)).toBeLessThanOrEqual(90_000);
    }
    expect(await pttl("explicit")).toBeGreaterThan(3_595_000);
    expect(await pttl("explicit")).toBeLessThanOrEqual(3_600_000);
    expect(await pttl("fraction")).toBeGreaterThan(2_000);
    expect(await pttl("fraction")).toBeLessThanOrEqual(2_500);
    expect(await pttl("numeric-string")).toBeGreaterThan(115_000);
    // the module's default config: 24h
    await kv.functions.set(c, ["day", "v"]);
    expect(await pttl("day")).toBeGreaterThan(24 * 3_600_000 - 5_000);
    // a short ttl really expires
    await m.functions.set(c, ["short", "v", 0.1]);
    expect(await m.functions.get(c, ["short"])).toBe("v");
    await sleep(250);
    expect(await m.functions.get(c, ["short"])).toBe(null);
    // set again replaces value and ttl
    await m.functions.set(c, ["explicit", "w", 10]);
    expect(await m.functions.get(c, ["explicit"])).toBe("w");
    expect(await pttl("explicit")).toBeLessThanOrEqual(10_000);
  });

  it("bad ttls are non-retryable argument errors", async () => {
    const c = ctx("cfg_ttl_bad");
    const cases: [Plain, RegExp][] = [
      [0, /bad argument #3 \(ttl must be a positive number of seconds, got 0\)/],
      [-5, /got -5\)/],
      [NaN, /got nan\)/],
      [Infinity, /got inf\)/],
      [365 * 24 * 3600 + 1, /at most 31536000 seconds/],
      ["soon", /bad argument #3 \(number expected, got string\)/],
      [true, /number expected, got boolean/],
      [{ a: 1 }, /number expected, got table/],
    ];
    for (const [ttl, re] of cases) {
      const e = await failure(kv.functions.set(c, ["k", "v", ttl]));
      expect(e.type).toBe("script_module_kv");
      expect(e.message).toMatch(re);
      expect(e.retryable).toBe(false);
    }
    expect(await kv.functions.get(c, ["k"])).toBe(null); // nothing was written
    await kv.functions.set(c, ["k", "v", 365 * 24 * 3600]); // the maximum itself is fine
  });

  it("tenants are isolated: same key, different config_ids; the 'a:b'+'c' / 'a'+'b:c' case", async () => {
    await kv.functions.set(ctx("tenant_1"), ["token", "one"]);
    await kv.functions.set(ctx("tenant_2"), ["token", "two"]);
    expect(await kv.functions.get(ctx("tenant_1"), ["token"])).toBe("one");
    expect(await kv.functions.get(ctx("tenant_2"), ["token"])).toBe("two");
    expect(await kv.functions.get(ctx("tenant_3"), ["token"])).toBe(null);
    // one tenant cannot delete another's key
    expect(await kv.functions.del(ctx("tenant_3"), ["token"])).toBe(false);
    expect(await kv.functions.del(ctx("tenant_2"), ["token"])).toBe(true);
    expect(await kv.functions.get(ctx("tenant_1"), ["token"])).toBe("one");

    // separators inside config_id or key do not collide
    await kv.functions.set(ctx("a:b"), ["c", "from a:b"]);
    await kv.functions.set(ctx("a"), ["b:c", "from a"]);
    expect(await kv.functions.get(ctx("a:b"), ["c"])).toBe("from a:b");
    expect(await kv.functions.get(ctx("a"), ["b:c"])).toBe("from a");
    expect(rkey("a:b", "c").toString("latin1")).toBe(`${prefix}3:a:b:c`);
    expect(rkey("a", "b:c").toString("latin1")).toBe(`${prefix}1:a:b:c`);
    // nor do config_ids that look like length prefixes
    await kv.functions.set(ctx("1:a"), ["x", "from 1:a"]);
    expect(await kv.functions.get(ctx("1"), ["a:x"])).toBe(null);
    // config_id is UTF-8 (its byte length counts); key bytes are raw
    expect(kvRedisKey("p:", "é", Buffer.from("\xff", "latin1"))).toEqual(Buffer.from([...Buffer.from("p:2:"), 0xc3, 0xa9, 0x3a, 0xff]));
  });

  it("a run without a usable config_id gets no namespace", async () => {
    for (const id of ["", "\ud800"]) {
      const e = await failure(kv.functions.get(ctx(id), ["k"]));
      expect(e.type).toBe("script_module_kv");
      expect(e.retryable).toBe(false);
      expect(e.message).toMatch(/config_id/);
    }
  });

  it("key and value sizes are capped (non-retryable)", async () => {
    const m = make({ kvMaxKeyBytes: 16, kvMaxValueBytes: 1000 });
    const c = ctx("cfg_caps");
    await m.functions.set(c, ["k".repeat(16), "v".repeat(1000)]);
    expect(await m.functions.get(c, ["k".repeat(16)])).toBe("v".repeat(1000));
    for (const call of [
      () => m.functions.get(c, ["k".repeat(17)]),
      () => m.functions.del(c, ["k".repeat(17)]),
      () => m.functions.set(c, ["k".repeat(17), "v"]),
    ]) {
      const e = await failure(call());
      expect(e.message).toBe("bad argument #1 (key is 17 bytes, more than the 16 allowed)");
      expect(e.retryable).toBe(false);
    }
    const e = await failure(m.functions.set(c, ["big", "v".repeat(1001)]));
    expect(e.message).toBe("bad argument #2 (value is 1001 bytes, more than the 1000 allowed)");
    expect(e.retryable).toBe(false);
    expect(await m.functions.get(c, ["big"])).toBe(null);
    // the default cap: 1 MiB values fit
    const mib = "\xab".repeat(1024 * 1024);
    await kv.functions.set(c, ["mib", mib]);
    expect(await kv.functions.get(c, ["mib"])).toBe(mib);
    expect((await failure(kv.functions.set(c, ["mib", mib + "x"]))).message).toMatch(/value is 1048577 bytes/);
  });

  it("argument errors are clear and non-retryable; numbers become their Lua tostring", async () => {
    const c = ctx("cfg_args");
    const cases: [() => Promise<Plain>, string][] = [
      [() => kv.functions.get(c, []), "bad argument #1 (string expected, got no value)"],
      [() => kv.functions.get(c, [null]), "bad argument #1 (string expected, got nil)"],
      [() => kv.functions.get(c, [{}]), "bad argument #1 (string expected, got table)"],
      [() => kv.functions.get(c, [[1, 2]]), "bad argument #1 (string expected, got table)"],
      [() => kv.functions.del(c, [false]), "bad argument #1 (string expected, got boolean)"],
      [() => kv.functions.get(c, [""]), "bad argument #1 (key must not be empty)"],
      [() => kv.functions.set(c, ["k"]), "bad argument #2 (string expected, got no value)"],
      [() => kv.functions.set(c, ["k", null]), "bad argument #2 (string expected, got nil)"],
      [() => kv.functions.set(c, ["k", { a: "b" }]), "bad argument #2 (string expected, got table)"],
      [() => kv.functions.get(c, ["\u0100"]), "bad argument #1 (key is not a byte string)"],
    ];
    for (const [call, msg] of cases) {
      const e = await failure(call());
      expect(e.type).toBe("script_module_kv");
      expect(e.message).toBe(msg);
      expect(e.retryable).toBe(false);
    }
    // numbers are accepted as Lua would print them (%.14g)
    await kv.functions.set(c, [1, 2.5]);
    expect(await kv.functions.get(c, ["1"])).toBe("2.5");
    await kv.functions.set(c, [1e15, 0.1]);
    expect(await kv.functions.get(c, ["1e+15"])).toBe("0.1");
    expect(await kv.functions.del(c, [1])).toBe(true);
  });

  it("a value larger than the script's remaining memory fails as script_memory_limit", async () => {
    const c = ctx("cfg_mem");
    await kv.functions.set(c, ["big", "x".repeat(10_000)]);
    const e = await failure(kv.functions.get({ ...c, memoryRemaining: 5_000 }, ["big"]));
    expect(e.type).toBe("script_memory_limit");
    expect(e.message).toBe("value is 10000 bytes, more than the script's remaining memory (5000 bytes)");
    expect(await kv.functions.get({ ...c, memoryRemaining: 10_000 }, ["big"])).toHaveLength(10_000);
  });

  it("uses a given client (not closed by close()) and a given prefix", async () => {
    const client = new Redis(REDIS_URL);
    const p2 = `${prefix}other:`;
    const m = createKvModule(cfg(), { redis: client, prefix: p2 });
    await m.functions.set(ctx("cfg_x"), ["k", "v"]);
    expect(await inspect.get(`${p2}5:cfg_x:k`)).toBe("v");
    expect(await kv.functions.get(ctx("cfg_x"), ["k"])).toBe(null); // another prefix, another store
    await m.close?.();
    expect(client.status).toBe("ready");
    expect(await client.get(`${p2}5:cfg_x:k`)).toBe("v");
    await client.quit();
  });

  it("close() quits its own client; later calls fail", async () => {
    const m = createKvModule(cfg(), { prefix });
    await m.functions.set(ctx("cfg_close"), ["k", "v"]);
    await m.close?.();
    const e = await failure(m.functions.get(ctx("cfg_close"), ["k"]));
    expect(e.type).toBe("script_module_kv");
    expect(e.message).toMatch(/closed/);
  });

  it("Redis down (nothing listening): fails fast with a retryable script_module_kv, and keeps failing fast", async () => {
    const port = await freePort();
    const t0 = Date.now();
    const m = make({ kvRedisUrl: `redis://127.0.0.1:${port}`, kvTimeoutMs: 1000 });
    expect(Date.now() - t0).toBeLessThan(50); // creating it does not connect
    for (let i = 0; i < 5; i++) {
      const t = Date.now();
      const e = await failure(m.functions.get(ctx("cfg_down"), ["k"]));
      const took = Date.now() - t;
      expect(e.type).toBe("script_module_kv");
      expect(e.retryable).not.toBe(false); // the type's default: retryable
      expect(e.message).toMatch(new RegExp(`^redis unavailable: .*ECONNREFUSED 127\\.0\\.0\\.1:${port}`));
      expect(took).toBeLessThan(300); // well within kvTimeoutMs
      await sleep(30);
    }
    const e = await failure(m.functions.set(ctx("cfg_down"), ["k", "v"]));
    expect(e.message).toMatch(/redis unavailable/);
  });

  describe("a Redis that accepts connections but never answers", () => {
    let server: Server;
    let port: number;
    const sockets: Socket[] = [];
    beforeAll(async () => {
      server = createServer((s) => sockets.push(s)); // reads nothing, answers nothing
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
      port = (server.address() as { port: number }).port;
    });
    afterAll(async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    });

    it("times out after kvTimeoutMs", async () => {
      const m = make({ kvRedisUrl: `redis://127.0.0.1:${port}`, kvTimeoutMs: 300 });
      const t = Date.now();
      const e = await failure(m.functions.get(ctx("cfg_hung"), ["k"]));
      const took = Date.now() - t;
      expect(e.type).toBe("script_module_kv");
      expect(e.retryable).not.toBe(false);
      expect(e.message).toBe("redis timeout after 300ms");
      expect(took).toBeGreaterThanOrEqual(290);
      expect(took).toBeLessThan(600);
    });

    it("never waits past the run's deadline", async () => {
      const m = make({ kvRedisUrl: `redis://127.0.0.1:${port}`, kvTimeoutMs: 5000 });
      const t = Date.now();
      const e = await failure(m.functions.set(ctx("cfg_hung", { deadline: t + 200 }), ["k", "v"]));
      const took = Date.now() - t;
      expect(e.message).toMatch(/^redis timeout after 1\d\dms$/);
      expect(took).toBeLessThan(200); // before the deadline: a kv error, not a script timeout
      // a run already out of time does not touch Redis
      const late = await failure(m.functions.get(ctx("cfg_hung", { deadline: Date.now() + 5 }), ["k"]));
      expect(late.message).toMatch(/no time left/);
      // a run that ends (signal aborted) stops waiting
      const ac = new AbortController();
      const t2 = Date.now();
      setTimeout(() => ac.abort(), 50);
      const ended = await failure(m.functions.get(ctx("cfg_hung", { signal: ac.signal }), ["k"]));
      expect(ended.message).toMatch(/the run ended/);
      expect(Date.now() - t2).toBeLessThan(1000);
    });
  });

  describe.skipIf(!TestRedis.available() && !IN_CI)("an outage in the middle of a run", () => {
    const server = new TestRedis(OUTAGE_PORT, { portEnv: "MOONBOX_TEST_KV_OUTAGE_PORT" });
    afterAll(() => server.destroy());

    it("fails while Redis is down and recovers when it is back, without recreating the module", async () => {
      await server.start();
      const m = make({ kvRedisUrl: server.url, kvTimeoutMs: 1000 });
      const c = ctx("cfg_outage");
      await m.functions.set(c, ["k", "before"]);
      expect(await m.functions.get(c, ["k"])).toBe("before");

      await server.stop();
      let failures = 0;
      for (let i = 0; i < 10; i++) {
        const t = Date.now();
        const e = await failure(i % 2 ? m.functions.set(c, ["k", "during"]) : m.functions.get(c, ["k"]));
        expect(Date.now() - t).toBeLessThan(1200); // within kvTimeoutMs (+ slack), mostly at once
        expect(e.type).toBe("script_module_kv");
        expect(e.retryable).not.toBe(false);
        // "connection to 127.0.0.1:PORT lost", then "connect ECONNREFUSED 127.0.0.1:PORT"
        expect(e.message).toMatch(new RegExp(`^redis unavailable: .*127\\.0\\.0\\.1:${OUTAGE_PORT}`));
        failures++;
        await sleep(50);
      }
      expect(failures).toBe(10);

      await server.start();
      // the client reconnects in the background (retries at most a second apart)
      const t = Date.now();
      let back = false;
      while (!back && Date.now() - t < 10_000) {
        try {
          await m.functions.set(c, ["k", "after"]);
          back = true;
        } catch (e) {
          expect(e).toBeInstanceOf(ModuleError);
          await sleep(100);
        }
      }
      expect(back).toBe(true);
      expect(await m.functions.get(c, ["k"])).toBe("after");
      // a fresh server without persistence: the "before" value was lost, "during" never written
      expect(await m.functions.del(c, ["k"])).toBe(true);
    });
  });
});

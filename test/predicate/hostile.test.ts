// Hostile predicates and hot reload: every failure stays with its rule and event, the rest
// of the batch and the engine go on.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { LuaEngine, Event, TypedValue, EventBatch, BatchResult } from "../../src/predicate/index.js";

function events(n: number): Event[] {
  return Array.from({ length: n }, (_, i) => Event.builder().eventType(1).string(1, i % 10 === 0 ? `/tmp/x${i}.sh` : `/usr/bin/p${i}`).i64(2, i).build());
}

const GOOD = "return function(e) local s = e:get_str(1) return s ~= nil and string.contains(s, '/tmp/') end";

describe("hostile predicates", () => {
  let engine: LuaEngine;
  beforeAll(async () => {
    engine = await LuaEngine.create({ instructionLimit: 100_000, memoryLimitKb: 1024 }, undefined, { isolation: "inline", poolSize: 1, ruleBatchTimeMs: 30_000 });
    await engine.loadRule("good", GOOD);
  });
  afterAll(() => engine.dispose());

  async function hostile(src: string, n = 20): Promise<BatchResult> {
    await engine.loadRule("hostile", src);
    const r = await engine.evaluateBatch(events(n));
    await engine.removeRule("hostile");
    // the well-behaved rule is unaffected
    expect(r.matchCount("good")).toBe(Math.ceil(n / 10));
    expect(r.errorCount("good")).toBe(0);
    return r;
  }

  const loops: Record<string, string> = {
    "while true": "return function(e) while true do end end",
    "repeat until false": "return function(e) repeat local x = 1 until false end",
    "numeric for to huge": "return function(e) for i = 1, math.huge do end end",
    "goto loop": "return function(e) ::top:: goto top end",
    "recursion through pcall": "return function(e) local function f() pcall(f) f() end f() end",
    "pcall does not catch the limit": "return function(e) for i = 1, 100 do pcall(function() while true do end end) end return true end",
    "string.rep in a loop": "return function(e) while true do local s = string.rep('x', 1000) end end",
    "Lua pattern backtracking": "return function(e) return string.find(string.rep('a', 5000), '.-.-.-.-b') end",
  };
  for (const [name, src] of Object.entries(loops)) {
    it(`${name}: script_timeout for each event`, async () => {
      const r = await hostile(src);
      expect(r.errorCount("hostile")).toBe(20);
      expect(new Set(r.errors.filter((e) => e.ruleId === "hostile").map((e) => e.type))).toEqual(new Set(["script_timeout"]));
    });
  }

  const bombs: Record<string, string> = {
    "table growth": "return function(e) local t = {} for i = 1, 1e7 do t[i] = i end end",
    "string doubling": "return function(e) local s = 'x' for i = 1, 40 do s = s .. s end end",
    "string.rep huge": "return function(e) return string.rep('x', 2^30) end",
    "many small tables": "return function(e) local t = {} for i = 1, 1e6 do t[i] = {} end end",
    "alerts": "return function(e) for i = 1, 100 do alert.emit(string.rep('x', 20000), string.rep('y', 20000)) end end",
  };
  for (const [name, src] of Object.entries(bombs)) {
    it(`memory bomb, ${name}: script_memory_limit (or the instruction limit first)`, async () => {
      const big = await LuaEngine.create({ instructionLimit: 50_000_000, memoryLimitKb: 1024 }, undefined, { isolation: "inline", poolSize: 1 });
      try {
        await big.loadRules({ hostile: src, good: GOOD });
        const r = await big.evaluateBatch(events(10));
        expect(r.matchCount("good")).toBe(1);
        const types = r.errors.filter((e) => e.ruleId === "hostile").map((e) => e.type);
        expect(types.length).toBe(10);
        expect(types.every((t) => t === "script_memory_limit")).toBe(true);
      } finally {
        await big.dispose();
      }
    });
  }

  it("regex bombs run in linear time inside rules", async () => {
    const t0 = performance.now();
    const r = await hostile("local s = string.rep('a', 30000) .. '!' return function(e) return regex.match('(a+)+$', s) or regex.match('(a|aa)*c', s) or regex.match('^(\\\\w+\\\\s?)*$', s) end", 20);
    expect(r.errorCount("hostile")).toBe(0);
    expect(r.matchCount("hostile")).toBe(0);
    expect(performance.now() - t0).toBeLessThan(10_000);
  });

  it("a regex bomb on a long event field", async () => {
    const long = "a".repeat(200_000) + "!";
    await engine.loadRule("hostile", "return function(e) return regex.match('(a+)+$', e:get_str(1)) end");
    const r = await engine.evaluateBatch([Event.builder().string(1, long).build()], { rules: ["hostile"] });
    // 200k bytes is 25k instruction units: inside the 100k budget
    expect(r.errors).toEqual([]);
    expect(r.matchCount()).toBe(0);
    await engine.removeRule("hostile");
  });

  it("deep recursion is a runtime error (stack overflow)", async () => {
    const r = await hostile("local function f(n) return f(n + 1) + 1 end return function(e) return f(1) end", 3);
    expect(r.errors.filter((e) => e.ruleId === "hostile").map((e) => e.type)).toEqual(["script_runtime_error", "script_runtime_error", "script_runtime_error"]);
    expect(r.errors[0].message).toMatch(/stack overflow/);
  });

  it("a rule that burns its whole budget on every event gets its time share, then fails its remaining events", async () => {
    const slow = await LuaEngine.create({ instructionLimit: 1_000_000 }, undefined, { isolation: "inline", poolSize: 1, ruleBatchTimeMs: 200 });
    try {
      await slow.loadRules({ spin: "return function(e) while true do end end", good: GOOD });
      const t0 = performance.now();
      const r = await slow.evaluateBatch(events(3000));
      expect(performance.now() - t0).toBeLessThan(8000);
      expect(r.errorCount("spin")).toBe(3000);
      expect(r.errors.some((e) => /time share of the batch \(200 ms\)/.test(e.message))).toBe(true);
      expect(r.matchCount("good")).toBe(300);
    } finally {
      await slow.dispose();
    }
  });

  it("escaping the sandbox through the event or libraries is not possible", async () => {
    const r = await hostile(
      "return function(e) local ok1 = pcall(function() return e.constructor.constructor('return process')() end) " +
        "local ok2 = pcall(rawget, e, '__proto__') " +
        "return not ok1 and rawget(e, 'get_str') ~= nil and getmetatable(e) == 'event' end",
      2,
    );
    expect(r.errorCount("hostile")).toBe(0);
    expect(r.matchCount("hostile")).toBe(2);
  });
});

describe("an isolate that dies is replaced; the rule responsible is found", () => {
  for (const isolation of ["inline", "process"] as const) {
    it(`${isolation}: retained memory kills the isolate; only the hoarding rule fails`, async () => {
      const e = await LuaEngine.create({ instructionLimit: 10_000_000 }, undefined, { isolation, poolSize: 1, isolateMemoryMb: 24 });
      try {
        await e.loadRules({
          hoard: "big = {} return function(e) local t = {} for i = 1, 60000 do t[i] = i + 0.5 end big[#big + 1] = t return true end",
          good: GOOD,
          good2: "return function(e) return true end",
        });
        const r = await e.evaluateBatch(events(200));
        expect(r.matchCount("good")).toBe(20);
        expect(r.matchCount("good2")).toBe(200);
        expect(r.errorCount("hoard")).toBe(200);
        expect(r.errors.every((x) => x.ruleId === "hoard" && x.type === "script_memory_limit")).toBe(true);
        // the next batch runs on a fresh isolate with the rules reloaded
        const r2 = await e.evaluateBatch(events(10), { rules: ["good", "good2"] });
        expect(r2.matchCount("good")).toBe(1);
        expect(r2.matchCount("good2")).toBe(10);
        // the hoarding rule is quarantined: it fails at once, the isolate is not killed again
        const r3 = await e.evaluateBatch(events(10));
        expect(r3.matchCount("good2")).toBe(10);
        expect(r3.errorCount("hoard")).toBe(10);
        expect(r3.errors[0].message).toMatch(/^hoard: quarantined: the rule exhausted its isolate on its own .*load it again to retry$/);
        // loading it again lifts the quarantine
        await e.loadRule("hoard", "return function(e) return true end");
        expect((await e.evaluateBatch(events(3))).matchCount("hoard")).toBe(3);
      } finally {
        await e.dispose();
      }
    });
  }
});

describe("pipelined batches share isolate calls", () => {
  it("many batches in flight give the same results as one at a time, and survive an isolate death", async () => {
    const e = await LuaEngine.create({ instructionLimit: 10_000_000 }, undefined, { isolation: "inline", poolSize: 1, isolateMemoryMb: 24, syncMaxEvaluations: 0 });
    try {
      await e.loadRules({ good: GOOD, mod3: "return function(e) return e:get_i64(2) % 3 == 0 end" });
      const batches = Array.from({ length: 12 }, (_, k) => EventBatch.from(events(100 + k)));
      const one = [];
      for (const b of batches) one.push(await e.evaluateBatch(b));
      const piped = await Promise.all(batches.map((b) => e.evaluateBatch(b)));
      piped.forEach((r, k) => {
        expect(r.events).toBe(100 + k);
        expect([...r.ruleMatches("good")]).toEqual([...one[k].ruleMatches("good")]);
        expect([...r.ruleMatches("mod3")]).toEqual([...one[k].ruleMatches("mod3")]);
      });
      // a hoarding rule kills the isolate in the middle of grouped calls: only it fails
      await e.loadRule("hoard", "big = {} return function(e) local t = {} for i = 1, 60000 do t[i] = i + 0.5 end big[#big + 1] = t return true end");
      const res = await Promise.all(batches.map((b) => e.evaluateBatch(b)));
      res.forEach((r, k) => {
        expect([...r.ruleMatches("mod3")]).toEqual([...one[k].ruleMatches("mod3")]);
        expect(r.errorCount("good")).toBe(0);
        expect(r.errorCount("mod3")).toBe(0);
      });
      expect(res.some((r) => r.errorCount("hoard") > 0)).toBe(true);
    } finally {
      await e.dispose();
    }
  });
});

describe("hot reload", () => {
  let engine: LuaEngine;
  beforeAll(async () => {
    // synchronous calls off, so batches really are in flight while we reload
    engine = await LuaEngine.create({}, undefined, { isolation: "inline", poolSize: 2, syncMaxEvaluations: 0 });
  });
  afterAll(() => engine.dispose());

  const SLOW_V1 = "return function(e) local n = 0 for i = 1, 2000 do n = n + i end return true end";
  const V2 = "return function(e) return false end";

  it("replacing a rule during a running batch: the batch finishes on the old version, later batches use the new one", async () => {
    await engine.loadRule("r", SLOW_V1);
    const batch = EventBatch.from(events(5000));
    const running = engine.evaluateBatch(batch);
    const reloaded = engine.loadRule("r", V2);
    const after = reloaded.then(() => engine.evaluateBatch(batch));
    const [r1, info, r2] = await Promise.all([running, reloaded, after]);
    expect(r1.matchCount("r")).toBe(5000); // all old
    expect(r1.errors).toEqual([]);
    expect(info.version).toBeGreaterThan(0);
    expect(r2.matchCount("r")).toBe(0); // all new
  });

  it("removing a rule during a running batch: the batch still has it", async () => {
    await engine.loadRule("gone", SLOW_V1);
    const running = engine.evaluateBatch(EventBatch.from(events(3000)), { rules: ["gone"] });
    await engine.removeRule("gone");
    const r = await running;
    expect(r.matchCount("gone")).toBe(3000);
    await expect(engine.evaluateBatch(events(1), { rules: ["gone"] })).rejects.toThrow(/no rule 'gone'/);
  });

  it("continuous batches with repeated reloads never mix versions within a batch", async () => {
    await engine.loadRules({ flip: "return function(e) return true end", other: "return function(e) return e:get_i64(2) % 2 == 0 end" });
    const batch = EventBatch.from(events(2000));
    const results: BatchResult[] = [];
    let stop = false;
    const pump = (async () => {
      while (!stop) results.push(await engine.evaluateBatch(batch));
    })();
    const pump2 = (async () => {
      while (!stop) results.push(await engine.evaluateBatch(batch));
    })();
    // at least 20 reloads, and as many more as it takes for several batches to run among them
    // (how many batches finish during 20 reloads depends on the machine)
    for (let i = 0; i < 20 || (results.length < 6 && i < 2000); i++) {
      await engine.loadRule("flip", i % 2 ? "return function(e) return true end" : "return function(e) return false end");
    }
    stop = true;
    await Promise.all([pump, pump2]);
    expect(results.length).toBeGreaterThan(2);
    for (const r of results) {
      expect([0, 2000]).toContain(r.matchCount("flip"));
      expect(r.matchCount("other")).toBe(1000);
      expect(r.errors).toEqual([]);
    }
  });

  it("a failed reload keeps the old version", async () => {
    await engine.loadRule("keep", "return function(e) return true end");
    await expect(engine.loadRule("keep", "return function(e) syntax error here end")).rejects.toThrow();
    await expect(engine.loadRule("keep", "return 'not a function'")).rejects.toThrow(/must return the predicate function/);
    expect(await engine.evaluateRule("keep", events(1)[0])).toBe(true);
  });

  it("old versions are dropped from the isolates once no batch needs them", async () => {
    for (let i = 0; i < 5; i++) await engine.loadRule("churn", `return function(e) return ${i} == 4 end`);
    await engine.evaluateBatch(events(1)); // carries the pending unloads
    await engine.evaluateBatch(events(1));
    const stats = await engine.stats();
    const held = stats.flatMap((s) => s.keys).filter((k) => k.startsWith("churn#"));
    expect(held).toEqual([`churn#${engine.ruleInfo("churn")!.version}`]);
    const total = stats.reduce((a, s) => a + s.instances, 0);
    expect(total).toBe(engine.ruleIds().length);
  });
});

describe("single-event evaluations on the raw synchronous path (no isolate timeout)", () => {
  const one = Event.builder().eventType(1).string(1, "/tmp/x.sh").i64(2, 7).build();

  /** Count the pool's raw (no timeout) evaluation calls. */
  function countRaw(engine: LuaEngine): { n: number } {
    const pool = engine.moonbox.pool as any;
    const c = { n: 0 };
    const orig = pool.tryCallSync.bind(pool);
    pool.tryCallSync = (slot: number, method: string, args: unknown[], opts?: { timeoutMs?: number }) => {
      if (method === "evaluateSharedRaw" && opts?.timeoutMs === undefined) c.n++;
      return orig(slot, method, args, opts);
    };
    return c;
  }

  it("a runaway rule still ends with the instruction limit; errors and alerts come back whole", async () => {
    // an isolate timeout of 65 s: only the instruction limit can end these quickly
    const engine = await LuaEngine.create({}, undefined, { isolation: "inline", poolSize: 1, ruleBatchTimeMs: 60_000 });
    try {
      const raw = countRaw(engine);
      await engine.loadRule("good", GOOD);
      expect(await engine.evaluateRule("good", one)).toBe(true); // (sets up the shared buffer)
      await new Promise((r) => setTimeout(r, 50));
      const t0 = performance.now();
      for (const src of ["return function(e) while true do end end", "return function(e) local function f() pcall(f) f() end f() end", "return function(e) while true do local b = string.byte('abc', 2) end end", "return function(e) local t = setmetatable({}, { __index = function(t, k) if k > 40 then return 0 end return t[k + 1] + t[k + 1] end }) return t[1] end"]) {
        await engine.loadRule("runaway", src);
        await expect(engine.evaluateRule("runaway", one)).rejects.toMatchObject({ type: "script_timeout", message: expect.stringMatching(/instruction limit/), ruleId: "runaway" });
      }
      expect(performance.now() - t0).toBeLessThan(10_000);
      await engine.loadRule("alerting", "return function(e) alert.emit('alerting', e:get_str(1)) return true end");
      expect(await engine.evaluateRule("alerting", one)).toBe(true);
      expect(await engine.evaluateRule("good", one)).toBe(true);
      expect(raw.n).toBeGreaterThanOrEqual(5);
    } finally {
      await engine.dispose();
    }
  });

  it("with the instruction limit disabled, the isolate timeout still ends a runaway rule", async () => {
    const engine = await LuaEngine.create({ instructionLimit: Infinity }, undefined, { isolation: "inline", poolSize: 1, ruleBatchTimeMs: 10 });
    try {
      const raw = countRaw(engine);
      await engine.loadRule("good", GOOD);
      expect(await engine.evaluateRule("good", one)).toBe(true);
      await new Promise((r) => setTimeout(r, 50));
      await engine.loadRule("runaway", "return function(e) while true do end end");
      await expect(engine.evaluateRule("runaway", one)).rejects.toMatchObject({ type: "script_timeout", ruleId: "runaway" });
      expect(await engine.evaluateRule("good", one)).toBe(true);
      expect(raw.n).toBe(0);
    } finally {
      await engine.dispose();
    }
  }, 30_000);
});

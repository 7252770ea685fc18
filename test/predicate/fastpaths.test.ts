// What the predicate fast paths must not change (src/transpile/lower.ts predicateCallee,
// runtime-shims/predicate/calls.ts, the shared event table, copy-on-write libraries, the
// buffer shared with inline isolates): the same answers and errors as the generic code.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { LuaEngine, Event, TypedValue, BatchEncoder } from "../../src/predicate/index.js";
import { compileLua } from "../../src/compile.js";

let engine: LuaEngine;
beforeAll(async () => {
  // one isolate: every rule of these tests shares it
  engine = await LuaEngine.create({ instructionLimit: 100_000 }, undefined, { isolation: "inline", poolSize: 1 });
});
afterAll(() => engine.dispose());

const ev = (path = "/tmp/x.sh", pid = 7) => Event.builder().eventType(3).string(1, path).i64(2, pid).bool(4, true).build();

async function errorOf(script: string, e = ev()): Promise<string> {
  try {
    await engine.evaluate(script, e);
  } catch (err) {
    return (err as Error).message;
  }
  return "no error";
}

describe("event method calls", () => {
  it("are direct calls on the event table", () => {
    const c = compileLua("return function(e) return e:get_str(1) end", "fast", { predicate: true });
    expect(c.code).toContain("$ev_get_str");
    const plain = compileLua("return function(e) return e:get_str(1) end", "fast");
    expect(plain.code).not.toContain("$ev_get_str");
  });

  it("keep the generic method call for any other receiver", async () => {
    const script = `
      local fake = { get_str = function(self, id) return "fake" .. id end }
      local C = setmetatable({}, { __index = { get_i64 = function(self, id) return id * 2 end } })
      return function(e)
        return fake:get_str(3) == "fake3" and C:get_i64(21) == 42 and e:get_str(1) == "/tmp/x.sh"
          and e:get_i64(2) == 7 and e:get_bool(4) == true and e:has_field(2) and not e:has_field(9)
          and e:field_type(2) == "i64" and e:get(1) == "/tmp/x.sh" and e:get_f64(2) == nil
      end`;
    expect(await engine.evaluate(script, ev())).toBe(true);
  });

  it("raise the generic call's errors", async () => {
    expect(await errorOf("return function(e) local t = {} return t:get_str(1) end")).toMatch(/^script:1: attempt to call method 'get_str' \(a nil value\)$/);
    expect(await errorOf("return function(e) local t return t:get_str(1) end")).toMatch(/^script:1: attempt to index local 't' \(a nil value\)$/);
    expect(await errorOf("return function(e)\n return e:get_str({})\nend")).toMatch(/^script:2: bad argument #1 to 'get_str'/);
  });

  it("pass every value of a multi-value last argument", async () => {
    expect(await engine.evaluate("local function two() return 1, 2 end return function(e) return e:get_str(two()) == '/tmp/x.sh' end", ev())).toBe(true);
  });

  it("the event table is shared and cannot be written, raw writes included", async () => {
    expect(await errorOf("return function(e) rawset(e, 'get_str', function() return 'x' end) end")).toMatch(/read-only/);
    expect(await errorOf("return function(e) e.get_str = nil end")).toMatch(/read-only/);
    expect(await errorOf("return function(e) table.insert(e, 1) end")).toMatch(/read-only/);
    expect(await engine.evaluate("return function(e) return rawget(e, 'get_str') ~= nil and e.type == 3 end", ev())).toBe(true);
  });
});

describe("global function calls through per-rule caches", () => {
  it("see a library function replaced during the evaluation", async () => {
    const script = `
      return function(e)
        local a = string.contains(e:get_str(1), "/tmp/")
        string.contains = function() return "mine" end
        local b = string.contains("x", "y")
        string.contains = nil
        local ok, err = pcall(function() return string.contains("x", "y") end)
        return a == true and b == "mine" and not ok and err:find("attempt to call field 'contains' %(a nil value%)") ~= nil
      end`;
    expect(await engine.evaluate(script, ev())).toBe(true);
  });

  it("see globals reassigned, a global table's fields rewritten and the globals table's metatable", async () => {
    const script = `
      S = { f = function() return 1 end }
      local n = 0
      return function(e)
        n = n + 1
        local r1 = S.f()
        S.f = function() return 2 end
        local r2 = S.f()
        S = { f = function() return 3 end }
        local r3 = S.f()
        local t1 = tostring(5)
        tostring = function() return "t" end
        local t2 = tostring(5)
        tostring = nil
        setmetatable(_G, { __index = function(_, k) if k == "tostring" then return function() return "mt" end end end })
        local t3 = tostring(5)
        return r1 == 1 and r2 == 2 and r3 == 3 and t1 == "5" and t2 == "t" and t3 == "mt"
      end`;
    expect(await engine.evaluate(script, ev())).toBe(true);
  });

  it("raise the generic call's errors with the calling line", async () => {
    expect(await errorOf("return function(e)\n\n  return nosuch(1)\nend")).toBe("script:3: attempt to call global 'nosuch' (a nil value)");
    expect(await errorOf("return function(e)\n  return nosuch.f(1)\nend")).toBe("script:2: attempt to index global 'nosuch' (a nil value)");
    expect(await errorOf("return function(e)\n  return string.nosuch(1)\nend")).toBe("script:2: attempt to call field 'nosuch' (a nil value)");
    expect(await errorOf("return function(e)\n  return string.contains(nil, 'x')\nend")).toMatch(/^script:2: bad argument #1 to 'contains'/);
  });
});

describe("libraries are copy-on-write per rule (one isolate)", () => {
  it("a rule's library writes stay its own, at load and while evaluating", async () => {
    await engine.loadRules([
      { id: "meta", script: "getmetatable('').__index = {upper = function() return 'HACKED' end} return function(e) return ('x'):upper() == 'HACKED' end" },
      { id: "plain", script: "return function(e) return ('x'):upper() == 'X' end" },
      { id: "w", script: "string.contains = function() return true end return function(e) return string.contains('a', 'b') end" },
      { id: "w2", script: "return function(e) string.startswith = function() return 'yes' end return string.startswith('a', 'b') == 'yes' end" },
      { id: "r", script: "return function(e) return string.contains('a', 'b') == false and string.startswith('a', 'b') == false and ('x'):upper() == 'X' end" },
      { id: "count", script: "return function(e) math.n = (math.n or 0) + 1 return math.n end" },
    ]);
    for (let round = 0; round < 2; round++) {
      const r = await engine.evaluateBatch([ev(), ev(), ev()]);
      for (const id of ["meta", "plain", "w", "w2", "r"]) expect([id, r.matchCount(id)]).toEqual([id, 3]);
      expect(r.errors).toEqual([]);
    }
    // the counter in `math` is the rule's own and persists across its evaluations
    expect(await engine.evaluateRule("count", ev())).toBe(true);
    for (const id of ["meta", "plain", "w", "w2", "r", "count"]) await engine.removeRule(id);
  });
});

describe("the buffer shared with inline isolates", () => {
  it("evaluateRule and evaluateBatch give the same answers through it as through copies", async () => {
    await engine.loadRule("spec", "return function(e) local x = e:get_str(1) return x ~= nil and (string.contains(x, '/tmp/') or string.endswith(x, '.sh')) end");
    const paths = ["/tmp/a", "/bin/ls", "/home/u/x.sh", "", "/tmp", "\u00e9/tmp/\u00e9", "x".repeat(70_000) + ".sh"];
    for (let round = 0; round < 3; round++) {
      for (const p of paths) expect([p.slice(0, 20), await engine.evaluateRule("spec", ev(p))]).toEqual([p.slice(0, 20), p.includes("/tmp/") || p.endsWith(".sh")]);
    }
    const enc = new BatchEncoder();
    for (let i = 0; i < 3000; i++) enc.begin(1, i, i, 0).string(1, i % 3 === 0 ? `/tmp/${i}` : `/bin/${i}`).i64(2, i);
    const batch = enc.finish();
    const rs = await Promise.all([engine.evaluateBatch(batch, { rules: ["spec"] }), engine.evaluateBatch(batch, { rules: ["spec"] }), engine.evaluateBatch(batch, { rules: ["spec"] })]);
    for (const r of rs) expect(r.matchCount("spec")).toBe(1000);
    await engine.removeRule("spec");
  });

  it("single evaluations leave nothing behind: string fields, alerts and errors belong to their own call", async () => {
    await engine.loadRules({
      two: "return function(e) return (e:get_str(1) or '') .. '|' .. (e:get_str(5) or '') == e:get_str(6) end",
      shout: "return function(e) alert.emit('shout', e:get_str(1)) return true end",
      quiet: "return function(e) if e:get_i64(2) == 13 then error('unlucky') end return false end",
    });
    const two = (a: string, b: string | undefined, expect: string) => {
      const bld = Event.builder().eventType(1).string(1, a).i64(2, 1);
      if (b !== undefined) bld.string(5, b);
      return bld.string(6, expect).build();
    };
    expect(await engine.evaluateRule("two", two("a", "b", "a|b"))).toBe(true);
    expect(await engine.evaluateRule("two", two("c", undefined, "c|"))).toBe(true);
    expect(await engine.evaluateRule("two", two("d", "e", "a|b"))).toBe(false);
    for (let i = 0; i < 3; i++) {
      expect(await engine.evaluateRule("shout", ev(`/tmp/${i}`))).toBe(true);
      await expect(engine.evaluateRule("quiet", ev("/x", 13))).rejects.toThrow(/unlucky/);
      expect(await engine.evaluateRule("quiet", ev("/x", 1))).toBe(false);
    }
    const r = await engine.evaluateBatch([ev("/a"), ev("/b", 13)], { rules: ["quiet", "shout"] });
    expect(r.alerts.map((a) => [a.ruleId, a.message, a.eventIndex])).toEqual([["shout", "/a", 0], ["shout", "/b", 1]]);
    expect(r.errors.map((e) => [e.ruleId, e.eventIndex])).toEqual([["quiet", 1]]);
    for (const id of ["two", "shout", "quiet"]) await engine.removeRule(id);
  });

  it("is shared again with an isolate that replaced a dead one", async () => {
    const e = await LuaEngine.create({ instructionLimit: 10_000_000 }, undefined, { isolation: "inline", poolSize: 1, isolateMemoryMb: 24 });
    try {
      await e.loadRules({ spec: "return function(e) return e:get_str(1) == '/tmp/x.sh' end", hog: "big = {} return function(e) local t = {} for i = 1, 60000 do t[i] = i + 0.5 end big[#big + 1] = t return false end" });
      for (let i = 0; i < 20; i++) expect(await e.evaluateRule("spec", ev())).toBe(true);
      const r = await e.evaluateBatch(Array.from({ length: 200 }, () => ev()));
      expect(r.errorCount("hog")).toBe(200);
      expect(r.errors[0].message).toMatch(/exhausted its isolate/); // the hog took its isolate down (twice)
      await e.removeRule("hog");
      for (let i = 0; i < 50; i++) expect(await e.evaluateRule("spec", ev(i % 2 ? "/tmp/x.sh" : "/bin/sh"))).toBe(i % 2 === 1);
      const b = await e.evaluateBatch([ev(), ev("/bin/ls"), ev()], { rules: ["spec"] });
      expect([...b.ruleMatches("spec")]).toEqual([0, 2]);
    } finally {
      await e.dispose();
    }
  });
});

describe("rules loaded together", () => {
  it("report errors with each rule's own name and line", async () => {
    const rules = Array.from({ length: 30 }, (_, i) => ({ id: `g${i}`, script: `${"\n".repeat(i % 5)}return function(e)\n  if e:get_i64(2) == 7 then error('boom ${i}') end\n  return true\nend` }));
    await engine.loadRules(rules);
    const r = await engine.evaluateBatch([ev()]);
    for (let i = 0; i < 30; i++) {
      const err = r.errors.find((x) => x.ruleId === `g${i}`)!;
      expect(err.message).toBe(`g${i}:${(i % 5) + 2}: boom ${i}`);
    }
    for (const { id } of rules) await engine.removeRule(id);
  });
});

describe("the instruction limit in compiled predicates", () => {
  it("still stops a loop in a predicate that only calls event methods and library functions", async () => {
    const script = "return function(e) local n = 0 while e:has_field(1) and string.contains(e:get_str(1), '/') do n = n + 1 end return n end";
    expect(await errorOf(script)).toMatch(/instruction limit exceeded/);
  });
});

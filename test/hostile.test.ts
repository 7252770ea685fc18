// Hostile scripts: every one must end in a typed error (or harmless output), and after
// each one the same pool must run a normal script correctly.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { Engine } from "../src/engine.js";

let engine: Engine;
beforeAll(async () => {
  // one child-process isolate with a small heap: limits are hit quickly
  engine = await Engine.create({ poolSize: 1, memoryLimitMb: 32, timeoutMs: 300 });
});
afterAll(() => engine.dispose());

async function expectHealthy(): Promise<void> {
  const r = await engine.run("local t = {} for i = 1, 100 do t[i] = i * i end return t[100], string.rep('ab', 2)");
  expect(r.error).toBeUndefined();
  expect(r.values).toEqual([{ t: "number", v: 10000 }, { t: "string", v: "abab" }]);
}

async function hostile(src: string, opts: Parameters<Engine["run"]>[1] = {}) {
  const r = await engine.run(src, { chunkName: "hostile.lua", ...opts });
  await expectHealthy();
  return r;
}

describe("runaway loops end in script_timeout", () => {
  const loops: Record<string, string> = {
    "while true": "while true do end",
    "repeat until false": "repeat local x = 1 until false",
    "numeric for to huge": "for i = 1, math.huge do end",
    "goto loop": "::top:: goto top",
    "recursion through pcall": "local function f() pcall(f) f() end f()",
    "metamethod chain": "local t = setmetatable({}, {__index = function(t, k) return t[k] end}) while true do pcall(function() return t.x end) end",
    "generic for with an endless iterator": "for k in function() return 1 end do end",
    "string.rep in a loop": "while true do local s = string.rep('x', 1000) end",
    "pattern backtracking": "string.find(string.rep('a', 5000), '.-.-.-.-b')",
  };
  for (const [name, src] of Object.entries(loops)) {
    it(name, async () => {
      const r = await hostile(src);
      expect(r.error?.type).toBe("script_timeout");
    });
  }

  it("the instruction limit is deterministic and reports itself", async () => {
    const a = await hostile("local n = 0 while true do n = n + 1 end", { instructionLimit: 50_000 });
    expect(a.error?.type).toBe("script_timeout");
    expect(a.error?.message).toMatch(/instruction limit/);
    expect(a.instructions).toBe(50_000);
  });

  it("the instruction limit counts library work (one huge gsub is stopped)", async () => {
    const r = await hostile("local s = string.rep('a', 1e6) local n = 0 for i = 1, 100 do s:gsub('a', 'b') end", { instructionLimit: 200_000, timeoutMs: 5000 });
    expect(r.error?.type).toBe("script_timeout");
    expect(r.error?.message).toMatch(/instruction limit/);
  });

  it("calls inside if/do blocks are paid with the run before them: recursion and loops there still hit the limit", async () => {
    for (const src of [
      "local function f(n) if n > 0 then f(n - 1) do f(n - 1) end end end f(60)",
      "local function g() return 1 end if g() then do while true do g() end end end",
    ]) {
      const r = await hostile(src, { instructionLimit: 50_000, timeoutMs: 20_000 });
      expect(r.error?.type).toBe("script_timeout");
      expect(r.error?.message).toMatch(/instruction limit/);
    }
  });

  // metamethods without calls or loops of their own skip the entry charge; the dispatch
  // charges instead, or an exponential tree of them would escape the limit
  const trees: Record<string, [string, string]> = {
    __add: ["function(a, b) if a.n == 0 then return 0 end return (a.child + a.child) + (a.child + a.child) end", "top + top"],
    __index: ["function(t, k) if rawequal(t.n, 0) then return 0 end return t.child[k] + t.child[k] end", "top.x"],
    __lt: ["function(a, b) if a.n == 0 then return true end return (a.child < a.child) and (a.child < a.child) end", "top < top"],
    __call: ["function(a) if a.n == 0 then return 0 end return a.child() + a.child() end", "top()"],
  };
  for (const [event, [handler, use]] of Object.entries(trees)) {
    it(`an exponential tree of ${event} metamethods hits the instruction limit`, async () => {
      const src = `local mt = { ${event} = ${handler} } local top = setmetatable({ n = 0 }, mt)
        for i = 1, 40 do top = setmetatable({ n = i, child = top }, mt) end return ${use}`;
      const r = await hostile(src, { instructionLimit: 100_000, timeoutMs: 20_000 });
      expect(r.error?.type).toBe("script_timeout");
      expect(r.error?.message).toMatch(/instruction limit/);
    });
  }
});

describe("limits cannot be caught", () => {
  it("pcall does not catch the instruction limit", async () => {
    const r = await hostile("for i = 1, 10 do pcall(function() while true do end end) end print('escaped')", { instructionLimit: 10_000 });
    expect(r.error?.type).toBe("script_timeout");
    expect(r.stdout).toBe("");
  });
  it("xpcall's handler does not catch it", async () => {
    const r = await hostile("xpcall(function() while true do end end, function() print('handled') return 1 end) print('escaped')", { instructionLimit: 10_000 });
    expect(r.error?.type).toBe("script_timeout");
    expect(r.stdout).toBe("");
  });
  it("pcall does not catch the timeout", async () => {
    const r = await hostile("pcall(function() while true do end end) print('escaped')");
    expect(r.error?.type).toBe("script_timeout");
  });
  it("pcall does not catch the memory limit", async () => {
    const r = await hostile("print(pcall(string.rep, 'x', 2^30)) print('escaped')");
    expect(r.error?.type).toBe("script_memory_limit");
    expect(r.stdout).toBe("");
  });
  it("an error with the text of a limit is still a runtime error", async () => {
    const r = await hostile("error('instruction limit exceeded')");
    expect(r.error?.type).toBe("script_runtime_error");
  });
});

describe("limits hold inside coroutines", () => {
  it("the instruction limit ends the run, not just the coroutine", async () => {
    const r = await hostile(`
      local co = coroutine.create(function() while true do end end)
      print(coroutine.resume(co)) print("escaped")`, { instructionLimit: 10_000 });
    expect(r.error?.type).toBe("script_timeout");
    expect(r.stdout).toBe("");
  });
  it("yielding in a loop does not escape the instruction limit", async () => {
    const r = await hostile(`
      local gen = coroutine.wrap(function() while true do coroutine.yield(1) end end)
      while true do gen() end`, { instructionLimit: 50_000 });
    expect(r.error?.type).toBe("script_timeout");
  });
  it("the timeout interrupts a coroutine", async () => {
    const r = await hostile("local co = coroutine.wrap(function() pcall(function() while true do end end) end) co() print('escaped')");
    expect(r.error?.type).toBe("script_timeout");
  });
  it("the memory limit ends the run from inside a coroutine", async () => {
    const r = await hostile(`
      local co = coroutine.create(function() local t = {} for i = 1, 1e9 do t[i] = {i} end end)
      print(coroutine.resume(co)) print("escaped")`, { timeoutMs: 10_000 });
    expect(r.error?.type).toBe("script_memory_limit");
    expect(r.stdout).toBe("");
  });
});

describe("memory bombs end in script_memory_limit", () => {
  const bombs: Record<string, string> = {
    "string.rep of gigabytes": "local s = string.rep('x', 2^31 - 1)",
    "string.rep with a long unit": "local s = string.rep(string.rep('x', 1e6), 1e5)",
    "concatenation doubling": "local s = 'x' for i = 1, 64 do s = s .. s end print(#s)",
    "table growth": "local t = {} for i = 1, 1e9 do t[i] = i end",
    "strings in a table": "local t = {} for i = 1, 1e8 do t[i] = 'item' .. i end",
    "deep nesting": "local t = {} for i = 1, 1e9 do t = {t, i} end",
    "table.concat of a huge result": "local t = {} local s = string.rep('y', 1e6) for i = 1, 1e4 do t[i] = s end print(#table.concat(t))",
    "gsub expansion": "local s = string.rep('a', 1e6) for i = 1, 20 do s = s:gsub('a', 'aa') end",
  };
  for (const [name, src] of Object.entries(bombs)) {
    it(name, async () => {
      const r = await hostile(src, { timeoutMs: 10_000 });
      expect(r.error?.type).toBe("script_memory_limit");
    });
  }

  it("the per-run accounting limit stops table growth below the isolate cap", async () => {
    const r = await hostile("local t = {} for i = 1, 1e6 do t[i] = {} end", { memoryLimitBytes: 1024 * 1024 });
    expect(r.error?.type).toBe("script_memory_limit");
    expect(r.error?.message).toMatch(/1048576 bytes/);
  });
});

describe("nothing in JavaScript is reachable", () => {
  it("each JS name is nil, or a Lua function that refuses", async () => {
    const r = await hostile(`
      local names = {"globalThis", "global", "process", "eval", "Function", "constructor", "__proto__",
                     "$moonbox", "Object", "Array", "Reflect", "Proxy", "WebAssembly", "SharedArrayBuffer"}
      local out = {}
      for i, n in ipairs(names) do out[#out + 1] = tostring(rawget(_G, n)) end
      return table.concat(out, ",")`);
    expect(r.values[0]).toEqual({ t: "string", v: Array(14).fill("nil").join(",") });
  });

  it("prototype keys are ordinary keys of tables, strings and functions", async () => {
    const r = await hostile(`
      local t = {}
      t.__proto__ = 1; t.constructor = 2; t.prototype = 3; t.toString = 4; t.valueOf = 5; t.hasOwnProperty = 6
      local n = 0 for k in pairs(t) do n = n + 1 end
      local smeta = getmetatable("")
      return n, t.__proto__ + t.constructor, ("x").constructor, smeta.__index.constructor,
             pcall(function() return print.constructor end), rawget(string, "__proto__")`);
    expect(r.values.slice(0, 4)).toEqual([{ t: "number", v: 6 }, { t: "number", v: 3 }, { t: "nil" }, { t: "nil" }]);
    expect(r.values[4]).toEqual({ t: "boolean", v: false }); // indexing a function is an error
    expect(r.values[5]).toEqual({ t: "nil" });
  });

  it("error objects are Lua values, not JS errors", async () => {
    const r = await hostile(`
      local ok, e = pcall(function() local x = nil; return x.y end)
      local ok2, e2 = pcall(error, setmetatable({}, {__index = function(t, k) return k end}))
      return type(e), type(e2), e2.constructor`);
    expect(r.values).toEqual([{ t: "string", v: "string" }, { t: "string", v: "table" }, { t: "string", v: "constructor" }]);
  });

  it("absent functions are ordinary Lua errors naming them", async () => {
    for (const [call, msg] of [
      ["load('return 1')", "global 'load'"],
      ["loadstring('return 1')", "global 'loadstring'"],
      ["dofile('/etc/passwd')", "global 'dofile'"],
      ["loadfile('/etc/passwd')", "global 'loadfile'"],
      ["getfenv(1)", "global 'getfenv'"],
      ["setfenv(1, {})", "global 'setfenv'"],
      ["io.open('/etc/passwd')", "global 'io'"],
      ["os.execute('id')", "global 'os'"],
      ["debug.getinfo(1)", "global 'debug'"],
      ["string.dump(print)", "field 'dump'"],
      ["newproxy(true)", "global 'newproxy'"],
    ]) {
      const r = await hostile(call);
      expect(r.error?.type).toBe("script_runtime_error");
      expect(r.error?.message).toContain(msg);
    }
    const req = await hostile("require('os')");
    expect(req.error?.message).toMatch(/module 'os' not found/);
    const gc = await hostile("collectgarbage('stop')");
    expect(gc.error?.message).toMatch(/not available in the sandbox/);
  });
});

describe("one run never sees another's state", () => {
  it("globals, library tables and the string metatable are pristine for the next run", async () => {
    const a = await engine.run(`
      secret = "leaked"
      string.upper = function() return "hacked" end
      getmetatable("").__index = {len = function() return -1 end}
      getmetatable("").__add = function() return "added" end
      table.insert = nil
      math.pi = 3
      _G.print = function() end
      setmetatable(_G, {__index = function() return "ghost" end})`);
    expect(a.error).toBeUndefined();
    const b = await engine.run(`
      return secret, string.upper("a"), ("abc"):len(), pcall(function() return "a" + {} end),
             type(table.insert), math.pi, undefinedGlobal`);
    expect(b.values[0]).toEqual({ t: "nil" });
    expect(b.values[1]).toEqual({ t: "string", v: "A" });
    expect(b.values[2]).toEqual({ t: "number", v: 3 });
    expect(b.values[3]).toEqual({ t: "boolean", v: false });
    expect(b.values[4]).toEqual({ t: "string", v: "function" });
    expect(b.values[5]).toEqual({ t: "number", v: Math.PI });
    expect(b.values[6]).toEqual({ t: "nil" });
  });

  it("library tables written in every way are restored for the next run", async () => {
    const a = await engine.run(`
      local s, m = string, math
      s.len = function() return -1 end
      setmetatable(m, {__index = function() return "ghost" end})
      table.insert(bit, "array part")
      rawset(table, "concat", nil)
      coroutine.wrap = 1
      local meta = getmetatable("")
      setmetatable(meta, {__index = function() return "meta" end})
      return #s, m.nothing, bit[1]`);
    expect(a.values).toEqual([{ t: "number", v: 0 }, { t: "string", v: "ghost" }, { t: "string", v: "array part" }]);
    const b = await engine.run(`
      return string.len("abc"), math.nothing, bit[1], type(table.concat), type(coroutine.wrap),
             getmetatable(math), getmetatable(getmetatable(""))`);
    expect(b.values).toEqual([
      { t: "number", v: 3 }, { t: "nil" }, { t: "nil" }, { t: "string", v: "function" }, { t: "string", v: "function" }, { t: "nil" }, { t: "nil" },
    ]);
  });

  it("different scripts on the same isolate do not share upvalues or tables", async () => {
    const counter = "count = (count or 0) + 1 local t = {} return count";
    const r1 = await engine.run(counter);
    const r2 = await engine.run(counter);
    expect(r1.values).toEqual([{ t: "number", v: 1 }]);
    expect(r2.values).toEqual([{ t: "number", v: 1 }]);
  });
});

// Lua stack traces in ScriptErrors: Lua file:line and Lua function names for nested functions,
// methods (a:b), fields (M.f), globals, anonymous functions, error levels and runtime errors.
// Frames are named as lua5.1 names them: by how they were called (test/lua/traceback compares
// whole tracebacks with lua5.1's).
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { Engine } from "../../src/engine.js";
import { compileDebug } from "../../src/inspect/chunk.js";

let engine: Engine;
beforeAll(async () => {
  engine = await Engine.create({ isolation: "inline", poolSize: 1 });
});
afterAll(() => engine?.dispose());

async function traceback(lua: string, chunkName: string): Promise<{ message: string; line?: number; tb: string[] }> {
  const r = await engine.run(lua, { chunkName });
  expect(r.ok).toBe(false);
  return { message: r.error!.message, line: r.error!.line, tb: (r.error!.luaTraceback ?? "").split("\n") };
}

describe("Lua tracebacks", () => {
  it("nested local functions, a method and the main chunk", async () => {
    const lua = `local Account = {}
Account.__index = Account
function Account.new(b) return setmetatable({ balance = b }, Account) end
function Account:withdraw(n)
  if n > self.balance then error("insufficient funds") end
  self.balance = self.balance - n
end
local function outer(acct)
  local function inner()
    acct:withdraw(100)
  end
  inner()
end
outer(Account.new(10))
`;
    const t = await traceback(lua, "bank.lua");
    expect(t.message).toBe("bank.lua:5: insufficient funds");
    expect(t.line).toBe(5);
    expect(t.tb).toEqual([
      "stack traceback:",
      "\tbank.lua:5: in function 'withdraw'",
      "\tbank.lua:10: in function 'inner'",
      "\tbank.lua:12: in function 'outer'",
      "\tbank.lua:14: in main chunk",
    ]);
  });

  it("field functions, globals and error levels (the caller's line)", async () => {
    const lua = `local M = {}
function M.check(v)
  if type(v) ~= "number" then
    error("expected a number", 2)
  end
  return v
end
function M:scale(v)
  local r = M.check(v) * self.factor
  return r
end
function run_all(list, obj)
  local out = {}
  for i, v in ipairs(list) do out[i] = obj:scale(v) end
  return out
end
run_all({ 1, "two" }, setmetatable({ factor = 2 }, { __index = M }))
`;
    const t = await traceback(lua, "scripts/scale.lua");
    expect(t.message).toBe("scripts/scale.lua:9: expected a number");
    expect(t.tb).toEqual([
      "stack traceback:",
      "\tscripts/scale.lua:4: in function 'check'",
      "\tscripts/scale.lua:9: in function 'scale'",
      "\tscripts/scale.lua:14: in function 'run_all'",
      "\tscripts/scale.lua:17: in main chunk",
    ]);
  });

  it("functions passed as values are named by the caller's local, as lua5.1 does", async () => {
    const lua = `local function each(t, cb)
  for i = 1, #t do cb(t[i]) end
end
each({1, 2}, function(x)
  if x == 2 then
    error("two")
  end
end)
`;
    const t = await traceback(lua, "each.lua");
    expect(t.message).toBe("each.lua:6: two");
    expect(t.tb).toEqual(["stack traceback:", "\teach.lua:6: in function 'cb'", "\teach.lua:2: in function 'each'", "\teach.lua:4: in main chunk"]);
  });

  it("runtime errors (not error()) in anonymous functions stored in tables", async () => {
    const lua = `local cfg = nil
local function get(key)
  local v = cfg[key]
  return v
end
local handlers = {
  on_event = function(e)
    local r = get(e)
    return r
  end,
}
handlers.on_event("x")
`;
    const t = await traceback(lua, "handlers.lua");
    expect(t.message).toBe("handlers.lua:3: attempt to index upvalue 'cfg' (a nil value)");
    expect(t.tb[0]).toBe("stack traceback:");
    expect(t.tb[1]).toBe("\thandlers.lua:3: in function 'get'");
    // lua5.1 names the function by the field it was called through
    expect(t.tb[2]).toBe("\thandlers.lua:8: in function 'on_event'");
    expect(t.tb[3]).toBe("\thandlers.lua:12: in main chunk");
  });

  it("a tail call loses the caller's level, as in Lua: the callee is unnamed, then (tail call)", async () => {
    const lua = `local function a() error("deep") end
local function b() return a() end
local function c() b() end
c()
`;
    const t = await traceback(lua, "tail.lua");
    expect(t.tb).toEqual(["stack traceback:", "\ttail.lua:1: in function <tail.lua:1>", "\t(tail call): ?", "\ttail.lua:3: in function 'c'", "\ttail.lua:4: in main chunk"]);
  });

  it("debug builds (inspector mode) report the same Lua positions", async () => {
    const lua = `local function f(t)\n  return t.x.y\nend\nf({})\n`;
    const normal = await engine.run(lua, { chunkName: "same.lua" });
    const debug = await Engine.create({ inspector: { port: 0 } });
    try {
      const r = await debug.run(compileDebug(lua, "same.lua", { pauseOnStart: true }));
      expect(r.error?.message).toBe(normal.error?.message);
      expect(r.error?.message).toBe("same.lua:2: attempt to index field 'x' (a nil value)");
      expect(r.error?.luaTraceback).toBe(normal.error?.luaTraceback);
    } finally {
      await debug.dispose();
    }
  });
});

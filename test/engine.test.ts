// The engine API: values out, typed errors with Lua lines, limits, isolation between runs.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { Engine } from "../src/engine.js";
import { ScriptError } from "../src/errors.js";

let engine: Engine;
beforeAll(async () => {
  engine = await Engine.create({ poolSize: 1, timeoutMs: 2000 });
});
afterAll(() => engine.dispose());

describe("engine.run", () => {
  it("returns the chunk's values and print output", async () => {
    const r = await engine.run('print("hi", 1.5)\nreturn 1, "two", nil, true, {}', { chunkName: "v.lua" });
    expect(r.ok).toBe(true);
    expect(r.stdout).toBe("hi\t1.5\n");
    expect(r.values.slice(0, 4)).toEqual([{ t: "number", v: 1 }, { t: "string", v: "two" }, { t: "nil" }, { t: "boolean", v: true }]);
    expect(r.values[4].t).toBe("table");
  });

  it("passes arguments as the chunk's varargs", async () => {
    const r = await engine.run("return select('#', ...), ...", { args: ["a", "b"] });
    expect(r.values).toEqual([{ t: "number", v: 2 }, { t: "string", v: "a" }, { t: "string", v: "b" }]);
  });

  it("keeps every byte of strings (latin1 in, latin1 out)", async () => {
    const r = await engine.run('return "\\0\\1\\127\\128\\255"');
    expect(Buffer.from((r.values[0] as any).v, "latin1")).toEqual(Buffer.from([0, 1, 127, 128, 255]));
  });

  it("a runtime error is a ScriptError with the Lua line and a Lua traceback", async () => {
    const r = await engine.run("local function f(t)\n  return t.x.y\nend\nf({})\n", { chunkName: "err.lua" });
    expect(r.ok).toBe(false);
    expect(r.error).toBeInstanceOf(ScriptError);
    expect(r.error!.type).toBe("script_runtime_error");
    expect(r.error!.retryable).toBe(false);
    expect(r.error!.message).toBe("err.lua:2: attempt to index field 'x' (a nil value)");
    expect(r.error!.line).toBe(2);
    expect(r.error!.luaTraceback).toMatch(/err\.lua:2: in function 'f'/);
    expect(r.error!.luaTraceback).toMatch(/err\.lua:4: in main chunk/);
  });

  it("error() with a table value reaches the host as a typed runtime error", async () => {
    const r = await engine.run("error({code = 1})");
    expect(r.error!.type).toBe("script_runtime_error");
    expect(r.error!.message).toBe("(error object is a table value)");
  });

  it("a script that throws the string 'script_timeout' is still a runtime error", async () => {
    const r = await engine.run('error("script_timeout")');
    expect(r.error!.type).toBe("script_runtime_error");
  });

  it("a syntax error is script_syntax_error with line", async () => {
    const r = await engine.run("x = = 1", { chunkName: "s.lua" });
    expect(r.error!.type).toBe("script_syntax_error");
    expect(r.error!.line).toBe(1);
  });

  it("stack overflow is a Lua error, catchable by pcall", async () => {
    const r = await engine.run("local function f() return 1 + f() end\nlocal ok, e = pcall(f)\nreturn ok, e");
    expect(r.values[0]).toEqual({ t: "boolean", v: false });
    expect((r.values[1] as any).v).toMatch(/stack overflow/);
  });

  it("the timeout interrupts an endless loop", async () => {
    const r = await engine.run("while true do end", { timeoutMs: 100 });
    expect(r.error!.type).toBe("script_timeout");
    const ok = await engine.run("return 1");
    expect(ok.values).toEqual([{ t: "number", v: 1 }]);
  });

  it("the instruction limit stops a loop deterministically and pcall cannot catch it", async () => {
    const r = await engine.run("local n = 0\nprint(pcall(function() while true do n = n + 1 end end))", { instructionLimit: 10_000 });
    expect(r.error!.type).toBe("script_timeout");
    expect(r.error!.message).toMatch(/instruction limit/);
    expect(r.stdout).toBe("");
  });

  it("budget checks are compiled in only when an instruction limit applies", async () => {
    const src = "local n = 0 while n >= 0 do n = n + 1 end";
    const free = engine.compile(src, "free.lua"); // this engine has no instruction limit
    expect(free.budget).toBe(false);
    expect(free.code).not.toContain("$budget.n");
    // the same compiled chunk run with a limit switches to its checked twin
    const r = await engine.run(free, { instructionLimit: 20_000 });
    expect(r.error!.type).toBe("script_timeout");
    expect(r.error!.message).toMatch(/instruction limit/);
    expect(r.instructions).toBe(20_000);
    const limitedEngine = await Engine.create({ poolSize: 1, timeoutMs: 2000, isolation: "inline", instructionLimit: 5_000 });
    try {
      const checked = limitedEngine.compile(src, "checked.lua");
      expect(checked.budget).toBe(true);
      expect((await limitedEngine.run(checked)).error!.message).toMatch(/instruction limit/);
    } finally {
      await limitedEngine.dispose();
    }
  });

  it("globals changed by one run are pristine for the next", async () => {
    await engine.run("x = 1; print = nil; string.upper = nil");
    const r = await engine.run("return x, type(print), string.upper('a')");
    expect(r.values).toEqual([{ t: "nil" }, { t: "string", v: "function" }, { t: "string", v: "A" }]);
  });

  it("JS names are ordinary table keys", async () => {
    const r = await engine.run("local t = {}\nreturn t.__proto__, t.constructor, t.toString, ('x').constructor, _G.globalThis");
    expect(r.values.every((v) => v.t === "nil")).toBe(true);
  });
});

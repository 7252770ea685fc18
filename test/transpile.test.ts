// The parser patches, syntax errors, and a few emitted shapes worth reviewing.
// Correctness of execution is judged by the differential suite, not by these snapshots.
import { describe, it, expect } from "vitest";
import { transpile, LuaSyntaxError } from "../src/transpile/index.js";
import { parseLua } from "../src/transpile/parse.js";

const js = (src: string) => transpile(src, { chunkName: "t.lua", id: "t" }).code;

describe("luaparse patches (patches/luaparse+0.3.1.patch)", () => {
  it('parses return "end" as a return of a string', () => {
    const ast = parseLua('return "end"', "t.lua");
    expect(ast.body[0].arguments).toHaveLength(1);
    expect(ast.body[0].arguments[0].value).toBe("end");
  });
  it("accepts break; at the end of a block (Lua 5.1 allows the optional ';')", () => {
    const ast = parseLua("while true do break; end", "t.lua");
    expect(ast.body[0].body[0].type).toBe("BreakStatement");
  });
  it("records parentheses so (f()) truncates to one value", () => {
    const ast = parseLua("return (f())", "t.lua");
    expect(ast.body[0].arguments[0].inParens).toBe(true);
  });
  it("keeps every byte of string literals (pseudo-latin1)", () => {
    const ast = parseLua('return "\\0\\255\\n"', "t.lua");
    expect(ast.body[0].arguments[0].value).toBe("\x00\xff\n");
  });
});

describe("syntax errors", () => {
  it("are LuaSyntaxError with line and column, never a raw luaparse exception", () => {
    let err: unknown;
    try {
      transpile("local x = 1\nx = = 2", { chunkName: "bad.lua", id: "b" });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LuaSyntaxError);
    expect((err as LuaSyntaxError).line).toBe(2);
    expect((err as LuaSyntaxError).column).toBe(5);
    expect((err as LuaSyntaxError).message).toMatch(/^bad\.lua:2:5: /);
  });
  it("rejects goto without a visible label", () => {
    expect(() => js("goto nowhere")).toThrow(/no visible label 'nowhere'/);
  });
  it("rejects ... outside a vararg function", () => {
    expect(() => js("local function f() return ... end")).toThrow(/cannot use '...'/);
  });
  it("rejects FFI number literals", () => {
    expect(() => js("return 1LL")).toThrow(/FFI number literals/);
  });
});

describe("coroutine support costs plain chunks nothing", () => {
  const src = "local function f(x) return function() return x end end\nreturn f(1)()";
  it("a chunk that never mentions coroutine has no generator twins", () => {
    const code = js(src);
    expect(code).not.toContain("$cofn");
    expect(code).not.toContain("function*");
    expect(code).toBe(transpile(src, { chunkName: "t.lua", id: "t", coroutines: false }).code);
  });
  it("a chunk that mentions coroutine gets a generator twin per function", () => {
    const code = js("local c = coroutine\n" + src);
    expect(code).toContain("$cofn(function f$(x)");
    // f's twin, and the inner function's twin both in f and in f's twin
    expect(code.match(/function\*/g)?.length).toBe(3);
  });
});

describe("budget checks", () => {
  it("one check per run of statements: the calls in an if's blocks are paid before it, a loop body per iteration", () => {
    const checks = (src: string) => js(src).split("$budget.n").length - 1;
    expect(checks("local function f(n) if n > 0 then f(n - 1) f(n - 1) end end")).toBe(1); // f's run (the chunk itself makes no call)
    expect(checks("local function f(n) if n < 2 then return n end return f(n - 1) + f(n - 2) end")).toBe(1);
    expect(checks("for i = 1, 3 do if i > 1 then print(i) end end")).toBe(1);
    expect(checks("print(1) while true do print(2) end print(3)")).toBe(3);
  });
});

describe("emitted shapes", () => {
  it("numeric for: a JS let loop with the budget check at the back-edge", () => {
    expect(js("for i = 1, 10 do print(i) end")).toMatchSnapshot();
  });
  it("calls: single-value context takes $first, tail position passes all values", () => {
    expect(js("local function f(a) return a, 2 end\nlocal x = f(1) + 1\nreturn f(x)")).toMatchSnapshot();
  });
  it("multiple assignment evaluates every right-hand side first", () => {
    expect(js("local a, b = 1, 2\na, b = b, a")).toMatchSnapshot();
  });
  it("self tail calls become jumps", () => {
    expect(js("local function loop(n) if n == 0 then return 0 end return loop(n - 1) end")).toMatchSnapshot();
  });
});

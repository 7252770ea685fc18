// Source maps of debug builds: every statement position V8 can break at maps to the right Lua
// line (what a breakpoint on a Lua line and stepping through Lua need), one test per construct
// kind; Lua names for locals and functions; ordinary compiles are unchanged.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { SourceMapConsumer } from "source-map-js";
import { compileLua } from "../../src/compile.js";
import { compileDebug } from "../../src/inspect/chunk.js";
import { InspectorIsolate, markedLines } from "./helpers.js";

let ii: InspectorIsolate;
beforeAll(async () => {
  ii = await InspectorIsolate.create();
});
afterAll(() => ii?.dispose());

/** Statements marked `-- @` are exactly the Lua lines with V8 break locations. */
async function expectBreakLines(lua: string): Promise<void> {
  const { lines } = await ii.breakLines(lua);
  expect([...lines.keys()].sort((a, b) => a - b)).toEqual(markedLines(lua));
}

describe("statement positions map to their Lua lines (V8 break locations through the debug map)", () => {
  it("locals, assignments, calls and return", () =>
    expectBreakLines(`local total = 0 -- @
local function add(a, b) -- @
  local sum = a + b -- @
  return sum -- @
end

x = add(total, 2) -- @
total, x = x, total -- @
print(total) -- @
return total -- @
`));

  it("if / elseif / else", () =>
    expectBreakLines(`local n = tonumber("7") -- @
if n > 5 then -- @
  n = n - 1 -- @
elseif n > 2 then -- @
  n = n + 1 -- @
else
  n = 0 -- @
end
return n -- @
`));

  it("while and repeat-until", () =>
    expectBreakLines(`local i, s = 0, 0 -- @
while i < 10 do -- @
  i = i + 1 -- @
  if i % 2 == 0 then -- @
    s = s + i -- @
  end
end
repeat -- @
  i = i - 3 -- @
until i < 0 -- @
return s -- @
`));

  it("numeric and generic for", () =>
    expectBreakLines(`local t = { a = 1, b = 2, c = 3 } -- @
local keys = {} -- @
for k, v in pairs(t) do -- @
  keys[#keys + 1] = k .. "=" .. v -- @
end
for i = #keys, 1, -1 do -- @
  keys[i] = keys[i]:upper() -- @
end
table.sort(keys) -- @
return table.concat(keys, ",") -- @
`));

  it("function statements, methods, closures and varargs", () =>
    expectBreakLines(`local M = {} -- @
function M.new(x) -- @
  return setmetatable({ x = x }, { __index = M }) -- @
end
function M:get() -- @
  return self.x -- @
end
local function twice(f, v) -- @
  return f(f(v)) -- @
end
local inc = function(v) -- @
  return v + 1 -- @
end
g = function(...) -- @
  local n = select("#", ...) -- @
  return n -- @
end
return twice(inc, M.new(1):get()) + g(1, 2) -- @
`));

  it("table constructors over several lines, do blocks, goto, pcall, method calls on strings", () =>
    // (a `do` line has no code of its own; `break` breaks on its loop's line)
    expectBreakLines(`local t = { -- @
  1,
  2,
  three = 3,
}
do
  local x = #t -- @
  t.n = x -- @
end
for i = 1, 3 do -- @
  if i == 2 then goto continue end -- @
  t[#t + 1] = i -- @
  ::continue::
end
local ok, err = pcall(error, "boom") -- @
local s = ("x"):rep(3) .. tostring(ok) -- @
return s, err -- @
`));

  it("coroutines (generator twins)", () =>
    expectBreakLines(`local co = coroutine.create(function(a) -- @
  local b = coroutine.yield(a + 1) -- @
  return b * 2 -- @
end)
local _, x = coroutine.resume(co, 1) -- @
local _, y = coroutine.resume(co, x + 10) -- @
return x + y -- @
`));
});

describe("names", () => {
  const lua = `local x = 1
local x = x + 1
local class = x * 2
local function add(a, b)
  local sum = a + b
  return sum
end
local t = {}
function t:method(n) return self, n end
return add(class, x)
`;

  /** What DevTools does: each identifier takes the name of the map entry at or before it. */
  function devtoolsNames(code: string, map: string): Map<string, Set<string>> {
    const entries: { l: number; c: number; name: string | null }[] = [];
    new SourceMapConsumer(JSON.parse(map)).eachMapping((m) => entries.push({ l: m.generatedLine, c: m.generatedColumn, name: m.name }));
    const out = new Map<string, Set<string>>();
    code.split("\n").forEach((text, i) => {
      for (const m of text.matchAll(/(?<![\w$."'])[A-Za-z_$][\w$]*/g)) {
        let best: (typeof entries)[number] | undefined;
        for (const e of entries) if (e.l < i + 1 || (e.l === i + 1 && e.c <= m.index!)) best = e;
        if (best?.name && best.l === i + 1 && best.c === m.index) {
          const s = out.get(m[0]) ?? new Set();
          s.add(best.name);
          out.set(m[0], s);
        }
      }
    });
    return out;
  }

  it("every emitted local is named with its Lua name, exactly at each occurrence", () => {
    const c = compileDebug(lua, "names.lua");
    const names = devtoolsNames(c.code, c.map);
    expect(c.code).toContain("let x$1 =");
    expect(c.code).toContain("let class_ =");
    expect(names.get("x")).toEqual(new Set(["x"]));
    expect(names.get("x$1")).toEqual(new Set(["x"]));
    expect(names.get("class_")).toEqual(new Set(["class"]));
    expect(names.get("sum")).toEqual(new Set(["sum"]));
    expect(names.get("self")).toEqual(new Set(["self"]));
  });

  it("functions are named at their `(` (DevTools' call stack names)", () => {
    const c = compileDebug(lua, "names.lua");
    const map = new SourceMapConsumer(JSON.parse(c.map));
    const lines = c.code.split("\n");
    const at = (re: RegExp) => {
      const l = lines.findIndex((t) => re.test(t));
      const col = lines[l].search(re) + lines[l].match(re)![0].length - 1;
      return map.originalPositionFor({ line: l + 1, column: col });
    };
    expect(at(/function add\$\(/)).toMatchObject({ name: "add", line: 4 });
    expect(at(/function method\$\(/)).toMatchObject({ name: "method", line: 9 });
    expect(at(/function \$main\(/)).toMatchObject({ name: "main chunk", line: 1 });
  });

  it("the map carries the Lua source and a source URL", () => {
    const c = compileDebug(lua, "dir/names.lua", { sourcePath: "/srv/scripts/names.lua" });
    const m = JSON.parse(c.map);
    expect(m.sources).toEqual(["file:///srv/scripts/names.lua"]);
    expect(m.sourcesContent).toEqual([lua]);
    expect(c.url).toMatch(/^moonbox:\/\/\/lua\/[0-9a-f]{16}\/dir\/names\.lua\.js$/);
    expect(c.code).toMatch(/\n\/\/# sourceMappingURL=data:application\/json;charset=utf-8;base64,[A-Za-z0-9+/=]+\n$/);
    expect(compileDebug(lua, "names.lua").source).toBe("names.lua");
  });
});

describe("ordinary compiles are unchanged", () => {
  it("a debug build has the same code, chunk id and error line table, plus the map", () => {
    const lua = `local a = 1\nlocal function f(x)\n  return x.y\nend\nreturn f(a)\n`;
    const normal = compileLua(lua, "same.lua");
    const debug = compileDebug(lua, "same.lua");
    expect(debug.id).toBe(normal.id);
    const body = (code: string) => code.slice(0, code.indexOf("\n$moonbox.meta("));
    const table = (code: string) => code.match(/\$moonbox\.meta\([^,]+, [^,]+, (.*)\);\n/)![1];
    expect(body(debug.code)).toBe(body(normal.code));
    expect(table(debug.code)).toBe(table(normal.code));
    expect(normal.code).not.toContain("sourceMappingURL");
  });

  it("a debug build runs and reports Lua errors at Lua lines", async () => {
    const c = compileDebug(`local t = nil\nlocal function f()\n  return t.x\nend\nreturn f()\n`, "err.lua");
    await ii.host.load(c);
    const r = await ii.host.run(c, { timeoutMs: 5000 });
    expect(r.ok).toBe(false);
    expect(r.error?.message).toBe("err.lua:3: attempt to index upvalue 't' (a nil value)");
    // `return f()` is a tail call: lua5.1 names f by its definition and shows the lost level
    expect(r.error?.traceback).toBe("stack traceback:\n\terr.lua:3: in function <err.lua:2>\n\t(tail call): ?");
  });
});

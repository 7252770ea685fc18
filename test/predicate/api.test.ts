// The predicate runtime's API (src/predicate): the spec's usage example and test list,
// every API call and script function, the batch API, isolation between rules.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { LuaEngine, LuaRuntimeError, luaConfig, DEFAULT_LUA_CONFIG, SchemaRegistry, Event, EventBuildError, TypedValue, EventBatch, BatchEncoder } from "../../src/predicate/index.js";

const SPEC_SCRIPT = `
return function(event)
    local exe = event:get_str(1)
    if exe and (string.contains(exe, "/tmp/") or string.endswith(exe, ".sh")) then
        return true
    end
    return false
end
`;

const schema = new SchemaRegistry();
schema.register("executable", "string", 1);
schema.register("pid", "i64", 2);
schema.register("name", "string", 3);
schema.register("flag", "bool", 4);
schema.register("score", "f64", 5);
schema.register("payload", "bytes", 6);

let engine: LuaEngine;
beforeAll(async () => {
  engine = await LuaEngine.create({}, schema, { isolation: "inline", poolSize: 2 });
});
afterAll(() => engine.dispose());

function ev(fields: Record<number, TypedValue> = {}, type = 1): Event {
  const b = Event.builder().eventType(type).tsMono(1_000_000_000).tsWall(1_700_000_000_000_000_000n).entityKey(0x123);
  for (const [id, v] of Object.entries(fields)) b.field(Number(id), v);
  return b.build();
}

const exe = (path: string) => ev({ 1: TypedValue.String(path) });

/** Evaluate a predicate body against an event: `return function(event) <body> end`. */
async function pred(body: string, e: Event = ev()): Promise<boolean> {
  return engine.evaluate(`return function(event) ${body} end`, e);
}

async function evalError(script: string, e: Event = ev()): Promise<LuaRuntimeError> {
  try {
    await engine.evaluate(script, e);
  } catch (err) {
    expect(err).toBeInstanceOf(LuaRuntimeError);
    return err as LuaRuntimeError;
  }
  throw new Error("no error");
}

describe("the spec's usage example (verbatim, in TypeScript)", () => {
  it("evaluates the example predicate to true", async () => {
    const schema = new SchemaRegistry();
    const config = luaConfig();
    const engine = await LuaEngine.new(config, schema, { isolation: "inline", poolSize: 1 });
    try {
      const script = `
return function(event)
    local exe = event:get_str(1)
    if exe and (string.contains(exe, "/tmp/") or string.endswith(exe, ".sh")) then
        return true
    end
    return false
end
`;
      const event = Event.builder().eventType(1).tsMono(1_000_000_000).tsWall(1_000_000_000).entityKey(0x123).field(1, TypedValue.String("/tmp/malicious.sh")).build();
      const matched = await engine.evaluate(script, event);
      expect(matched).toBe(true);
    } finally {
      await engine.dispose();
    }
  });

  it("the spec's io.popen example returns an error", async () => {
    const e = await evalError("io.popen('rm -rf /')");
    expect(e.type).toBe("script_runtime_error");
    expect(e.message).toBe("script:1: attempt to index global 'io' (a nil value)");
  });
});

describe("the spec's test list", () => {
  it("test_engine_create", async () => {
    const e = await LuaEngine.create({}, new SchemaRegistry(), { isolation: "inline", poolSize: 1 });
    expect(e.config).toEqual({ memoryLimitKb: 1024, instructionLimit: 1_000_000, enableFfi: false, enableJit: true });
    expect(e.info().poolSize).toBe(1);
    await e.dispose();
  });

  it("test_evaluate_simple", async () => {
    expect(await engine.evaluate("return function(event) return true end", ev())).toBe(true);
    expect(await engine.evaluate("return function(event) return false end", ev())).toBe(false);
  });

  it("test_evaluate_with_fields", async () => {
    const e = ev({ 1: TypedValue.String("/usr/bin/ls"), 2: TypedValue.I64(4242), 4: TypedValue.Bool(true) });
    expect(await pred("return event:get_str(1) == '/usr/bin/ls' and event:get_i64(2) == 4242 and event:get_bool(4) == true", e)).toBe(true);
  });

  it("test_sandbox_memory_limit", async () => {
    const small = await LuaEngine.create({ memoryLimitKb: 64 }, schema, { isolation: "inline", poolSize: 1 });
    try {
      const err = await small.evaluate("return function(event) local t = {} for i = 1, 1e6 do t[i] = i end return true end", ev()).catch((x) => x);
      expect(err).toBeInstanceOf(LuaRuntimeError);
      expect(err.type).toBe("script_memory_limit");
      const err2 = await small.evaluate("return function(event) return #string.rep('x', 1e6) > 0 end", ev()).catch((x) => x);
      expect(err2.type).toBe("script_memory_limit");
      // under the limit is fine
      expect(await small.evaluate("return function(event) local t = {} for i = 1, 100 do t[i] = i end return #t == 100 end", ev())).toBe(true);
    } finally {
      await small.dispose();
    }
  });

  it("test_sandbox_instructions", async () => {
    const e = await evalError("return function(event) while true do end end");
    expect(e.type).toBe("script_timeout");
    expect(e.message).toMatch(/instruction limit exceeded/);
  });

  it("test_string_contains", async () => {
    expect(await pred("return string.contains(event:get_str(1), '/tmp/')", exe("/var/tmp/x"))).toBe(true);
    expect(await pred("return string.contains(event:get_str(1), '/tmp/')", exe("/var/log/x"))).toBe(false);
    expect(await pred("return ('abc'):contains('b') and string.contains('abc', '')")).toBe(true);
  });

  it("test_string_starts_with", async () => {
    expect(await pred("return string.startswith(event:get_str(1), '/bin/')", exe("/bin/sh"))).toBe(true);
    expect(await pred("return string.startswith(event:get_str(1), '/bin/')", exe("/usr/bin/sh"))).toBe(false);
    expect(await pred("return string.endswith('x.sh', '.sh') and not string.endswith('x.sh', '.py')")).toBe(true);
  });

  it("test_regex_match", async () => {
    expect(await pred("return regex.match('suspicious.*pattern', event:get_str(3))", ev({ 3: TypedValue.String("a suspicious-looking pattern") }))).toBe(true);
    expect(await pred("return regex.match('^evil[0-9]+$', 'evil42') and not regex.match('^evil[0-9]+$', 'evil42x')")).toBe(true);
    const e = await evalError("return function(event) return regex.match('(a)\\\\1', 'aa') end");
    expect(e.type).toBe("script_runtime_error");
    expect(e.message).toMatch(/regex\.match: invalid pattern '\(a\)\\1': backreferences are not supported/);
  });

  it("test_glob_match", async () => {
    expect(await pred("return string.glob_match(event:get_str(3), '*/evil*')", ev({ 3: TypedValue.String("/home/evil.bin") }))).toBe(true);
    expect(await pred("return string.glob_match('/a/b/c.txt', '/a/*.txt') and not string.glob_match('x', '[!x]')")).toBe(true);
  });
});

describe("LuaConfig", () => {
  it("has the spec's defaults", () => {
    expect(DEFAULT_LUA_CONFIG).toEqual({ memoryLimitKb: 1024, instructionLimit: 1_000_000, enableFfi: false, enableJit: true });
    expect(luaConfig()).toEqual(DEFAULT_LUA_CONFIG);
  });

  it("accepts the spec's snake_case names", () => {
    expect(luaConfig({ memory_limit_kb: 512, instruction_limit: 5000, enable_jit: false })).toEqual({ memoryLimitKb: 512, instructionLimit: 5000, enableFfi: false, enableJit: false });
  });

  it("rejects enable_ffi: true with a clear error", async () => {
    expect(() => luaConfig({ enableFfi: true })).toThrow(/FFI is not available/);
    const err = await LuaEngine.create({ enable_ffi: true }).catch((e) => e);
    expect(err).toBeInstanceOf(LuaRuntimeError);
    expect(err.type).toBe("script_disabled");
  });

  it("rejects nonsense limits", () => {
    expect(() => luaConfig({ memoryLimitKb: 0 })).toThrow(/memory_limit_kb/);
    expect(() => luaConfig({ instructionLimit: -1 })).toThrow(/instruction_limit/);
  });

  it("enable_jit is accepted and documented as a no-op", async () => {
    const e = await LuaEngine.create({ enableJit: false }, undefined, { isolation: "inline", poolSize: 1 });
    expect(e.info().jit).toMatch(/no effect/);
    expect(await e.evaluate("return function() return 1 end", ev())).toBe(true);
    await e.dispose();
  });
});

describe("events", () => {
  it("the builder checks header values, field ids and values", () => {
    expect(() => Event.builder().eventType(-1).build()).toThrow(EventBuildError);
    expect(() => Event.builder().tsMono(1.5).build()).toThrow(/ts_mono/);
    expect(() => Event.builder().field(-1, TypedValue.I64(1)).build()).toThrow(/field id/);
    expect(() => Event.builder().field(1, TypedValue.I64(1.5)).build()).toThrow(/i64 needs an integer/);
    expect(() => Event.builder().field(1, TypedValue.I64(2n ** 70n)).build()).toThrow(/i64 out of range/);
    expect(() => Event.builder().field(1, { type: "string", value: 5 } as any).build()).toThrow(/string needs a string/);
  });

  it("a builder with a schema checks ids and types", () => {
    expect(() => Event.builder(schema).field(99, TypedValue.I64(1)).build()).toThrow(/not registered/);
    expect(() => Event.builder(schema).field(1, TypedValue.I64(1)).build()).toThrow(/'executable'\) is string, got a i64 value/);
    expect(Event.builder(schema).string(1, "/bin/sh").build().get(1)).toEqual({ type: "string", value: "/bin/sh" });
  });

  it("get / has / fields on the host side", () => {
    const e = ev({ 1: TypedValue.String("x"), 2: TypedValue.I64(7n) });
    expect(e.get(2)).toEqual({ type: "i64", value: 7n });
    expect(e.has(1)).toBe(true);
    expect(e.has(3)).toBe(false);
    expect(e.fields().map(([id]) => id)).toEqual([1, 2]);
    expect(e.eventType).toBe(1);
    expect(e.tsWall).toBe(1_700_000_000_000_000_000n);
  });

  it("a later value for the same field id replaces the earlier one", async () => {
    const e = Event.builder().string(1, "a").string(1, "b").build();
    expect(await pred("return event:get_str(1) == 'b'", e)).toBe(true);
  });
});

describe("the event inside scripts", () => {
  const full = () =>
    ev({
      1: TypedValue.String("/usr/bin/ls"),
      2: TypedValue.I64(4242),
      3: TypedValue.String("caf\u00e9"),
      4: TypedValue.Bool(false),
      5: TypedValue.F64(0.5),
      6: TypedValue.Bytes(new Uint8Array([0, 1, 255])),
    }, 7);

  it("typed getters return nil for absent fields and fields of another type", async () => {
    expect(await pred("return event:get_str(2) == nil and event:get_i64(1) == nil and event:get_bool(1) == nil and event:get_str(99) == nil and event:get_i64(5) == nil and event:get_f64(2) == nil", full())).toBe(true);
  });

  it("get_i64, get_f64, get_bool (false is a value, not absence), get_bytes, get", async () => {
    expect(await pred("return event:get_i64(2) == 4242 and math.type == nil and event:get_f64(5) == 0.5", full())).toBe(true);
    expect(await pred("return event:get_bool(4) == false and event:has_field(4)", full())).toBe(true);
    expect(await pred("local b = event:get_bytes(6) return #b == 3 and b:byte(1) == 0 and b:byte(3) == 255 and event:get_str(6) == nil", full())).toBe(true);
    expect(await pred("return event:get(1) == '/usr/bin/ls' and event:get(2) == 4242 and event:get(4) == false and event:get(99) == nil", full())).toBe(true);
  });

  it("strings are UTF-8 bytes", async () => {
    expect(await pred("local s = event:get_str(3) return #s == 5 and s:byte(4) == 0xC3 and s:byte(5) == 0xA9", full())).toBe(true);
  });

  it("has_field and field_type", async () => {
    expect(await pred("return event:has_field(1) and not event:has_field(99)", full())).toBe(true);
    expect(await pred("return event:field_type(1) == 'string' and event:field_type(2) == 'i64' and event:field_type(4) == 'bool' and event:field_type(5) == 'f64' and event:field_type(6) == 'bytes' and event:field_type(9) == nil", full())).toBe(true);
  });

  it("event.type, timestamps and entity key", async () => {
    expect(await pred("return event.type == 7 and event.event_type == 7 and event.ts_mono == 1e9 and event.ts_wall == 1.7e18 and event.entity_key == 0x123", full())).toBe(true);
    expect(await pred("return event.nope == nil", full())).toBe(true);
  });

  it("fields by schema name", async () => {
    expect(await pred("return event:get_str('executable') == '/usr/bin/ls' and event:get_i64('pid') == 4242 and event:has_field('flag')", full())).toBe(true);
    const e = await evalError("return function(event) return event:get_str('nope') end", full());
    expect(e.message).toMatch(/get_str: unknown field name 'nope'/);
  });

  it("a bad field id argument is an argument error", async () => {
    const e = await evalError("return function(event) return event:get_str({}) end");
    expect(e.message).toMatch(/bad argument #1 to 'get_str' \(field id expected, got table\)/);
  });

  it("the event is read-only and its metatable protected", async () => {
    const e = await evalError("return function(event) event.x = 1 end");
    expect(e.message).toMatch(/the event is read-only \(cannot set field 'x'\)/);
    expect(await pred("return getmetatable(event) == 'event' and not pcall(setmetatable, event, {})")).toBe(true);
    expect(await pred("return tostring(event) == 'event 1 of 1'")).toBe(true);
  });

  it("schema changes reach the isolates", async () => {
    const s2 = new SchemaRegistry();
    const e2 = await LuaEngine.create({}, s2, { isolation: "inline", poolSize: 1 });
    try {
      s2.register("late", "string", 9);
      expect(await e2.evaluate("return function(e) return e:get_str('late') == 'yes' end", Event.builder().string(9, "yes").build())).toBe(true);
    } finally {
      await e2.dispose();
    }
  });
});

describe("script format and truthiness", () => {
  it("truthiness is Lua's: only nil and false are false", async () => {
    for (const [v, want] of [
      ["nil", false],
      ["false", false],
      ["0", true],
      ["''", true],
      ["{}", true],
      ["'false'", true],
    ] as const) {
      expect(await pred(`return ${v}`), v).toBe(want);
    }
    expect(await pred("")).toBe(false); // no value
    expect(await pred("return false, true")).toBe(false); // the first value counts
    expect(await pred("return 1, false")).toBe(true);
  });

  it("a chunk that does not return a function is a clear load error", async () => {
    for (const [src, got] of [
      ["return 42", "number"],
      ["return {}", "table"],
      ["local x = 1", "nil"],
      ["return true", "boolean"],
    ]) {
      const e = await evalError(src);
      expect(e.type).toBe("script_invalid_output");
      expect(e.message).toBe(`script: the chunk must return the predicate function (return function(event) ... end), got ${got}`);
    }
    const l = await engine.loadRule("bad-format", "return 1").catch((x) => x);
    expect(l).toBeInstanceOf(LuaRuntimeError);
    expect(l.ruleId).toBe("bad-format");
    expect(engine.hasRule("bad-format")).toBe(false);
  });

  it("syntax errors are script_syntax_error with the line", async () => {
    const e = await engine.loadRule("syn", "return function(e)\n  return e ==\nend").catch((x) => x);
    expect(e).toBeInstanceOf(LuaRuntimeError);
    expect(e.type).toBe("script_syntax_error");
    expect(e.line).toBe(3);
  });

  it("runtime errors name the rule and line", async () => {
    await engine.loadRule("rt-err", "return function(e)\n  local t = nil\n  return t.x\nend");
    const e = await engine.evaluateRule("rt-err", ev()).catch((x) => x);
    expect(e).toBeInstanceOf(LuaRuntimeError);
    expect(e.type).toBe("script_runtime_error");
    expect(e.message).toBe("rt-err:3: attempt to index local 't' (a nil value)");
    expect(e.line).toBe(3);
    expect(e.ruleId).toBe("rt-err");
    await engine.removeRule("rt-err");
  });

  it("an error while running the chunk is a load error", async () => {
    const e = await engine.loadRule("load-err", "error('nope')").catch((x) => x);
    expect(e.type).toBe("script_runtime_error");
    expect(e.message).toBe("load-err:1: nope");
  });

  it("the sandbox holds: no io, os, load, debug, require of anything", async () => {
    expect(await pred("return io == nil and os == nil and load == nil and loadstring == nil and debug == nil and dofile == nil and setfenv == nil")).toBe(true);
    const e = await evalError("return function() return require('ffi') end");
    expect(e.message).toMatch(/module 'ffi' not found/);
  });
});

describe("alerts", () => {
  it("alert.emit is collected with the event index and the emitting rule", async () => {
    await engine.loadRule("alerter", "return function(e) if e:get_i64(2) then alert.emit('detect-' .. e:get_i64(2), 'pid ' .. e:get_i64(2)) end return false end");
    const events = [ev(), ev({ 2: TypedValue.I64(5) }), ev({ 2: TypedValue.I64(6) })];
    const r = await engine.evaluateBatch(events, { rules: ["alerter"] });
    expect(r.alerts).toEqual([
      { ruleId: "detect-5", message: "pid 5", eventIndex: 1, sourceRule: "alerter" },
      { ruleId: "detect-6", message: "pid 6", eventIndex: 2, sourceRule: "alerter" },
    ]);
    await engine.removeRule("alerter");
  });

  it("alerts of an evaluation that then fails are dropped with it", async () => {
    const r = await engine.evaluateScript("return function(e) alert.emit('a', 'kept') if e:get_i64(2) == 1 then alert.emit('b', 'dropped') error('x') end return true end", [ev(), ev({ 2: TypedValue.I64(1) })]);
    expect(r.alerts.map((a) => [a.message, a.eventIndex])).toEqual([["kept", 0]]);
    expect(r.errors.map((e) => e.eventIndex)).toEqual([1]);
  });

  it("argument checks, message optional, a cap per evaluation, not at load", async () => {
    const r = await engine.evaluateScript("return function(e) alert.emit(42) return true end", [ev()]);
    expect(r.alerts).toEqual([{ ruleId: "42", message: "", eventIndex: 0, sourceRule: "script" }]);
    expect((await evalError("return function(e) alert.emit() end")).message).toMatch(/bad argument #1 to 'emit' \(string expected, got no value\)/);
    expect((await evalError("return function(e) for i = 1, 101 do alert.emit('x', 'y') end end")).message).toMatch(/more than 100 alerts for one event/);
    expect((await evalError("alert.emit('x', 'at load') return function() end")).message).toMatch(/only be emitted while a predicate evaluates/);
  });
});

describe("rules and batches", () => {
  it("loadRule, evaluateRule, ruleIds, ruleInfo, removeRule", async () => {
    const info = await engine.loadRule("spec", SPEC_SCRIPT);
    expect(info.ruleId).toBe("spec");
    expect(info.slot).toBeGreaterThanOrEqual(0);
    expect(engine.hasRule("spec")).toBe(true);
    expect(engine.ruleIds()).toContain("spec");
    expect(engine.ruleInfo("spec")!.version).toBe(info.version);
    expect(await engine.evaluateRule("spec", exe("/tmp/x"))).toBe(true);
    expect(await engine.evaluateRule("spec", exe("/home/u/run.sh"))).toBe(true);
    expect(await engine.evaluateRule("spec", exe("/bin/ls"))).toBe(false);
    expect(await engine.evaluateRule("spec", ev())).toBe(false);
    expect(await engine.removeRule("spec")).toBe(true);
    expect(await engine.removeRule("spec")).toBe(false);
    const e = await engine.evaluateRule("spec", ev()).catch((x) => x);
    expect(e).toBeInstanceOf(LuaRuntimeError);
    expect(e.type).toBe("script_not_found");
  });

  it("evaluateRule's single-event path: matches, errors with rule and line, alerts do not break it", async () => {
    await engine.loadRules({
      one: "return function(e) alert.emit('x', 'y') print('p') return e:get_i64(2) == 1 end",
      two: "return function(e)\n  error('no')\nend",
    });
    const e1 = ev({ 2: TypedValue.I64(1) });
    for (let i = 0; i < 3; i++) {
      expect(await engine.evaluateRule("one", e1)).toBe(true);
      expect(await engine.evaluateRule("one", ev())).toBe(false);
      const err = await engine.evaluateRule("two", e1).catch((x) => x);
      expect(err).toBeInstanceOf(LuaRuntimeError);
      expect(err.message).toBe("two:2: no");
      expect(err.line).toBe(2);
      expect(err.ruleId).toBe("two");
    }
    // the same event against the same rule in a batch reports the alert
    const r = await engine.evaluateBatch([e1], { rules: ["one"] });
    expect(r.alerts).toEqual([{ ruleId: "x", message: "y", eventIndex: 0, sourceRule: "one" }]);
    await engine.removeRule("one");
    await engine.removeRule("two");
  });

  it("a batch gives a match set per event, per-rule matches, and runs every rule", async () => {
    const local = await LuaEngine.create({}, schema, { isolation: "inline", poolSize: 2 });
    try {
      const loaded = await local.loadRules({
        tmp: "return function(e) local s = e:get_str(1) return s ~= nil and s:contains('/tmp/') end",
        sh: "return function(e) local s = e:get_str(1) return s ~= nil and s:endswith('.sh') end",
        even: "return function(e) local p = e:get_i64(2) return p ~= nil and p % 2 == 0 end",
      });
      expect(loaded.every((r) => r.ok)).toBe(true);
      expect(new Set(loaded.map((r) => (r.ok ? r.info.slot : -1))).size).toBe(2); // spread over the pool
      const events = [exe("/tmp/a.sh"), exe("/bin/ls"), ev({ 1: TypedValue.String("/x.sh"), 2: TypedValue.I64(4) }), ev({ 2: TypedValue.I64(3) })];
      const r = await local.evaluateBatch(events);
      expect(r.events).toBe(4);
      expect([...r.rules].sort()).toEqual(["even", "sh", "tmp"]);
      expect(r.matches(0).sort()).toEqual(["sh", "tmp"]);
      expect(r.matches(1)).toEqual([]);
      expect(r.matches(2).sort()).toEqual(["even", "sh"]);
      expect(r.matches(3)).toEqual([]);
      expect([...r.ruleMatches("sh")]).toEqual([0, 2]);
      expect(r.matched(2, "even")).toBe(true);
      expect(r.matched(3, "even")).toBe(false);
      expect(r.matchCount()).toBe(4);
      expect(r.matchCount("tmp")).toBe(1);
      const set = r.matchSet();
      expect(set.offsets.length).toBe(5);
      expect(set.rules.length).toBe(4);
      expect(r.errors).toEqual([]);
      // a chosen set of rules, and an EventBatch encoded once and reused
      const batch = EventBatch.from(events);
      const r2 = await local.evaluateBatch(batch, { rules: ["even"] });
      expect(r2.rules).toEqual(["even"]);
      expect([...r2.ruleMatches("even")]).toEqual([2]);
      expect((await local.evaluateBatch(batch)).matchCount()).toBe(4);
      await expect(local.evaluateBatch(batch, { rules: ["nope"] })).rejects.toThrow(/no rule 'nope'/);
      // no rules / no events
      expect((await local.evaluateBatch([], {})).events).toBe(0);
    } finally {
      await local.dispose();
    }
  });

  it("a failing rule fails for that event only; the batch goes on", async () => {
    const local = await LuaEngine.create({ instructionLimit: 10_000 }, schema, { isolation: "inline", poolSize: 1 });
    try {
      await local.loadRules({
        flaky: "return function(e) local p = e:get_i64(2) if p == 1 then error('bad pid') elseif p == 2 then while true do end elseif p == 3 then local t = {} for i = 1, 1e6 do t[i] = i end end return true end",
        steady: "return function(e) return true end",
      });
      const events = [0, 1, 2, 3, 4].map((p) => ev({ 2: TypedValue.I64(p) }));
      const r = await local.evaluateBatch(events);
      expect([...r.ruleMatches("steady")]).toEqual([0, 1, 2, 3, 4]);
      expect([...r.ruleMatches("flaky")]).toEqual([0, 4]);
      expect(r.errors.map((e) => [e.ruleId, e.eventIndex, e.type])).toEqual([
        ["flaky", 1, "script_runtime_error"],
        ["flaky", 2, "script_timeout"],
        ["flaky", 3, "script_timeout"], // the 1e6 loop hits 10k instructions before 1 MB
      ]);
      expect(r.errors[0].message).toBe("flaky:1: bad pid");
      expect(r.errorCount("flaky")).toBe(3);
      expect(r.errorsOf(2)[0].message).toMatch(/instruction limit exceeded/);
    } finally {
      await local.dispose();
    }
  });

  it("the instruction limit applies per evaluation, not per batch", async () => {
    const local = await LuaEngine.create({ instructionLimit: 2_000 }, schema, { isolation: "inline", poolSize: 1 });
    try {
      await local.loadRule("loop", "return function(e) local n = 0 for i = 1, 1500 do n = n + i end return n > 0 end");
      const r = await local.evaluateBatch(Array.from({ length: 200 }, () => ev()));
      expect(r.errors).toEqual([]);
      expect(r.matchCount("loop")).toBe(200);
    } finally {
      await local.dispose();
    }
  });

  it("the memory limit applies per evaluation", async () => {
    const local = await LuaEngine.create({ memoryLimitKb: 256 }, schema, { isolation: "inline", poolSize: 1 });
    try {
      await local.loadRule("alloc", "return function(e) local t = {} for i = 1, 10000 do t[i] = i end return e:get_i64(2) ~= 1 or #string.rep('x', 1e6) > 0 end");
      const r = await local.evaluateBatch([0, 1, 2, 3].map((p) => ev({ 2: TypedValue.I64(p) })));
      expect([...r.ruleMatches("alloc")]).toEqual([0, 2, 3]);
      expect(r.errors.map((e) => [e.eventIndex, e.type])).toEqual([[1, "script_memory_limit"]]);
    } finally {
      await local.dispose();
    }
  });

  it("print() output of rules is returned with the batch", async () => {
    const r = await engine.evaluateScript("return function(e) print('seen', e.type) return true end", [ev(), ev()]);
    expect(r.output).toEqual([{ ruleId: "script", text: "seen\t1\nseen\t1\n" }]);
  });

  it("loadRules reports each rule on its own", async () => {
    const res = await engine.loadRules([
      { id: "ok1", script: "return function() return true end" },
      { id: "bad1", script: "return function(" },
      { id: "", script: "return function() end" },
    ]);
    expect(res.map((r) => r.ok)).toEqual([true, false, false]);
    expect(engine.hasRule("ok1")).toBe(true);
    await engine.removeRule("ok1");
  });

  it("BatchEncoder builds batches without Event objects", async () => {
    const enc = new BatchEncoder(2);
    enc.begin(3, 10, 20, 30).string(1, "/tmp/é").i64(2, 9n).bool(4, true).f64(5, 1.25).bytes(6, new Uint8Array([7]));
    enc.begin(4, 0, 0, 0);
    enc.begin(5, 0, 0, 0).stringBytes(1, "\xff");
    const b = enc.finish();
    expect(b.length).toBe(3);
    const r = await engine.evaluateScript(
      `return function(e)
         if e.type == 3 then return e:get_str(1) == '/tmp/\\195\\169' and e:get_i64(2) == 9 and e:get_bool(4) and e:get_f64(5) == 1.25 and e:get_bytes(6) == '\\7' and e.ts_mono == 10 and e.ts_wall == 20 and e.entity_key == 30 end
         if e.type == 4 then return not e:has_field(1) end
         return e:get_str(1) == '\\255'
       end`,
      b,
    );
    expect([...r.ruleMatches("script")]).toEqual([0, 1, 2]);
  });
});

describe("isolation between rules and evaluations", () => {
  it("rules cannot see each other's globals, libraries or event tables", async () => {
    await engine.loadRules({
      writer: "secret = 'w' string.contains = function() return true end return function(e) shared = 1 return true end",
      reader: "return function(e) return secret == nil and shared == nil and string.contains('abc', 'z') == false end",
    });
    const r = await engine.evaluateBatch([ev(), ev()], { rules: ["writer", "reader"] });
    expect([...r.ruleMatches("reader")]).toEqual([0, 1]);
    await engine.removeRule("writer");
    await engine.removeRule("reader");
  });

  it("a rule's own globals and upvalues persist across its evaluations (per load)", async () => {
    await engine.loadRule("counter", "local n = 0 return function(e) n = n + 1 count = (count or 0) + 1 return n == count and n >= 3 end");
    const r1 = await engine.evaluateBatch([ev(), ev(), ev()], { rules: ["counter"] });
    expect([...r1.ruleMatches("counter")]).toEqual([2]);
    const r2 = await engine.evaluateBatch([ev()], { rules: ["counter"] });
    expect([...r2.ruleMatches("counter")]).toEqual([0]); // n == 4: the state lives as long as the rule
    await engine.loadRule("counter", "local n = 0 return function(e) n = n + 1 return n == 1 end"); // reload: fresh state
    expect(await engine.evaluateRule("counter", ev())).toBe(true);
    await engine.removeRule("counter");
  });

  it("evaluate(script) keeps nothing between calls", async () => {
    const s = "local n = 0 return function(e) n = n + 1 g = (g or 0) + 1 return n == 1 and g == 1 end";
    expect(await engine.evaluate(s, ev())).toBe(true);
    expect(await engine.evaluate(s, ev())).toBe(true);
  });

  it("a string metatable change stays inside its rule", async () => {
    await engine.loadRules({
      meta: "getmetatable('').__index = {upper = function() return 'HACKED' end} return function(e) return ('x'):upper() == 'HACKED' end",
      plain: "return function(e) return ('x'):upper() == 'X' end",
    });
    const r = await engine.evaluateBatch([ev()], { rules: ["meta", "plain", "meta"] });
    expect(r.matchCount("meta")).toBe(1);
    expect(r.matchCount("plain")).toBe(1);
    await engine.removeRule("meta");
    await engine.removeRule("plain");
  });
});

describe("process isolation (the default)", () => {
  it("loads, evaluates, reports errors and alerts the same way", async () => {
    const p = await LuaEngine.create({}, schema, { poolSize: 2 });
    try {
      expect(p.info().isolation).toBe("process");
      await p.loadRules({ spec: SPEC_SCRIPT, al: "return function(e) alert.emit('x', e:get_str(1) or '-') error('e') end" });
      const r = await p.evaluateBatch([exe("/tmp/x"), exe("/bin/ls")]);
      expect([...r.ruleMatches("spec")]).toEqual([0]);
      expect(r.alerts).toEqual([]);
      expect(r.errorCount("al")).toBe(2);
      expect(await p.evaluate(SPEC_SCRIPT, exe("/a/b.sh"))).toBe(true);
      expect(await p.evaluateRule("spec", exe("/tmp/y"))).toBe(true);
      expect(await p.evaluateRule("spec", exe("/y"))).toBe(false);
      await expect(p.evaluateRule("al", exe("/y"))).rejects.toThrow(/al:1: e/);
      const piped = await Promise.all(Array.from({ length: 6 }, () => p.evaluateBatch([exe("/tmp/x"), exe("/bin/ls")], { rules: ["spec"] })));
      for (const x of piped) expect([...x.ruleMatches("spec")]).toEqual([0]);
    } finally {
      await p.dispose();
    }
  });
});

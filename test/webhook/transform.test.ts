// The webhook transform API end to end: globals, outputs, validation, error types, modules,
// binary safety, logs, the script store, and both isolation modes.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import pino from "pino";
import { WebhookTransformer, TransformError, MemoryScriptStore, scriptHash } from "../../src/webhook/index.js";
import type { TransformJob, TransformOutcome } from "../../src/webhook/index.js";
import { ScriptError } from "../../src/errors.js";
import { Engine } from "../../src/engine.js";

const META = { webhook_id: "01HZY3J5K8M9N0P1Q2R3S4T5V6", config_id: "cfg_42", attempt: 0, max_attempts: 5, created_at: "2024-05-01T12:00:00Z" };
const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

const logLines: any[] = [];
const logger = pino({ level: "debug", base: undefined }, { write: (s: string) => void logLines.push(JSON.parse(s)) });

let t: WebhookTransformer;
const store = new MemoryScriptStore();
beforeAll(async () => {
  t = await WebhookTransformer.create({
    config: { enabled: true, poolSize: 1, timeoutMs: 1000, memoryLimitMb: 32 },
    isolation: "inline",
    store,
    logger,
  });
});
afterAll(() => t.dispose());

function job(source: string, extra: Partial<TransformJob> = {}): TransformJob {
  return { script: { source }, payload: Buffer.from('{"a":1}'), headers: { "Content-Type": "application/json", "X-Req": "r1" }, metadata: META, ...extra };
}

async function run(source: string, extra: Partial<TransformJob> = {}): Promise<TransformOutcome> {
  return t.tryTransform(job(source, extra));
}

async function fails(source: string, extra: Partial<TransformJob> = {}): Promise<ScriptError> {
  const r = await run(source, extra);
  expect(r.ok, `expected a failure, got ${r.request?.body}`).toBe(false);
  return r.error!;
}

/** The values a script printed, one per line. */
async function printed(source: string, extra: Partial<TransformJob> = {}): Promise<string[]> {
  const r = await run(source, extra);
  if (!r.ok) throw r.error;
  return r.stdout.replace(/\n$/, "").split("\n");
}

describe("inputs", () => {
  it("payload is the raw body as a byte string", async () => {
    expect(await printed("print(type(payload), #payload, payload)")).toEqual(["string\t7\t{\"a\":1}"]);
  });

  it("payload keeps all 256 byte values (NUL included), and goes out unchanged", async () => {
    const r = await run("local n = 0 for i = 1, #payload do if payload:byte(i) == i - 1 then n = n + 1 end end print(n) request.body = payload", { payload: ALL_BYTES });
    expect(r.stdout).toBe("256\n");
    expect(r.request!.body.equals(ALL_BYTES)).toBe(true);
  });

  it("headers: exact names, any case, pairs() as received, # and getmetatable", async () => {
    expect(
      await printed(`
        print(headers["Content-Type"], headers["content-type"], headers["CONTENT-TYPE"], headers["x-missing"])
        local names = {}
        for k, v in pairs(headers) do names[#names + 1] = k .. "=" .. v end
        table.sort(names)
        print(table.concat(names, ","), #headers, getmetatable(headers), type(headers))
      `),
    ).toEqual(["application/json\tapplication/json\tapplication/json\tnil", "Content-Type=application/json,X-Req=r1\t0\tfalse\ttable"]);
  });

  it("headers given as pairs, multi-values joined, wide text as UTF-8 bytes", async () => {
    expect(await printed("print(next(headers))", { headers: undefined })).toEqual(["nil"]);
    const r = await printed("print(headers.a, headers.B, #headers.u)", { headers: { a: ["1", "2"], B: "x", u: "✓" } });
    expect(r).toEqual(["1, 2\tx\t3"]);
    expect(await printed("print(headers['X-A'])", { headers: [["X-A", "v"]] })).toEqual(["v"]);
  });

  it("metadata has the five fields with their types", async () => {
    expect(
      await printed(`
        print(metadata.webhook_id, metadata.config_id, metadata.attempt, metadata.max_attempts, metadata.created_at)
        print(type(metadata.attempt), type(metadata.max_attempts))
      `),
    ).toEqual(["01HZY3J5K8M9N0P1Q2R3S4T5V6\tcfg_42\t0\t5\t2024-05-01T12:00:00Z", "number\tnumber"]);
    const d = new Date("2024-06-01T00:00:00.000Z");
    expect(await printed("print(metadata.created_at, metadata.extra)", { metadata: { ...META, created_at: d, extra: "é" } })).toEqual(["2024-06-01T00:00:00.000Z\té"]);
  });

  it("previous_error is nil on the first attempt and a table on retries", async () => {
    expect(await printed("print(previous_error)")).toEqual(["nil"]);
    expect(await printed("print(previous_error)", { previousError: null })).toEqual(["nil"]);
    expect(
      await printed("print(previous_error.type, previous_error.status_code, previous_error.message, previous_error.details.retry_after)", {
        previousError: { type: "http_error", status_code: 503, message: "unavailable ✗", details: { retry_after: 30 } },
      }),
    ).toEqual(["http_error\t503\tunavailable ✗\t30"]);
  });

  it("bad job fields are programming errors (TypeError), not script errors", async () => {
    await expect(t.tryTransform({ ...job("x = 1"), metadata: { ...META, attempt: -1 } })).rejects.toThrow(/metadata.attempt must be a non-negative integer/);
    await expect(t.tryTransform({ ...job("x = 1"), payload: 5 as any })).rejects.toThrow(TypeError);
  });
});

describe("read-only inputs", () => {
  const cases: [string, string][] = [
    ["headers['Content-Type'] = 'x'", "headers"],
    ["headers.New = 'x'", "headers"],
    ["headers['content-type'] = 'x'", "headers"],
    ["rawset(headers, 'X-Req', 'x')", "headers"],
    ["table.insert(headers, 'x')", "headers"],
    ["metadata.attempt = 99", "metadata"],
    ["metadata.new_field = 1", "metadata"],
    ["rawset(metadata, 'attempt', 99)", "metadata"],
    ["previous_error.message = 'x'", "previous_error"],
    ["previous_error.details.code = 1", "previous_error.details"],
  ];
  it.each(cases)("%s raises a Lua error", async (src, name) => {
    const e = await fails(src, { previousError: { message: "m", details: { code: 0 } } });
    expect(e.type).toBe("script_runtime_error");
    expect(e.message).toBe(`script.lua:1: attempt to modify read-only table '${name}'`);
    expect(e.line).toBe(1);
  });

  it("the protected metatable cannot be replaced or read", async () => {
    expect((await fails("setmetatable(headers, {})")).message).toBe("script.lua:1: cannot change a protected metatable");
    expect(await printed("print(getmetatable(metadata), pcall(setmetatable, metadata, nil))")).toEqual(["false\tfalse\tcannot change a protected metatable"]);
  });

  it("a failed write is catchable and changes nothing", async () => {
    expect(await printed("local ok = pcall(function() metadata.attempt = 7 end) print(ok, metadata.attempt, rawget(metadata, 'attempt'))")).toEqual(["false\t0\t0"]);
  });

  it("the globals themselves may be replaced (only their contents are read-only)", async () => {
    expect(await printed("headers = {} print(#headers)")).toEqual(["0"]);
  });
});

describe("outputs", () => {
  it("no output set: body is the very payload Buffer, headers the incoming ones", async () => {
    const payload = Buffer.from("unchanged");
    const r = await run("local x = 1", { payload });
    expect(r.request!.body).toBe(payload);
    expect(r.request!.bodyChanged).toBe(false);
    expect(r.request!.headers).toEqual({ "Content-Type": "application/json", "X-Req": "r1" });
    expect(r.request!.optOutDefaultHeaders).toBe(false);
    expect(r.request!.scriptHeaders).toEqual({});
  });

  it("request.body replaces the body; request.headers are merged case-insensitively; false removes", async () => {
    const r = await run(`
      request.body = "new body"
      request.headers["content-type"] = "text/plain"
      request.headers["X-New"] = "1"
      request.headers["x-req"] = false
      config.opt_out_default_headers = true
    `);
    expect(r.request!.body.toString()).toBe("new body");
    expect(r.request!.bodyChanged).toBe(true);
    expect(r.request!.headers).toEqual({ "content-type": "text/plain", "X-New": "1" });
    expect(r.request!.scriptHeaders).toEqual({ "content-type": "text/plain", "X-New": "1", "x-req": null });
    expect(r.request!.optOutDefaultHeaders).toBe(true);
  });

  it("request.body = nil keeps the payload; an empty string empties it", async () => {
    expect((await run("request.body = nil")).request!.bodyChanged).toBe(false);
    expect((await run('request.body = ""')).request!.body.length).toBe(0);
  });

  it("the script may replace the request and headers tables", async () => {
    const r = await run('request = { body = "b", headers = { ["X-A"] = "a" } }');
    expect(r.request!.body.toString()).toBe("b");
    expect(r.request!.headers["X-A"]).toBe("a");
  });

  it("binary bodies: all 256 byte values built in Lua come out exactly", async () => {
    const r = await run("local t = {} for i = 0, 255 do t[#t + 1] = string.char(i) end request.body = table.concat(t) .. table.concat(t)");
    expect(r.request!.body.equals(Buffer.concat([ALL_BYTES, ALL_BYTES]))).toBe(true);
  });

  it("binary round trip through base64 (in and out of JSON)", async () => {
    const payload = Buffer.from(JSON.stringify({ blob: ALL_BYTES.toString("base64") }));
    const r = await run(`
      local data = json.decode(payload)
      local raw = base64.decode(data.blob)
      assert(#raw == 256 and raw:byte(1) == 0 and raw:byte(256) == 255)
      request.body = json.encode({ again = base64.encode(raw), size = #raw })
    `, { payload });
    expect(JSON.parse(r.request!.body.toString())).toEqual({ again: ALL_BYTES.toString("base64"), size: 256 });
  });

  it("a large binary body (4 MB) round-trips byte for byte", async () => {
    const big = Buffer.alloc(4 * 1024 * 1024);
    for (let i = 0; i < big.length; i++) big[i] = (i * 7 + (i >> 8)) & 0xff;
    const r = await run("request.body = payload:sub(1, -2) .. payload:sub(-1)", { payload: big });
    expect(r.request!.body.equals(big)).toBe(true);
  });
});

describe("output validation: script_invalid_output", () => {
  const cases: [string, RegExp][] = [
    ["request.body = 5", /^request.body must be a string or nil \(got number\)$/],
    ["request.body = {}", /^request.body must be a string or nil \(got table\)$/],
    ["request.body = true", /got boolean/],
    ["request.headers = 'x'", /^request.headers must be a table \(got string\)$/],
    ["request = 1", /^global 'request' must be a table \(got number\)$/],
    ["request = nil", /^global 'request' must be a table \(got nil\)$/],
    ["config = 'x'", /^global 'config' must be a table/],
    ["config.opt_out_default_headers = 'yes'", /^config.opt_out_default_headers must be a boolean \(got string\)$/],
    ["request.headers['X-A'] = 'a\\r\\nX-Injected: 1'", /value contains CR, LF or NUL \(header injection\)/],
    ["request.headers['X-A'] = 'a\\nb'", /header injection/],
    ["request.headers['X-A'] = 'a\\0b'", /header injection/],
    ["request.headers['X-A'] = 'a\\1b'", /control character/],
    ["request.headers['X-A\\r\\nX-B'] = 'v'", /invalid header name "X-A\\r\\nX-B"/],
    ["request.headers['Bad Name'] = 'v'", /invalid header name "Bad Name"/],
    ["request.headers['X:Y'] = 'v'", /invalid header name/],
    ["request.headers[''] = 'v'", /invalid header name ""/],
    ["request.headers['X-\\200'] = 'v'", /invalid header name/],
    ["request.headers['X-A'] = 5", /must be a string, or false to remove the header \(got number\)/],
    ["request.headers['X-A'] = true", /got boolean/],
    ["request.headers[1] = 'X-A: b'", /header names must be strings \(got a number key 1\)/],
    ["request.headers['X-A'] = 'a'; request.headers['x-a'] = 'b'", /is set twice/],
    ["for i = 1, 101 do request.headers['X-' .. i] = 'v' end", /more than 100 headers/],
    ["request.headers['X-Big'] = string.rep('v', 70000)", /more than 65536 bytes/],
  ];
  it.each(cases)("%s", async (src, msg) => {
    const e = await fails(src);
    expect(e.type).toBe("script_invalid_output");
    expect(e.retryable).toBe(false);
    expect(e.message).toMatch(msg);
  });

  it("valid edge cases pass: HTAB and obs-text in values, token punctuation in names", async () => {
    const r = await run("request.headers[\"X-!#$%&'*+.^_`|~1\"] = 'a\\tb \\233'");
    expect(r.ok).toBe(true);
    expect(r.request!.headers["X-!#$%&'*+.^_`|~1"]).toBe("a\tb \xe9");
  });

  it("a huge body is stopped by the memory limit", async () => {
    const e = await fails("request.body = string.rep('x', 200 * 1024 * 1024)");
    expect(e.type).toBe("script_memory_limit");
  });
});

describe("error types", () => {
  it("runtime error: type, retryable false, Lua line, traceback", async () => {
    const e = await fails("local x = 1\nlocal y = nil\nreturn y.z");
    expect(e).toBeInstanceOf(ScriptError);
    expect(e.type).toBe("script_runtime_error");
    expect(e.retryable).toBe(false);
    expect(e.line).toBe(3);
    expect(e.message).toBe("script.lua:3: attempt to index local 'y' (a nil value)");
    expect(e.luaTraceback).toMatch(/script.lua:3: in main chunk/);
  });

  it("syntax error", async () => {
    const e = await fails("x = = 1");
    expect(e.type).toBe("script_syntax_error");
    expect(e.line).toBe(1);
  });

  it("timeout", async () => {
    const e = await fails("while true do end");
    expect(e.type).toBe("script_timeout");
    expect(e.retryable).toBe(false);
  });

  it("memory limit", async () => {
    const e = await fails("local t = {} for i = 1, 1e8 do t[i] = { i, i, i, i, i, i, i, i, x = i, y = i } end");
    expect(e.type).toBe("script_memory_limit");
  });

  it("transform() throws a TransformError (a ScriptError) carrying the logs", async () => {
    const err = await t.transform(job('log.info("before") error("boom")')).catch((e) => e);
    expect(err).toBeInstanceOf(TransformError);
    expect(err).toBeInstanceOf(ScriptError);
    expect(err.type).toBe("script_runtime_error");
    expect(err.message).toBe("script.lua:1: boom");
    expect(err.logs).toEqual([{ level: "info", message: "before" }]);
  });

  it("disabled: lua.enabled false with a script set", async () => {
    const off = await WebhookTransformer.create({ engine: (t as any).engine, config: { enabled: false }, logger: false });
    const e = (await off.tryTransform(job("x = 1"))).error!;
    expect(e.type).toBe("script_disabled");
    expect(e.retryable).toBe(false);
    // no script: passes through even when disabled
    const r = await off.tryTransform({ payload: Buffer.from("p"), metadata: META });
    expect(r.ok).toBe(true);
    expect(r.request!.body.toString()).toBe("p");
    await off.dispose();
  });

  it("the spec's default config has lua.enabled false", async () => {
    const def = await WebhookTransformer.create({ engine: (t as any).engine, logger: false });
    expect(def.config.enabled).toBe(false);
    expect((await def.tryTransform(job("x = 1"))).error!.type).toBe("script_disabled");
  });
});

describe("scripts by hash (ScriptStore)", () => {
  it("runs a stored script by its sha256", async () => {
    const src = 'request.body = "from store"';
    const hash = store.put(src);
    expect(hash).toBe(scriptHash(src));
    const r = await t.tryTransform({ script: { hash }, payload: Buffer.from("x"), metadata: META });
    expect(r.request!.body.toString()).toBe("from store");
    expect(r.scriptHash).toBe(hash);
    // cached: still runs after the store lost it
    store.delete(hash);
    expect((await t.tryTransform({ script: { hash }, payload: Buffer.from("x"), metadata: META })).ok).toBe(true);
  });

  it("a miss is script_not_found (not retryable)", async () => {
    const e = (await t.tryTransform({ script: { hash: "0".repeat(64) }, payload: Buffer.from("x"), metadata: META })).error!;
    expect(e.type).toBe("script_not_found");
    expect(e.retryable).toBe(false);
  });

  it("a store failure is script_not_found marked retryable", async () => {
    const broken = await WebhookTransformer.create({
      engine: (t as any).engine,
      config: { enabled: true },
      logger: false,
      store: { get: async () => Promise.reject(new Error("redis: connection refused")) },
    });
    const e = (await broken.tryTransform({ script: { hash: "ab".repeat(32) }, payload: Buffer.from("x"), metadata: META })).error!;
    expect(e.type).toBe("script_not_found");
    expect(e.retryable).toBe(true);
    expect(e.message).toMatch(/connection refused/);
  });

  it("a source whose hash does not match is refused", async () => {
    const bad = "c".repeat(64);
    store.set(bad, { source: "x = 1" });
    const e = (await t.tryTransform({ script: { hash: bad }, payload: Buffer.from("x"), metadata: META })).error!;
    expect(e.type).toBe("script_not_found");
    expect(e.message).toMatch(/hash mismatch/);
  });
});

describe("modules", () => {
  it("json, base64 and log through require and as globals (the same tables)", async () => {
    expect(await printed("print(require('json') == json, require('base64') == base64, require('log') == log, json.null == require('json').null)")).toEqual([
      "true\ttrue\ttrue\ttrue",
    ]);
  });

  it("modules are fresh per run", async () => {
    await run("json.encode = nil; base64 = nil; string.rep = nil");
    expect(await printed("print(type(json.encode), type(base64), type(string.rep))")).toEqual(["function\ttable\tfunction"]);
  });

  it("unknown modules and the sandbox's missing libraries", async () => {
    expect((await fails("require('nosuch')")).message).toMatch(/module 'nosuch' not found/);
    expect(await printed("print(require('http') == http, type(http.get), type(kv.set), type(crypto.decrypt_credential))")).toEqual(["true\tfunction\tfunction\tfunction"]);
    expect(await printed("print(io, os, debug, load, loadstring, dofile)")).toEqual(["nil\tnil\tnil\tnil\tnil\tnil"]);
  });

  it("json and base64 work in plain engine.run too; log does not", async () => {
    const engine: Engine = (t as any).engine;
    const r = await engine.run('local j = require("json") print(j.encode({1, 2}), require("base64").encode("hi")) print(pcall(require, "log"))');
    expect(r.stdout).toMatch(/^\[1,2\]\taGk=\nfalse\t(script.lua:1: )?module 'log' not found\n$/);
  });

  it("json errors are Lua errors with the script position (catchable)", async () => {
    expect((await fails("json.decode('{bad')")).message).toBe("script.lua:1: json.decode: expected a string key, got character 'b' at line 1, column 2 (byte 2)");
    expect(await printed("print(pcall(json.decode, '[1,'))")).toEqual(["false\tjson.decode: unexpected end of input at line 1, column 4 (byte 4)"]);
    expect(await printed("print(pcall(base64.decode, '!!'))")).toEqual(["false\tbase64.decode: invalid character '!' at position 1"]);
  });

  it("json.null, empty arrays and big integers through a script", async () => {
    const payload = Buffer.from('{"id":12345678901234567890,"tags":[],"meta":{},"gone":null}');
    const r = await run("local d = json.decode(payload) print(d.gone == json.null, #d.tags, type(d.id)) d.extra = json.array() request.body = json.encode(d)", { payload });
    expect(r.stdout).toBe("true\t0\tnumber\n");
    expect(r.request!.body.toString()).toBe('{"extra":[],"gone":null,"id":12345678901234567890,"meta":{},"tags":[]}');
  });

  it("encoding the read-only inputs works", async () => {
    const r = await run("request.body = json.encode({ h = headers, m = metadata })");
    expect(JSON.parse(r.request!.body.toString())).toEqual({ h: { "Content-Type": "application/json", "X-Req": "r1" }, m: META });
  });
});

describe("logs", () => {
  it("records go to pino with webhook_id, config_id, attempt and come back in the outcome", async () => {
    logLines.length = 0;
    const r = await run('log.info("Processing webhook") log.warn("Rate limit approaching", { remaining = 3 }) log.error("Failed: " .. "x") print("dbg")', {
      metadata: { ...META, attempt: 2 },
    });
    expect(r.logs).toEqual([
      { level: "info", message: "Processing webhook" },
      { level: "warn", message: "Rate limit approaching", fields: { remaining: 3 } },
      { level: "error", message: "Failed: x" },
    ]);
    const hash = r.scriptHash;
    expect(logLines.map((l) => [l.level, l.msg, l.webhook_id, l.config_id, l.attempt, l.script_hash, l.fields])).toEqual([
      [30, "Processing webhook", META.webhook_id, "cfg_42", 2, hash, undefined],
      [40, "Rate limit approaching", META.webhook_id, "cfg_42", 2, hash, { remaining: 3 }],
      [50, "Failed: x", META.webhook_id, "cfg_42", 2, hash, undefined],
      [20, "script print output", META.webhook_id, "cfg_42", 2, hash, undefined],
    ]);
    expect(logLines[3].stdout).toBe("dbg\n");
  });

  it("UTF-8 messages arrive as text; script-controlled fields cannot overwrite the tags", async () => {
    logLines.length = 0;
    await run('log.info("héllo ✓", { webhook_id = "spoof", attempt = 99 })');
    expect(logLines[0].msg).toBe("héllo ✓");
    expect(logLines[0].webhook_id).toBe(META.webhook_id);
    expect(logLines[0].attempt).toBe(0);
    expect(logLines[0].fields).toEqual({ webhook_id: "spoof", attempt: 99 });
  });

  it("a flood of log calls is capped; the run still succeeds", async () => {
    const r = await run("for i = 1, 100000 do log.info('spam ' .. i) end request.body = 'done'");
    expect(r.ok).toBe(true);
    expect(r.logs).toHaveLength(101);
    expect(r.logs[100].message).toMatch(/^log limit reached: 99900 records dropped/);
  });

  it("logs written before an error are kept", async () => {
    const r = await run('log.info("step 1") error("stop")');
    expect(r.logs).toEqual([{ level: "info", message: "step 1" }]);
  });
});

describe("isolation between runs", () => {
  it("globals set by one run are gone in the next", async () => {
    await run("leak = 'x'; rawset(_G, 'leak2', 1)");
    expect(await printed("print(leak, leak2)")).toEqual(["nil\tnil"]);
  });
});

describe("process isolation (the default)", () => {
  let p: WebhookTransformer;
  beforeAll(async () => {
    p = await WebhookTransformer.create({ config: { enabled: true, poolSize: 1 }, logger: false });
  });
  afterAll(() => p.dispose());

  it("transforms with binary bodies and headers", async () => {
    const r = await p.tryTransform({
      script: { source: "request.body = payload .. string.char(0, 255) request.headers['X-Len'] = tostring(#payload) log.info('ok')" },
      payload: ALL_BYTES,
      metadata: META,
    });
    expect(r.request!.body.equals(Buffer.concat([ALL_BYTES, Buffer.from([0, 255])]))).toBe(true);
    expect(r.request!.headers).toEqual({ "X-Len": "256" });
    expect(r.logs).toEqual([{ level: "info", message: "ok" }]);
  });

  it("reports error types", async () => {
    expect((await p.tryTransform(job("while true do end"))).error!.type).toBe("script_timeout");
    expect((await p.tryTransform(job("request.body = 1"))).error!.type).toBe("script_invalid_output");
    expect((await p.tryTransform(job("error('x')"))).error!.type).toBe("script_runtime_error");
  });
});

describe("inline isolation with inlineSync (same behaviour, no thread hop)", () => {
  let s: WebhookTransformer;
  beforeAll(async () => {
    s = await WebhookTransformer.create({ config: { enabled: true, poolSize: 2, timeoutMs: 300, memoryLimitMb: 16 }, isolation: "inline", inlineSync: true, logger: false });
  });
  afterAll(() => s.dispose());

  it("transforms, repeatedly, with binary bodies and logs", async () => {
    for (let i = 0; i < 50; i++) {
      const r = await s.tryTransform({ script: { source: "request.body = payload .. '\\0' log.info('n')" }, payload: ALL_BYTES, metadata: META });
      expect(r.request!.body.equals(Buffer.concat([ALL_BYTES, Buffer.from([0])]))).toBe(true);
      expect(r.logs).toEqual([{ level: "info", message: "n" }]);
    }
  });

  it("timeouts and memory limits, then the isolate keeps working (or is replaced and the chunk reloaded)", async () => {
    const loop = { script: { source: "while true do end" }, payload: Buffer.from("x"), metadata: META };
    expect((await s.tryTransform(loop)).error!.type).toBe("script_timeout");
    expect((await s.tryTransform(loop)).error!.type).toBe("script_timeout");
    const ok = { script: { source: "request.body = 'ok'" }, payload: Buffer.from("x"), metadata: META };
    expect((await s.tryTransform(ok)).request!.body.toString()).toBe("ok");
    const bomb = { script: { source: "local t = {} for i = 1, 1e4 do t[i] = string.rep('x', 1024 * 1024) .. i end" }, payload: Buffer.from("x"), metadata: META };
    expect((await s.tryTransform(bomb)).error!.type).toBe("script_memory_limit");
    for (let i = 0; i < 3; i++) expect((await s.tryTransform(ok)).request!.body.toString()).toBe("ok");
  });

  it("concurrent calls fall back to the asynchronous path", async () => {
    const rs = await Promise.all(Array.from({ length: 20 }, (_, i) => s.tryTransform({ script: { source: `request.body = "${i}"` }, payload: Buffer.from("x"), metadata: META })));
    expect(rs.map((r) => r.request!.body.toString())).toEqual(Array.from({ length: 20 }, (_, i) => String(i)));
  });
});

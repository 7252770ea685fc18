// base64, log limits, read-only tables and the module registry (host-backed module bridge),
// called directly in the test process (no isolate; error messages carry no chunk position).
import { describe, it, expect, beforeEach } from "vitest";
import { LuaTable, LuaError, LuaAbort, NONE } from "../../src/runtime-shims/value.js";
import { budget, memory } from "../../src/runtime-shims/limits.js";
import {
  ReadOnlyTable,
  fromPlain,
  toPlain,
  instance,
  installTransformModules,
  defineHostModule,
  bridge,
  moduleErrors,
  hostCall,
  hostRun,
  freshTransformGlobals,
  JSON_NULL,
} from "../../src/runtime-shims/modules/registry.js";
import "../../src/runtime-shims/modules/json.js";
import "../../src/runtime-shims/modules/base64.js";
import { resetLog, takeLogs } from "../../src/runtime-shims/modules/log.js";
import { modules, freshGlobals } from "../../src/runtime-shims/lib/index.js";

type Fn = (...a: unknown[]) => unknown;

function err(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof LuaError) return String(e.value);
    throw e;
  }
  throw new Error("no error raised");
}

function transformRun(): LuaTable {
  const G = new LuaTable();
  installTransformModules(G);
  return G;
}
const fn = (m: LuaTable, name: string) => m.get(name) as Fn;

beforeEach(() => {
  budget.n = Infinity;
  memory.used = 0;
  memory.limit = Infinity;
  memory.cap = Infinity;
});

const ALL_BYTES = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join("");

describe("base64", () => {
  const G = transformRun();
  const b64 = instance(G, "base64")!;
  const enc = fn(b64, "encode"), dec = fn(b64, "decode"), uenc = fn(b64, "url_encode"), udec = fn(b64, "url_decode");

  it("encodes like RFC 4648 / Buffer, every byte value", () => {
    for (const s of ["", "f", "fo", "foo", "foob", "fooba", "foobar", ALL_BYTES, ALL_BYTES + ALL_BYTES.slice(0, 100)]) {
      expect(enc(s)).toBe(Buffer.from(s, "latin1").toString("base64"));
      expect(uenc(s)).toBe(Buffer.from(s, "latin1").toString("base64url"));
    }
  });

  it("round-trips all 256 byte values, NUL included, at every length", () => {
    for (let n = 0; n <= 256; n++) {
      const s = ALL_BYTES.slice(256 - n) + ALL_BYTES.slice(0, n);
      expect(dec(enc(s))).toBe(s);
      expect(udec(uenc(s))).toBe(s);
    }
  });

  it("round-trips a large random buffer (chunked string building)", () => {
    const buf = Buffer.alloc(300_000);
    for (let i = 0; i < buf.length; i++) buf[i] = (i * 2654435761) >>> 24;
    const s = buf.toString("latin1");
    expect(enc(s)).toBe(buf.toString("base64"));
    expect(dec(buf.toString("base64"))).toBe(s);
  });

  it("accepts missing padding and ignores whitespace", () => {
    expect(dec("Zm9vYg")).toBe("foob");
    expect(dec("Zm9v\r\nYmFy\n")).toBe("foobar");
    expect(dec(" Zm9vYg== ")).toBe("foob");
  });

  it("invalid input raises an error naming the problem and position", () => {
    expect(err(() => dec("Zm9v!"))).toBe("base64.decode: invalid character '!' at position 5");
    expect(err(() => dec("Zm9v\x00"))).toBe("base64.decode: invalid character byte 0x00 at position 5");
    expect(err(() => dec("Zg==Zg=="))).toBe("base64.decode: unexpected 'Z' after padding at position 5");
    expect(err(() => dec("Z==="))).toBe("base64.decode: unexpected '=' at position 2");
    expect(err(() => dec("Zm9vY"))).toBe("base64.decode: invalid length (a single character left over at the end)");
    expect(err(() => dec("Zg="))).toBe("base64.decode: incomplete padding at the end");
    expect(err(() => dec("a-b_"))).toBe("base64.decode: invalid character '-' at position 2");
    expect(err(() => udec("a+b/"))).toBe("base64.url_decode: invalid character '+' at position 2");
    expect(err(() => (dec as any)())).toMatch(/bad argument #1 to 'decode' \(string expected, got no value\)/);
  });

  it("accounts memory and budget in proportion to the size", () => {
    memory.limit = 1000;
    expect(() => enc("x".repeat(2000))).toThrow(LuaAbort);
  });
});

describe("log", () => {
  const log = instance(transformRun(), "log")!;
  const info = fn(log, "info"), warn = fn(log, "warn"), error = fn(log, "error");

  it("records level, message and fields", () => {
    resetLog();
    const f = new LuaTable();
    f.set("user", "ann");
    f.set("n", 3);
    f.set("ok", true);
    f.set("nothing", JSON_NULL);
    f.set("t", new LuaTable());
    expect(info("hello", f)).toBe(NONE);
    warn(42);
    error(undefined);
    const { records, dropped } = takeLogs();
    expect(dropped).toBe(0);
    expect(records[0]).toMatchObject({ level: "info", message: "hello", fields: { user: "ann", n: 3, ok: true, nothing: null } });
    expect(String(records[0].fields!.t)).toMatch(/^table: 0x/);
    expect(records[1]).toEqual({ level: "warn", message: "42" });
    expect(records[2]).toEqual({ level: "error", message: "nil" });
  });

  it("argument errors", () => {
    expect(err(() => (info as any)())).toMatch(/bad argument #1 to 'info' \(value expected\)/);
    expect(err(() => info("x", "y"))).toMatch(/bad argument #2 to 'info' \(table expected, got string\)/);
  });

  it("caps records per run and says how many were dropped", () => {
    resetLog({ maxRecords: 5 });
    for (let i = 0; i < 1000; i++) info("line " + i);
    const { records, dropped } = takeLogs();
    expect(dropped).toBe(995);
    expect(records).toHaveLength(6);
    expect(records[5]).toMatchObject({ level: "warn", message: expect.stringMatching(/^log limit reached: 995 records dropped/) });
  });

  it("caps bytes per run and truncates long messages", () => {
    resetLog({ maxBytes: 10_000, maxMessageBytes: 1000 });
    info("x".repeat(5000));
    const first = takeLogs().records[0];
    expect(first.message).toBe("x".repeat(1000) + " [truncated 4000 bytes]");
    resetLog({ maxBytes: 10_000, maxMessageBytes: 1000 });
    for (let i = 0; i < 100; i++) info("y".repeat(900));
    const r = takeLogs();
    expect(r.records.length).toBeLessThan(12);
    expect(r.dropped).toBeGreaterThan(88);
    expect(r.records.reduce((n, x) => n + x.message.length, 0)).toBeLessThanOrEqual(10_000 + 200);
  });

  it("is not available outside transform runs", () => {
    const G = new LuaTable(); // a plain `moonbox run`
    expect(err(() => modules.get("log")!(G))).toBe("module 'log' not found");
    expect(modules.get("json")!(G)).toBeInstanceOf(LuaTable);
  });
});

describe("module instances", () => {
  it("require and the global give the same table; a run that rewrites a module changes nothing for the next run", () => {
    const G1 = freshTransformGlobals();
    expect(modules.get("json")!(G1)).toBe(G1.get("json"));
    expect(G1.get("log")).toBeInstanceOf(LuaTable);
    expect(G1.get("base64")).toBeInstanceOf(LuaTable);
    (G1.get("json") as LuaTable).set("encode", "replaced");
    const G2 = freshTransformGlobals(); // the next run: the shared module table is restored
    expect(typeof (G2.get("json") as LuaTable).get("encode")).toBe("function");
    expect(G2.get("json")).toBe(G1.get("json")); // shared, not copied per run
    expect(modules.get("json")!(freshGlobals())).toBe(G2.get("json")); // "any" modules in plain runs too
    expect(() => modules.get("log")!(freshGlobals())).toThrow(); // "transform" modules only in transform runs
  });
});

describe("read-only tables", () => {
  const data = new LuaTable();
  data.set("a", 1);
  data.set(1, "x");
  data.set(2, "y");
  const ro = new ReadOnlyTable(data, "metadata");

  it("reads through the raw accessors: get, next, length", () => {
    expect(ro.get("a")).toBe(1);
    expect(ro.getInt(2)).toBe("y");
    expect(ro.length()).toBe(2);
    const keys: unknown[] = [];
    for (let k: unknown = undefined; ; ) {
      const r = ro.next(k);
      if (!r) break;
      keys.push((k = r[0]));
    }
    expect(keys).toEqual([1, 2, "a"]);
  });

  it("every write path raises; the proxy's own parts are empty and frozen", () => {
    expect(err(() => ro.set("a", 2))).toBe("attempt to modify read-only table 'metadata'");
    expect(err(() => ro.set("new", 2))).toBe("attempt to modify read-only table 'metadata'");
    expect(err(() => ro.setInt(3, 2))).toBe("attempt to modify read-only table 'metadata'");
    expect(ro.arr).toEqual([]);
    expect(Object.keys(ro.strs)).toEqual([]);
    expect(Object.isFrozen(ro.arr) && Object.isFrozen(ro.strs)).toBe(true);
    expect(ro.mt!.get("__metatable")).toBe(false);
    expect(data.get("a")).toBe(1);
  });

  it("fromPlain makes nested read-only tables named by path; null in arrays is json.null", () => {
    const t = fromPlain({ message: "x", details: { codes: [1, null, 3] }, gone: null }, "previous_error") as ReadOnlyTable;
    expect(t.get("gone")).toBe(undefined);
    const details = t.get("details") as ReadOnlyTable;
    expect(err(() => details.set("x", 1))).toBe("attempt to modify read-only table 'previous_error.details'");
    const codes = details.get("codes") as ReadOnlyTable;
    expect(codes.length()).toBe(3);
    expect(codes.get(2)).toBe(JSON_NULL);
    expect(toPlain(t, "x")).toEqual({ message: "x", details: { codes: [1, null, 3] } });
  });
});

describe("host-backed modules (the isolate end of the bridge; test/modules/bridge.test.ts runs it end to end)", () => {
  defineHostModule("testhost", ["ping", "fail"], "script_module_http");

  it("is unavailable (a typed Lua error) when the host installed no bridge", () => {
    const m = instance(transformRun(), "testhost")!;
    let caught: unknown;
    try {
      fn(m, "ping")("x");
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(LuaError);
    expect((caught as LuaError).value).toBe("testhost.ping: module 'testhost' is not available in this engine");
    expect(moduleErrors.get(caught as LuaError)).toEqual({ type: "script_module_http", retryable: false });
  });

  it("passes plain arguments to the host and returns its value as Lua data; failures carry the host's type", () => {
    const calls: unknown[] = [];
    bridge.current = {
      call(token, module, f, args) {
        calls.push([module, f, args]);
        expect(token).toBe(7);
        if (f === "fail") return { ok: false, type: "script_module_kv", message: "redis down" };
        return { ok: true, value: { status_code: 200, body: "pong", headers: { "content-type": "text/plain" }, list: [1, 2] } };
      },
    };
    Object.assign(hostRun, { token: 7, allowed: true });
    try {
      const G = transformRun();
      expect(G.get("testhost")).toBeInstanceOf(LuaTable); // installed as a global
      const m = instance(G, "testhost")!;
      const args = new LuaTable();
      args.set("Authorization", "Bearer t");
      const r = fn(m, "ping")("https://x", args) as LuaTable;
      expect(calls[0]).toEqual(["testhost", "ping", ["https://x", { Authorization: "Bearer t" }]]);
      expect(r.get("status_code")).toBe(200);
      expect((r.get("headers") as LuaTable).get("content-type")).toBe("text/plain");
      expect((r.get("list") as LuaTable).length()).toBe(2);
      let caught: unknown;
      try {
        fn(m, "fail")();
      } catch (e) {
        caught = e;
      }
      expect((caught as LuaError).value).toBe("testhost.fail: redis down");
      expect(moduleErrors.get(caught as LuaError)).toEqual({ type: "script_module_kv" });
      expect(err(() => fn(m, "ping")(() => 1))).toBe("testhost.ping: argument #1: cannot pass a function value");
      expect(() => hostCall("testhost", "ping", [], "script_module_http")).not.toThrow();
      // a synchronous run cannot wait for the host: the call aborts the run (the host reruns it)
      hostRun.allowed = false;
      let abort: unknown;
      try {
        hostCall("testhost", "ping", [], "script_module_http");
      } catch (e) {
        abort = e;
      }
      expect(abort).toBeInstanceOf(LuaAbort);
      expect((abort as LuaAbort).kind).toBe("host_call_needs_async");
      expect(calls.length).toBe(3); // nothing reached the host
    } finally {
      bridge.current = undefined;
      Object.assign(hostRun, { token: 0, allowed: false });
    }
  });
});

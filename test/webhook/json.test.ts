// The json module (src/runtime-shims/modules/json.ts), called directly in the test process:
// decode/encode rules, edge cases, errors, and decode -> encode of a corpus of real-world JSON
// documents compared with a reference (JSON.parse + a canonical writer with the same
// documented rules: sorted keys, shortest numbers, lone surrogates as U+FFFD).
// Error messages carry no chunk position here (no Lua frames are registered).
import { describe, it, expect, beforeEach } from "vitest";
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { decode, encode, JSON_NULL } from "../../src/runtime-shims/modules/json.js";
import { jsonKinds, KIND_ARRAY, instance, installTransformModules } from "../../src/runtime-shims/modules/registry.js";
import { LuaTable, LuaError, LuaAbort } from "../../src/runtime-shims/value.js";
import { budget, memory } from "../../src/runtime-shims/limits.js";

const bytes = (s: string) => Buffer.from(s, "utf8").toString("latin1"); // text -> Lua byte string
const text = (s: string) => Buffer.from(s, "latin1").toString("utf8"); // Lua byte string -> text

function err(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof LuaError) return String(e.value);
    throw e;
  }
  throw new Error("no error raised");
}

function table(obj: Record<string, unknown> | unknown[]): LuaTable {
  const t = new LuaTable();
  if (Array.isArray(obj)) obj.forEach((v, i) => t.set(i + 1, v));
  else for (const k of Object.keys(obj)) t.set(k, obj[k]);
  return t;
}

/** A decoded Lua value as JS data (for comparing with JSON.parse). */
function toJS(v: unknown): unknown {
  if (v === JSON_NULL) return null;
  if (typeof v === "string") return text(v);
  if (v instanceof LuaTable) {
    if (jsonKinds.get(v) === KIND_ARRAY) return v.arr.map(toJS);
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(v.strs)) o[text(k)] = toJS(v.strs[k]);
    return o;
  }
  return v;
}

/** Reference writer with the module's documented rules, over JSON.parse's result (UTF-8 bytes out). */
function canon(v: unknown): string {
  if (v === null) return "null";
  if (typeof v === "number") return Object.is(v, -0) ? "-0" : String(v);
  if (typeof v === "boolean") return String(v);
  if (typeof v === "string") return JSON.stringify(v.toWellFormed());
  if (Array.isArray(v)) return "[" + v.map(canon).join(",") + "]";
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).sort((a, b) => Buffer.compare(Buffer.from(a.toWellFormed()), Buffer.from(b.toWellFormed())));
  return "{" + keys.map((k) => canon(k) + ":" + canon(o[k])).join(",") + "}";
}

const wellFormed = (v: unknown): unknown =>
  typeof v === "string" ? v.toWellFormed() : Array.isArray(v) ? v.map(wellFormed) : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k.toWellFormed(), wellFormed(x)])) : v;

beforeEach(() => {
  budget.n = Infinity;
  memory.used = 0;
  memory.limit = Infinity;
  memory.cap = Infinity;
});

describe("json.decode", () => {
  it("decodes scalars, objects and 1-based arrays", () => {
    expect(decode("true")).toBe(true);
    expect(decode(" false ")).toBe(false);
    expect(decode("null")).toBe(JSON_NULL);
    expect(decode("-12.5e1")).toBe(-125);
    expect(decode('"x"')).toBe("x");
    const t = decode('{"a": [1, 2, 3], "b": {"c": "d"}}') as LuaTable;
    const a = t.get("a") as LuaTable;
    expect(a.length()).toBe(3);
    expect(a.get(1)).toBe(1);
    expect(a.get(3)).toBe(3);
    expect((t.get("b") as LuaTable).get("c")).toBe("d");
  });

  it("null is json.null in objects and arrays, so arrays keep their length", () => {
    const t = decode('[1, null, 3, null]') as LuaTable;
    expect(t.length()).toBe(4);
    expect(t.get(2)).toBe(JSON_NULL);
    expect((decode('{"x": null}') as LuaTable).get("x")).toBe(JSON_NULL);
  });

  it("object keys stay strings ('1' is not 1)", () => {
    const t = decode('{"1": "a"}') as LuaTable;
    expect(t.get("1")).toBe("a");
    expect(t.get(1)).toBe(undefined);
  });

  it("UTF-8 in strings stays UTF-8 bytes; \\u escapes become UTF-8 bytes", () => {
    expect(decode(bytes('"héllo ✓ 😀"'))).toBe(bytes("héllo ✓ 😀"));
    expect(decode('"\\u00e9\\u2713\\ud83d\\ude00"')).toBe(bytes("é✓😀"));
    expect(decode('"\\u0000"')).toBe("\0");
    expect(decode('"\\"\\\\\\/\\b\\f\\n\\r\\t"')).toBe('"\\/\b\f\n\r\t');
  });

  it("lone surrogates become U+FFFD", () => {
    expect(decode('"\\ud800"')).toBe(bytes("\ufffd"));
    expect(decode('"\\udc00x"')).toBe(bytes("\ufffdx"));
    expect(decode('"\\ud800\\u0041"')).toBe(bytes("\ufffdA"));
  });

  it("raw bytes in strings are copied unchanged (no validation on decode)", () => {
    expect(decode('"\xff\xfe\x80"')).toBe("\xff\xfe\x80");
  });

  it("skips a UTF-8 byte order mark", () => {
    expect(decode("\xef\xbb\xbf[1]")).toBeInstanceOf(LuaTable);
  });

  it("invalid JSON raises an error with line, column and byte position", () => {
    expect(err(() => decode('{"a": 1,}'))).toBe("json.decode: expected a string key, got character '}' at line 1, column 9 (byte 9)");
    expect(err(() => decode('{\n  "a": tru\n}'))).toBe("json.decode: unexpected character 't' at line 2, column 8 (byte 10)");
    expect(err(() => decode("[1 2]"))).toBe("json.decode: expected ',' or ']' in array, got character '2' at line 1, column 4 (byte 4)");
    expect(err(() => decode(""))).toMatch(/^json.decode: empty input/);
    expect(err(() => decode("[1] x"))).toMatch(/^json.decode: unexpected character 'x' after the JSON value at line 1, column 5/);
    expect(err(() => decode('"abc'))).toMatch(/^json.decode: unterminated string at line 1, column 1/);
    expect(err(() => decode('"a\nb"'))).toMatch(/unescaped control byte 0x0a in string/);
    expect(err(() => decode('"\\x"'))).toMatch(/invalid escape '\\x'/);
    expect(err(() => decode('"\\u12g4"'))).toMatch(/invalid \\u escape/);
  });

  it("rejects what RFC 8259 rejects", () => {
    for (const bad of ["01", "1.", ".5", "+1", "-", "1e", "1e+", "NaN", "Infinity", "[1,]", "{'a':1}", "{a:1}", "// c\n1", "[", "{", '{"a"}', '{"a":}', "tru", "nul", "\x00", "\v1"]) {
      expect(() => decode(bad), bad).toThrow(LuaError);
    }
  });

  it("reads the same through V8's parser (the fast path) as through its own parser (escapes, long numbers)", () => {
    // keys that are JS built-ins are ordinary keys, nothing is inherited
    const t = decode('{"__proto__": 1, "constructor": 2, "a": {"toString": 3}}') as LuaTable;
    expect(t.get("__proto__")).toBe(1);
    expect(t.get("constructor")).toBe(2);
    expect((t.get("a") as LuaTable).get("toString")).toBe(3);
    expect((t.get("a") as LuaTable).get("valueOf")).toBeUndefined();
    expect(t.get("hasOwnProperty")).toBeUndefined();
    // keys a script adds to a decoded object are ordinary keys too (the store is a fresh one)
    t.set("enriched", true);
    t.set("toString", "x");
    t.set("__proto__", 5);
    expect(t.get("toString")).toBe("x");
    expect(t.get("valueOf")).toBeUndefined();
    expect(encode(t)).toBe('{"__proto__":5,"a":{"toString":3},"constructor":2,"enriched":true,"toString":"x"}');
    // the same for a large object (kept as JSON.parse made it, in V8's dictionary mode)
    const keys = Array.from({ length: 200 }, (_, i) => `k${String(i).padStart(3, "0")}`);
    const wide = decode(`{"constructor": 0, ${keys.map((k, i) => `"${k}": ${i}`).join(", ")}}`) as LuaTable;
    wide.set("toString", "y");
    expect(wide.get("k199")).toBe(199);
    expect(wide.get("toString")).toBe("y");
    expect(wide.get("valueOf")).toBeUndefined();
    expect(wide.get("constructor")).toBe(0);
    expect(encode(wide)).toBe(`{"constructor":0,${keys.map((k, i) => `"${k}":${i}`).join(",")},"toString":"y"}`);
    // the same document with and without an escape (which takes the module's own parser)
    for (const doc of ['{"k": [1, -0, 2.5e3, null, true, {}, []], "s": "\\u00e9t\\u00e9", "n": null}', '{"k": [1, -0, 2.5e3, null, true, {}, []], "s": "\xc3\xa9t\xc3\xa9", "n": null}']) {
      const d = decode(doc) as LuaTable;
      const k = d.get("k") as LuaTable;
      expect(k.length()).toBe(7);
      expect(Object.is(k.get(2), -0)).toBe(true);
      expect(k.get(3)).toBe(2500);
      expect(k.get(4)).toBe(JSON_NULL);
      expect(jsonKinds.get(k.get(7) as LuaTable)).toBe(KIND_ARRAY);
      expect(jsonKinds.get(k.get(6) as LuaTable)).toBeUndefined();
      expect(d.get("s")).toBe("\xc3\xa9t\xc3\xa9"); // UTF-8 bytes either way
      expect(d.get("n")).toBe(JSON_NULL);
      expect(encode(d)).toBe('{"k":[1,-0,2500,null,true,{},[]],"n":null,"s":"\xc3\xa9t\xc3\xa9"}');
    }
    // a long literal keeps its text; a raw byte string (not valid UTF-8) stays bytes
    expect(encode(decode('{"id": 12345678901234567890}'))).toBe('{"id":12345678901234567890}');
    expect(decode('"\xffx"')).toBe("\xffx");
    expect((decode('\xef\xbb\xbf{"bom": true}') as LuaTable).get("bom")).toBe(true);
    // what V8 refuses gets the module's message
    expect(err(() => decode('{"a": 1,}'))).toMatch(/^json.decode: expected a string key, got character '}'/);
  });

  it("limits nesting to 1000 levels (an error, not a stack overflow)", () => {
    expect(decode("[".repeat(1000) + "]".repeat(1000))).toBeInstanceOf(LuaTable);
    expect(err(() => decode("[".repeat(1001) + "]".repeat(1001)))).toMatch(/nesting deeper than 1000 levels/);
  });

  it("charges the instruction budget and the memory accounting in proportion to the input", () => {
    budget.n = 1000;
    decode("[" + "1,".repeat(100) + "1]");
    expect(budget.n).toBeLessThan(1000 - 20);
    memory.limit = 10_000;
    expect(() => decode('"' + "x".repeat(20_000) + '"')).toThrow(LuaAbort);
  });
});

describe("json.encode", () => {
  it("is compact and deterministic: object keys sorted by bytes", () => {
    expect(encode(table({ b: 1, a: table([true, false]), c: "x", "10": 1, "9": 2 }))).toBe('{"10":1,"9":2,"a":[true,false],"b":1,"c":"x"}');
  });

  it("writes keys the same on every encode (plain keys come from a cache; others are escaped each time)", () => {
    const long = "k".repeat(70);
    const t = table({ a: 1, 'q"t': 2, "back\\slash": 3, "tab\t": 4, [long]: 5, "": 6, [bytes("é")]: 7 });
    const want = `{"":6,"a":1,"back\\\\slash":3,"${long}":5,"q\\"t":2,"tab\\t":4,"${bytes("é")}":7}`;
    for (let i = 0; i < 3; i++) expect(encode(t)).toBe(want);
    expect(err(() => encode(table({ ["\xff"]: 1 })))).toMatch(/not valid UTF-8/);
    expect(err(() => encode(table({ ["\xff"]: 1 })))).toMatch(/not valid UTF-8/);
  });

  it("sequences are arrays, string-keyed tables objects, empty tables {}", () => {
    expect(encode(table([1, "two", 3]))).toBe('[1,"two",3]');
    expect(encode(table({ k: "v" }))).toBe('{"k":"v"}');
    expect(encode(new LuaTable())).toBe("{}");
  });

  it("empty arrays and objects survive a round trip", () => {
    expect(encode(decode('{"a":[],"b":{},"c":[[]],"d":[{}]}'))).toBe('{"a":[],"b":{},"c":[[]],"d":[{}]}');
    // an array emptied by the script stays an array
    const t = decode("[1,2]") as LuaTable;
    t.set(2, undefined);
    t.set(1, undefined);
    expect(encode(t)).toBe("[]");
  });

  it("json.array / json.object marks", () => {
    const m = instanceOfJson();
    const arr = (m.get("array") as Function)() as LuaTable;
    expect(encode(arr)).toBe("[]");
    const obj = (m.get("object") as Function)(table([1, 2])) as LuaTable;
    expect(encode(obj)).toBe('{"1":1,"2":2}');
    expect(err(() => (m.get("array") as Function)(5))).toMatch(/bad argument #1 to 'array' \(table expected, got number\)/);
  });

  it("numbers: shortest round-trip text, -0, no NaN or infinities", () => {
    expect(encode(table([0, -0, 1.5, 0.1, 1e21, 1e-7, 2 ** 53, -123456789]))).toBe("[0,-0,1.5,0.1,1e+21,1e-7,9007199254740992,-123456789]");
    expect(err(() => encode(NaN))).toMatch(/cannot encode NaN/);
    expect(err(() => encode(table({ x: Infinity })))).toBe("json.encode: cannot encode inf (not a JSON number) (at x)");
  });

  it("escapes quotes, backslashes and control bytes; passes valid UTF-8 and DEL through", () => {
    expect(encode("a\"b\\c\n\t\x00\x1f\x7f/")).toBe('"a\\"b\\\\c\\n\\t\\u0000\\u001f\x7f/"');
    expect(encode(bytes("é✓😀"))).toBe(bytes('"é✓😀"'));
  });

  it("invalid UTF-8 raises an error by default; 'replace' and 'escape' options", () => {
    expect(err(() => encode("ok\xffno"))).toMatch(/^json.encode: string is not valid UTF-8 \(byte 0xff at offset 3\); use base64.encode/);
    expect(err(() => encode(table({ k: "\xc3" })))).toMatch(/byte 0xc3 at offset 1.*\(at k\)$/);
    const opts = (mode: string) => table({ invalid_utf8: mode });
    expect(encode("a\xffb\xc3", opts("replace"))).toBe('"a\xef\xbf\xbdb\xef\xbf\xbd"');
    expect(encode("a\xe9b", opts("escape"))).toBe('"a\\u00e9b"');
    expect(() => encode("a\xe9b", opts("error"))).toThrow(LuaError);
    expect(err(() => encode("x", opts("bogus")))).toMatch(/bad argument #2 to 'encode' \(invalid_utf8 must be/);
    expect(err(() => encode("x", table({ pretty: true })))).toMatch(/unknown option 'pretty'/);
  });

  it("rejects overlong forms, surrogates and code points above U+10FFFF", () => {
    for (const bad of ["\xc0\x80", "\xc1\xbf", "\xe0\x80\x80", "\xed\xa0\x80", "\xf0\x80\x80\x80", "\xf4\x90\x80\x80", "\xf5\x80\x80\x80", "\x80", "\xe2\x82"]) {
      expect(() => encode(bad), JSON.stringify(bad)).toThrow(LuaError);
    }
    for (const good of ["\xc2\x80", "\xdf\xbf", "\xe0\xa0\x80", "\xed\x9f\xbf", "\xee\x80\x80", "\xf0\x90\x80\x80", "\xf4\x8f\xbf\xbf"]) {
      expect(encode(good)).toBe(`"${good}"`);
    }
  });

  it("mixed and sparse tables raise an error naming the key", () => {
    const mixed = table([1, 2]);
    mixed.set("x", 1);
    expect(err(() => encode(mixed))).toMatch(/mixed or sparse keys \(key "x"\)/);
    const sparse = new LuaTable();
    sparse.set(1, "a");
    sparse.set(3, "c");
    expect(err(() => encode(sparse))).toMatch(/mixed or sparse keys \(key 3\)/);
    const boolKey = new LuaTable();
    boolKey.set(true, 1);
    expect(err(() => encode(boolKey))).toMatch(/mixed or sparse keys \(key of type boolean\)/);
    const arr = decode("[1]") as LuaTable;
    arr.set("x", 2);
    expect(err(() => encode(arr))).toMatch(/table marked as a JSON array has a key "x"/);
  });

  it("a sequence built out of order (hash part) is still an array", () => {
    const t = new LuaTable();
    t.set(3, "c");
    t.set(2, "b");
    t.set(1, "a");
    expect(encode(t)).toBe('["a","b","c"]');
  });

  it("cycles, functions, userdata and deep nesting raise errors with the path", () => {
    const a = table({ name: "a" });
    const b = table({ parent: a });
    a.set("child", b);
    expect(err(() => encode(a))).toBe("json.encode: cycle: a table contains itself (at child.parent)");
    expect(err(() => encode(table({ items: table([1, table({ cb: () => 1 })]) })))).toBe("json.encode: cannot encode a function value (at items[2].cb)");
    expect(err(() => encode(table({ "a b": {} })))).toBe('json.encode: cannot encode a userdata value (at ["a b"])');
    let deep = new LuaTable();
    for (let i = 0; i < 1001; i++) deep = table([deep]);
    expect(err(() => encode(deep))).toMatch(/nesting deeper than 1000 levels/);
    // the same table twice (not a cycle) is fine
    const shared = table([1]);
    expect(encode(table([shared, shared]))).toBe("[[1],[1]]");
  });

  it("nil encodes as null; json.null as null", () => {
    expect(encode(undefined)).toBe("null");
    expect(encode(table({ a: JSON_NULL }))).toBe('{"a":null}');
  });
});

describe("big numbers", () => {
  it("integers above 2^53 survive a round trip that does not touch them", () => {
    const src = '{"id":12345678901234567890,"ids":[9007199254740993,18446744073709551615],"precise":3.14159265358979323846,"small":1}';
    expect(encode(decode(src))).toBe(src);
  });

  it("Lua sees a number; a changed value is written as the new number", () => {
    const t = decode('{"id":12345678901234567890,"n":9007199254740993}') as LuaTable;
    expect(typeof t.get("id")).toBe("number");
    expect(t.get("id")).toBe(12345678901234567890);
    t.set("id", (t.get("id") as number) + 4096);
    t.set("n", 1);
    expect(encode(t)).toBe(`{"id":${String(12345678901234567890 + 4096)},"n":1}`);
  });

  it("a value copied to another table keeps its text too", () => {
    const t = decode('{"id":9007199254740993,"pi":3.14159265358979323846}') as LuaTable;
    expect(encode(table({ copy: t.get("id"), pi: t.get("pi") }))).toBe('{"copy":9007199254740993,"pi":3.14159265358979323846}');
    expect(encode(t.get("id"))).toBe("9007199254740993");
    expect(encode(decode("12345678901234567890"))).toBe("12345678901234567890");
  });

  it("two literals that round to the same double: each field keeps its own text, copies get the double's text", () => {
    const t = decode('{"a":9007199254740993,"b":9007199254740992.0000001}') as LuaTable;
    expect(t.get("a")).toBe(t.get("b"));
    expect(encode(t)).toBe('{"a":9007199254740993,"b":9007199254740992.0000001}');
    expect(encode(table({ c: t.get("a") }))).toBe('{"c":9007199254740992}');
  });

  it("literals are remembered per run only", () => {
    const G = new LuaTable();
    installTransformModules(G);
    const t = decode('{"id":9007199254740993}') as LuaTable;
    installTransformModules(new LuaTable()); // a new run
    expect(encode(t)).toBe('{"id":9007199254740992}');
    void G;
  });
});

function instanceOfJson(): LuaTable {
  const G = new LuaTable();
  installTransformModules(G);
  return instance(G, "json")!;
}

// ---------------------------------------------------------------- corpus

function corpus(): [string, string][] {
  const docs: [string, string][] = [];
  const fixtures = join(__dirname, "fixtures", "json");
  for (const f of readdirSync(fixtures).sort()) docs.push([`fixtures/${f}`, readFileSync(join(fixtures, f), "latin1")]);
  // real-world documents that are always at hand: the package manifests of the dependencies
  const nm = join(__dirname, "..", "..", "node_modules");
  const names = existsSync(nm) ? readdirSync(nm).filter((n) => !n.startsWith(".")).sort() : [];
  for (const n of names.slice(0, 150)) {
    const dirs = n.startsWith("@") ? readdirSync(join(nm, n)).map((s) => join(n, s)) : [n];
    for (const d of dirs) {
      const p = join(nm, d, "package.json");
      if (existsSync(p)) docs.push([`node_modules/${d}/package.json`, readFileSync(p, "latin1")]);
    }
  }
  const lock = join(__dirname, "..", "..", "package-lock.json");
  if (existsSync(lock)) docs.push(["package-lock.json", readFileSync(lock, "latin1")]);
  return docs;
}

describe("decode -> encode of a corpus of real-world JSON documents", () => {
  const docs = corpus();
  it("has a corpus", () => {
    expect(docs.length).toBeGreaterThan(20);
  });

  it.each(docs)("%s", (_name, src) => {
    const utf8 = text(src);
    const ref = JSON.parse(utf8);
    const v = decode(src);
    // the decoded value is what JSON.parse sees (lone surrogates as U+FFFD, big numbers as doubles)
    expect(toJS(v)).toEqual(wellFormed(ref));
    const out = encode(v);
    // the encoding is valid JSON with the same value
    expect(wellFormed(JSON.parse(text(out)))).toEqual(wellFormed(ref));
    // and byte for byte the reference writer's output, except that long number literals keep their text
    const bigLiterals = utf8.match(/-?\d[\d.eE+-]{15,}/g) ?? [];
    if (bigLiterals.length === 0) expect(text(out)).toBe(canon(ref));
    for (const lit of bigLiterals) if (/^-?\d+$/.test(lit)) expect(out).toContain(lit);
    // encode(decode(encode(x))) is a fixed point
    expect(encode(decode(out))).toBe(out);
  });
});

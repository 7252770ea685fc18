// `moonbox transform` (src/webhook/cli.ts) and the examples in examples/webhook/, each run
// with the command and the arguments its header comment documents.
import { describe, it, expect } from "vitest";
import { mkdtempSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { transformCommand, hexDump, isText, ulid } from "../../src/webhook/cli.js";
import { EXIT_CODES } from "../../src/errors.js";

const root = join(__dirname, "..", "..");
const ex = (f: string) => join(root, "examples", "webhook", f);
const dir = mkdtempSync(join(tmpdir(), "moonbox-transform-"));
function file(name: string, content: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

/** Run the command, capturing stdout and stderr. */
async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const ow = process.stdout.write, ew = process.stderr.write;
  process.stdout.write = ((s: string | Uint8Array) => ((stdout += typeof s === "string" ? s : Buffer.from(s).toString()), true)) as any;
  process.stderr.write = ((s: string | Uint8Array) => ((stderr += typeof s === "string" ? s : Buffer.from(s).toString()), true)) as any;
  try {
    const code = await transformCommand(argv);
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = ow;
    process.stderr.write = ew;
  }
}

/** The --json object (last line of stdout). */
async function json(...argv: string[]): Promise<{ code: number; out: any }> {
  const r = await cli(...argv, "--json");
  const lines = r.stdout.trimEnd().split("\n");
  return { code: r.code, out: JSON.parse(lines[lines.length - 1]) };
}

describe("moonbox transform", () => {
  it("prints headers, the text body, logs, duration and memory", async () => {
    const s = file("t.lua", 'request.body = payload .. "!" request.headers["X-A"] = "1" log.info("hi", { n = 2 }) print("p")');
    const p = file("p.txt", "hello");
    const r = await cli(s, "--payload", p, "--header", "Content-Type: text/plain");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^== request headers\nContent-Type: text\/plain\nX-A: 1\nopt_out_default_headers: false\n== request body \(6 bytes, text\)\nhello!\n== logs \(1\)\nINFO  hi \{"n":2\}\n== print output\np\n== duration \d+\.\d\d ms, memory \d+ B\n$/,
    );
  });

  it("dumps a binary body as hex, or base64 with --base64, and writes it with --output", async () => {
    const s = file("bin.lua", "request.body = string.char(0, 1, 2, 255) .. ('A'):rep(20)");
    const r = await cli(s);
    expect(r.stdout).toContain("== request body (24 bytes, binary)\n00000000  00 01 02 ff 41 41 41 41  41 41 41 41 41 41 41 41  |....AAAAAAAAAAAA|\n00000010  41 41 41 41 41 41 41 41");
    const b = await cli(s, "--base64", "--output", join(dir, "out.bin"));
    expect(b.stdout).toContain("\n" + Buffer.from([0, 1, 2, 255, ...Buffer.from("A".repeat(20))]).toString("base64") + "\n");
    expect(readFileSync(join(dir, "out.bin"))).toEqual(Buffer.from([0, 1, 2, 255, ...Buffer.from("A".repeat(20))]));
  });

  it("--json: the documented object on the last line", async () => {
    const s = file("j.lua", 'request.body = "\\0\\255" request.headers["X-A"] = "v" config.opt_out_default_headers = true log.warn("w")');
    const { code, out } = await json(s, "--header", "X-In: 1");
    expect(code).toBe(0);
    expect(out).toMatchObject({
      ok: true,
      request: { body_base64: "AP8=", headers: { "X-In": "1", "X-A": "v" }, opt_out_default_headers: true, body_changed: true },
      logs: [{ level: "warn", message: "w" }],
      error: null,
      stdout: "",
    });
    expect(typeof out.duration_ms).toBe("number");
    expect(typeof out.memory_bytes).toBe("number");
  });

  it("--json on errors: type, retryable, message, line; exit code per type", async () => {
    const s = file("e.lua", "local x = 1\nerror('bad thing')");
    const { code, out } = await json(s);
    expect(code).toBe(EXIT_CODES.script_runtime_error);
    expect(out.ok).toBe(false);
    expect(out.request).toBe(null);
    expect(out.error).toEqual({ type: "script_runtime_error", retryable: false, message: `${s}:2: bad thing`, line: 2 });
    expect((await json(file("inj.lua", "request.headers['X'] = 'a\\r\\nb'"))).code).toBe(EXIT_CODES.script_invalid_output);
    expect((await json(file("syn.lua", "x = = 1"))).out.error.type).toBe("script_syntax_error");
  });

  it("human output on errors", async () => {
    const r = await cli(file("e2.lua", "error('oops')"));
    expect(r.code).toBe(12);
    expect(r.stdout).toMatch(/^== error\nscript_runtime_error \(not retryable\) at line 1: .*e2.lua:1: oops\nstack traceback:/);
  });

  it("--metadata and --previous-error reach the script; defaults fill in the rest", async () => {
    const s = file("m.lua", "print(metadata.webhook_id, metadata.config_id, metadata.attempt, metadata.max_attempts, metadata.created_at ~= nil, previous_error and previous_error.status_code)");
    const a = await json(s);
    expect(a.out.stdout).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}\tcli\t0\t5\ttrue\tnil\n$/);
    const b = await json(s, "--metadata", '{"webhook_id":"W1","attempt":3}', "--previous-error", '{"status_code":502}');
    expect(b.out.stdout).toBe("W1\tcli\t3\t5\ttrue\t502\n");
    const c = await json(s, "--previous-error", '{"status_code":500}');
    expect(c.out.stdout).toMatch(/\tcli\t1\t5\t/); // a retry defaults to attempt 1
  });

  it("--config: enabled false gives script_disabled; a bad config is a usage error naming the key", async () => {
    const s = file("c.lua", "x = 1");
    const off = file("off.yaml", "lua:\n  enabled: false\n");
    expect((await json(s, "--config", off)).out.error.type).toBe("script_disabled");
    expect((await json(s, "--config", off)).code).toBe(EXIT_CODES.script_disabled);
    const bad = file("bad.yaml", "lua:\n  timeout: 5\n");
    const r = await cli(s, "--config", bad);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/lua.timeout: expected a duration/);
    const slow = file("slow.yaml", "lua:\n  enabled: true\n  timeout: 50ms\n");
    expect((await json(file("loop.lua", "while true do end"), "--config", slow)).out.error.type).toBe("script_timeout");
  });

  it("usage errors exit 1", async () => {
    expect((await cli()).code).toBe(1);
    expect((await cli("a.lua", "b.lua")).stderr).toMatch(/unexpected argument 'b.lua'/);
    expect((await cli("--bogus")).code).toBe(1);
    expect((await cli(file("u.lua", "x=1"), "--header", "nocolon")).stderr).toMatch(/expected 'Name: value'/);
    expect((await cli(file("u2.lua", "x=1"), "--metadata", "[1]")).stderr).toMatch(/--metadata: expected a JSON object/);
    expect((await cli(file("u3.lua", "x=1"), "--metadata", '{"attempt":"x"}')).stderr).toMatch(/metadata.attempt must be a non-negative integer/);
    expect((await cli(join(dir, "missing.lua"))).code).toBe(1);
    expect((await cli("--help")).stdout).toMatch(/^usage: moonbox transform SCRIPT.lua/);
  });

  it("helpers: hex dump, text detection, ULIDs", () => {
    expect(hexDump(Buffer.from("0123456789abcdefXYZ"))).toBe(
      "00000000  30 31 32 33 34 35 36 37  38 39 61 62 63 64 65 66  |0123456789abcdef|\n00000010  58 59 5a                                          |XYZ|",
    );
    expect(hexDump(Buffer.alloc(40), 16)).toMatch(/\.\.\. 24 more bytes/);
    expect(isText(Buffer.from("héllo\n\ttab"))).toBe(true);
    expect(isText(Buffer.from([0xff]))).toBe(false);
    expect(isText(Buffer.from("a\0b"))).toBe(false);
    expect(ulid(0)).toMatch(/^0000000000[0-9A-HJKMNP-TV-Z]{16}$/);
    expect(ulid(Date.UTC(2024, 0, 1)).slice(0, 10)).toBe("01HK153X00");
  });
});

describe("examples/webhook (each runnable with the CLI as its header says)", () => {
  const cfg = ["--config", ex("moonbox.yaml")];

  it("enrich.lua: decode, add fields, re-encode (big ids, UTF-8, empty arrays kept)", async () => {
    const { code, out } = await json(ex("enrich.lua"), "--payload", ex("order.json"), "--header", "Content-Type: application/json", ...cfg);
    expect(code).toBe(0);
    const body = Buffer.from(out.request.body_base64, "base64").toString("utf8");
    expect(body).toContain('"order_id":9007199254740993'); // above 2^53, untouched: kept exactly
    expect(body).toContain('"customer":{"name":"Zoë Åström","tags":[]}');
    expect(body).toContain('"notes":{}');
    expect(body).toContain('"coupon":null');
    const data = JSON.parse(body);
    expect(data.enriched).toBe(true);
    expect(data.total).toBe(39);
    expect(data.webhook).toMatchObject({ config: "cli", attempt: 0 });
    expect(out.request.headers).toEqual({ "Content-Type": "application/json" });
    expect(out.logs).toEqual([{ level: "info", message: "order enriched", fields: { order_id: 9007199254740992, lines: 2 } }]);
  });

  it("base64_image.lua: the spec's base64 image example, end to end", async () => {
    const { code, out } = await json(ex("base64_image.lua"), "--payload", ex("image.payload.json"), ...cfg);
    expect(code).toBe(0);
    const png = readFileSync(ex("image.png"));
    expect(Buffer.from(out.request.body_base64, "base64").equals(png)).toBe(true);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(out.request.headers).toEqual({ "Content-Type": "image/png", "Content-Disposition": 'attachment; filename="pixel.png"' });
    expect(out.request.opt_out_default_headers).toBe(true);
    // and the human output shows a hex dump
    const human = await cli(ex("base64_image.lua"), "--payload", ex("image.payload.json"), ...cfg);
    expect(human.stdout).toContain("== request body (100 bytes, binary)\n00000000  89 50 4e 47 0d 0a 1a 0a");
  });

  it("header_rewrite.lua: rename, derive and drop headers; body unchanged", async () => {
    const { code, out } = await json(
      ex("header_rewrite.lua"), "--payload", ex("order.json"),
      "--header", "Content-Type: application/json", "--header", "X-Legacy-Token: s3cr3t", "--header", "X-Request-Id: req-42", "--header", "X-Debug: 1",
      ...cfg,
    );
    expect(code).toBe(0);
    expect(out.request.headers).toEqual({
      "Content-Type": "application/json",
      "X-Request-Id": "req-42",
      Authorization: "Bearer s3cr3t",
      "X-Upstream-Request-Id": "req-42",
      "X-Webhook-Attempt": "1/5",
    });
    expect(out.request.body_changed).toBe(false);
    expect(Buffer.from(out.request.body_base64, "base64").equals(readFileSync(ex("order.json")))).toBe(true);
  });

  it("retry_aware.lua: first attempt vs a retry after a 413", async () => {
    const first = await json(ex("retry_aware.lua"), "--payload", ex("order.json"), ...cfg);
    expect(first.code).toBe(0);
    expect(first.out.logs).toEqual([]);
    expect(JSON.parse(Buffer.from(first.out.request.body_base64, "base64").toString()).lines).toHaveLength(2);
    const retry = await json(
      ex("retry_aware.lua"), "--payload", ex("order.json"), "--metadata", '{"attempt": 4}',
      "--previous-error", '{"type": "http_error", "status_code": 413, "message": "payload too large"}', ...cfg,
    );
    expect(retry.code).toBe(0);
    expect(Buffer.from(retry.out.request.body_base64, "base64").toString()).toBe('{"order_id":9007199254740993,"slim":true}');
    expect(retry.out.request.headers).toEqual({ "X-Payload-Trimmed": "true", "X-Retry-Attempt": "4", "X-Last-Attempt": "true" });
    expect(retry.out.logs[0]).toEqual({
      level: "warn",
      message: "retrying after error",
      fields: { attempt: 4, previous_type: "http_error", previous_status: 413, previous_message: "payload too large" },
    });
  });
});

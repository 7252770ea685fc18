// `moonbox transform SCRIPT.lua --payload FILE [--header 'K: V']... [--metadata JSON]
//   [--previous-error JSON] [--config moonbox.yaml] [--json]`
//
// Runs one webhook transform as the worker would and prints the outgoing request (headers,
// then the body as text, or as a hex or base64 dump when it is binary), the script's log
// records, the duration and the memory used. With --json, one JSON object on the last line
// of stdout (a documented interface, see examples/webhook/README.md):
//   {"ok": bool,
//    "request": {"body_base64", "headers", "opt_out_default_headers", "body_changed"} | null,
//    "logs": [{"level", "message", "fields"?}],
//    "error": {"type", "retryable", "message", "line"} | null,
//    "stdout": string, "duration_ms": number, "memory_bytes": number}
// Exit code: 0, or the error type's code (EXIT_CODES), or 1 for usage and config errors.
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { randomBytes } from "node:crypto";
import { EXIT_CODES } from "../errors.js";
import { loadConfig, defaultConfig, ConfigError, type LuaConfig } from "../config.js";
import { WebhookTransformer, type TransformJob, type TransformOutcome, type WebhookMetadata, type PreviousError } from "./transformer.js";

export const TRANSFORM_USAGE = `usage: moonbox transform SCRIPT.lua [options]

Run a webhook transform script once, as the webhook worker would, and print the
outgoing request, the script's log records, the duration and the memory used.

options:
  --payload FILE          the incoming request body (raw bytes; '-' reads stdin; default: empty)
  --header 'K: V'         an incoming request header (repeatable)
  --metadata JSON         metadata fields, merged over the defaults
                          (webhook_id: a new ULID, config_id: "cli", attempt: 0, max_attempts: 5,
                          created_at: now)
  --previous-error JSON   the previous attempt's error, a JSON object (default: none, so nil)
  --config FILE           a moonbox.yaml ('lua:' section); without it: the spec's defaults
                          with lua.enabled true
  --json                  print one JSON object on the last line of stdout
  --base64                dump a binary body as base64 instead of hex
  --output FILE           also write the outgoing body bytes to FILE
  --isolation MODE        inline (default) or process
`;

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** A ULID: 48-bit millisecond time + 80 random bits, Crockford base32. */
export function ulid(now = Date.now()): string {
  let time = "";
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const r = randomBytes(16);
  let rand = "";
  for (let i = 0; i < 16; i++) rand += CROCKFORD[r[i] % 32];
  return time + rand;
}

class UsageError extends Error {}

function parseHeader(h: string): [string, string] {
  const i = h.indexOf(":");
  if (i <= 0) throw new UsageError(`--header ${JSON.stringify(h)}: expected 'Name: value'`);
  return [h.slice(0, i).trim(), h.slice(i + 1).trim()];
}

function parseJsonObject(flag: string, text: string): Record<string, any> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${flag}: invalid JSON: ${(e as Error).message}`);
  }
  if (v === null || typeof v !== "object" || Array.isArray(v)) throw new UsageError(`${flag}: expected a JSON object`);
  return v as Record<string, any>;
}

/** Text a terminal can show as it is: valid UTF-8 without control bytes other than tab, CR, LF. */
export function isText(b: Buffer): boolean {
  if (/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/.test(b.toString("latin1"))) return false;
  return Buffer.from(b.toString("utf8"), "utf8").equals(b);
}

/** `xxd`-style dump of the first `limit` bytes. */
export function hexDump(b: Buffer, limit = 4096): string {
  const lines: string[] = [];
  const n = Math.min(b.length, limit);
  for (let off = 0; off < n; off += 16) {
    const row = b.subarray(off, Math.min(off + 16, n));
    let hex = "";
    for (let i = 0; i < 16; i++) {
      hex += i < row.length ? row[i].toString(16).padStart(2, "0") + " " : "   ";
      if (i === 7) hex += " ";
    }
    let ascii = "";
    for (const c of row) ascii += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : ".";
    lines.push(`${off.toString(16).padStart(8, "0")}  ${hex} |${ascii}|`);
  }
  if (b.length > n) lines.push(`... ${b.length - n} more bytes (--output FILE writes them all)`);
  return lines.join("\n");
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

function humanReport(r: TransformOutcome, base64: boolean): string {
  const out: string[] = [];
  if (r.ok && r.request) {
    const q = r.request;
    out.push("== request headers");
    const names = Object.keys(q.headers);
    if (names.length === 0) out.push("(none)");
    for (const k of names) out.push(`${k}: ${Buffer.from(q.headers[k], "latin1").toString("utf8")}`);
    out.push(`opt_out_default_headers: ${q.optOutDefaultHeaders}`);
    const b = q.body;
    const text = isText(b);
    out.push(`== request body (${b.length} bytes, ${text ? "text" : "binary"}${q.bodyChanged ? "" : ", unchanged"})`);
    if (b.length > 0) {
      if (text) out.push(b.toString("utf8").replace(/\n$/, ""));
      else out.push(base64 ? b.toString("base64") : hexDump(b));
    }
  } else if (r.error) {
    const e = r.error;
    out.push("== error");
    out.push(`${e.type} (${e.retryable ? "retryable" : "not retryable"})${e.line ? ` at line ${e.line}` : ""}: ${e.message}`);
    if (e.luaTraceback) out.push(e.luaTraceback);
  }
  if (r.logs.length > 0) {
    out.push(`== logs (${r.logs.length})`);
    for (const l of r.logs) out.push(`${l.level.toUpperCase().padEnd(5)} ${l.message}${l.fields ? " " + JSON.stringify(l.fields) : ""}`);
  }
  if (r.stdout !== "") {
    out.push("== print output");
    out.push(r.stdout.replace(/\n$/, ""));
  }
  out.push(`== duration ${r.durationMs.toFixed(2)} ms, memory ${formatBytes(r.memoryBytes)}`);
  return out.join("\n") + "\n";
}

export function jsonReport(r: TransformOutcome): Record<string, unknown> {
  return {
    ok: r.ok,
    request:
      r.ok && r.request
        ? {
            body_base64: r.request.body.toString("base64"),
            headers: Object.fromEntries(Object.entries(r.request.headers).map(([k, v]) => [k, Buffer.from(v, "latin1").toString("utf8")])),
            opt_out_default_headers: r.request.optOutDefaultHeaders,
            body_changed: r.request.bodyChanged,
          }
        : null,
    logs: r.logs,
    error: r.error ? r.error.toJSON() : null,
    stdout: r.stdout,
    duration_ms: Math.round(r.durationMs * 1000) / 1000,
    memory_bytes: r.memoryBytes,
  };
}

/** `moonbox transform ...`: argv is what follows the word `transform`. Returns the exit code. */
export async function transformCommand(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        payload: { type: "string" },
        header: { type: "string", multiple: true },
        metadata: { type: "string" },
        "previous-error": { type: "string" },
        config: { type: "string" },
        json: { type: "boolean" },
        base64: { type: "boolean" },
        output: { type: "string" },
        isolation: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (e) {
    process.stderr.write(`moonbox transform: ${(e as Error).message}\n${TRANSFORM_USAGE}`);
    return 1;
  }
  const f = parsed.values;
  if (f.help) {
    process.stdout.write(TRANSFORM_USAGE);
    return 0;
  }
  const [file, ...extra] = parsed.positionals;
  if (!file || extra.length > 0) {
    process.stderr.write(`moonbox transform: ${file ? `unexpected argument '${extra[0]}'` : "missing SCRIPT.lua"}\n${TRANSFORM_USAGE}`);
    return 1;
  }
  let config: LuaConfig;
  let job: TransformJob;
  try {
    if (f.isolation !== undefined && f.isolation !== "inline" && f.isolation !== "process") throw new UsageError("--isolation: expected inline or process");
    config = f.config ? loadConfig(f.config) : { ...defaultConfig(), enabled: true };
    config.poolSize = 1;
    const source = readFileSync(file);
    const payload = f.payload === undefined ? Buffer.alloc(0) : readFileSync(f.payload === "-" ? 0 : f.payload);
    const headers = (f.header ?? []).map(parseHeader);
    const given = f.metadata ? parseJsonObject("--metadata", f.metadata) : {};
    const previousError = f["previous-error"] ? (parseJsonObject("--previous-error", f["previous-error"]) as PreviousError) : null;
    const metadata: WebhookMetadata = {
      webhook_id: ulid(),
      config_id: "cli",
      attempt: previousError ? 1 : 0,
      max_attempts: 5,
      created_at: new Date().toISOString(),
      ...given,
    };
    job = { script: { source, name: file }, payload, headers, metadata, previousError };
  } catch (e) {
    if (e instanceof UsageError || e instanceof ConfigError || (e as any)?.code === "ENOENT" || (e as any)?.code === "EISDIR") {
      process.stderr.write(`moonbox transform: ${(e as Error).message}\n`);
      return 1;
    }
    throw e;
  }
  const t = await WebhookTransformer.create({ config, logger: false, isolation: (f.isolation as "inline" | "process") ?? "inline" });
  let r: TransformOutcome;
  try {
    r = await t.tryTransform(job);
  } catch (e) {
    process.stderr.write(`moonbox transform: ${(e as Error).message}\n`);
    return 1;
  } finally {
    await t.dispose();
  }
  if (f.output && r.ok && r.request) writeFileSync(f.output, r.request.body);
  if (f.json) process.stdout.write(JSON.stringify(jsonReport(r)) + "\n");
  else process.stdout.write(humanReport(r, !!f.base64));
  return r.error ? EXIT_CODES[r.error.type] : 0;
}

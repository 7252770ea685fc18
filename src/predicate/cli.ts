// `moonbox eval RULES... --events FILE.ndjson`: evaluate predicate rules over events.
//
// Every RULE is a .lua file (rule id = file name without .lua) or a directory of them. Each
// line of the events file is one JSON event:
//   {"event_type": 1, "ts_mono": 0, "ts_wall": 0, "entity_key": 0, "fields": {"1": "/tmp/x.sh", "2": 4242, "4": true}}
// JSON strings are string fields, integers i64, booleans bool, other numbers f64, and
// {"base64": "..."} bytes. Header keys are optional (0). Blank lines are skipped.
//
// Output: matches and alerts on stdout, one per line; errors, progress (for large files on a
// terminal) and a final throughput line on stderr. With --json, stdout is one JSON object:
//   {"events", "rules": {"ID": {"matches", "errors"}}, "alerts": [{"rule_id", "message",
//    "event_index"}], "duration_ms", "ns_per_eval"}
import { createReadStream, readFileSync, readdirSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { parseArgs } from "node:util";
import { EXIT_CODES } from "../errors.js";
import { LuaEngine, LuaRuntimeError } from "./engine.js";
import { BatchEncoder, EventBatch } from "./batch.js";
import type { BatchResult } from "./result.js";

export const EVAL_USAGE = `usage: moonbox eval RULES... --events FILE.ndjson [options]

Evaluate predicate rules (Lua files returning function(event) ... end; rule id = file
name without .lua; a directory means every .lua file in it) against events, one JSON
object per line:
  {"event_type": 1, "ts_mono": 0, "ts_wall": 0, "entity_key": 0,
   "fields": {"1": "/tmp/x.sh", "2": 4242, "4": true}}
(strings -> string fields, integers -> i64, booleans -> bool, other numbers -> f64,
{"base64": "..."} -> bytes; "-" reads events from stdin)

options:
  --events FILE            the NDJSON events file (required)
  --json                   print one JSON object on stdout (see examples/predicates/README.md)
  --batch-size N           events per batch (default 1000)
  --instruction-limit N    instruction budget per evaluation (default 1000000)
  --memory-limit-kb N      allocation limit per evaluation, KB (default 1024)
  --pool-size N            isolates (default: CPU cores)
  --isolation MODE         process (default) or inline
  --quiet                  no per-match lines (summary and --json only)
  --progress / --no-progress   force the progress bar on or off (default: on for files
                           over 8 MB when stderr is a terminal)
`;

interface Totals {
  matches: number[];
  errors: number[];
  alerts: { rule_id: string; message: string; event_index: number; source_rule: string }[];
  firstErrors: { rule: number; event_index: number; type: string; message: string }[];
}

/** Exit codes: 0 done (evaluation errors are reported, not fatal), 1 usage or bad input, 11-19 a rule failed to load. */
export async function evalCommand(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        events: { type: "string" },
        json: { type: "boolean" },
        "batch-size": { type: "string" },
        "instruction-limit": { type: "string" },
        "memory-limit-kb": { type: "string" },
        "pool-size": { type: "string" },
        isolation: { type: "string" },
        quiet: { type: "boolean" },
        progress: { type: "boolean" },
        "no-progress": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (e) {
    process.stderr.write(`moonbox eval: ${(e as Error).message}\n${EVAL_USAGE}`);
    return 1;
  }
  const f = parsed.values;
  if (f.help) {
    process.stdout.write(EVAL_USAGE);
    return 0;
  }
  const usage = (msg: string) => {
    process.stderr.write(`moonbox eval: ${msg}\n${EVAL_USAGE}`);
    return 1;
  };
  if (!f.events) return usage("missing --events FILE.ndjson");
  if (parsed.positionals.length === 0) return usage("missing rule files");
  const posInt = (name: string, v: string | undefined, def: number): number => {
    if (v === undefined) return def;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name}: expected a positive integer, got '${v}'`);
    return n;
  };
  let batchSize: number, instructionLimit: number, memoryLimitKb: number, poolSize: number | undefined;
  try {
    batchSize = posInt("batch-size", f["batch-size"], 1000);
    instructionLimit = posInt("instruction-limit", f["instruction-limit"], 1_000_000);
    memoryLimitKb = posInt("memory-limit-kb", f["memory-limit-kb"], 1024);
    poolSize = f["pool-size"] === undefined ? undefined : posInt("pool-size", f["pool-size"], 1);
  } catch (e) {
    return usage((e as Error).message);
  }
  const isolation = f.isolation ?? "process";
  if (isolation !== "process" && isolation !== "inline") return usage(`--isolation: expected process or inline, got '${isolation}'`);

  // rule files
  const files: string[] = [];
  for (const p of parsed.positionals) {
    let st;
    try {
      st = statSync(p);
    } catch {
      process.stderr.write(`moonbox eval: ${p}: no such file or directory\n`);
      return EXIT_CODES.script_not_found;
    }
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort()) if (name.endsWith(".lua")) files.push(join(p, name));
    } else files.push(p);
  }
  if (files.length === 0) return usage("no .lua rule files found");
  const rules: { id: string; script: string }[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const id = basename(file).replace(/\.lua$/, "");
    if (seen.has(id)) return usage(`rule id '${id}' twice (${seen.get(id)} and ${file})`);
    seen.set(id, file);
    rules.push({ id, script: readFileSync(file).toString("latin1") });
  }

  let eventsSize = 0;
  if (f.events !== "-") {
    try {
      eventsSize = statSync(f.events).size;
    } catch {
      process.stderr.write(`moonbox eval: ${f.events}: no such file\n`);
      return 1;
    }
  }
  const showProgress = !f["no-progress"] && (f.progress || (process.stderr.isTTY === true && eventsSize > 8 * 1024 * 1024));

  const engine = await LuaEngine.create({ instructionLimit, memoryLimitKb }, undefined, { isolation, poolSize });
  try {
    const loaded = await engine.loadRules(rules);
    const failed = loaded.filter((r) => !r.ok);
    if (failed.length > 0) {
      for (const r of failed) if (!r.ok) process.stderr.write(`moonbox eval: ${seen.get(r.ruleId)}: ${r.error.message}\n`);
      const first = failed[0];
      return first.ok ? 1 : EXIT_CODES[first.error.type];
    }
    const ids = rules.map((r) => r.id);
    const index = new Map(ids.map((id, i) => [id, i]));
    const totals: Totals = { matches: ids.map(() => 0), errors: ids.map(() => 0), alerts: [], firstErrors: [] };
    const out = new LineWriter(process.stdout);
    const t0 = performance.now();
    let lastProgress = 0;
    let bytesRead = 0;

    /** Print one finished batch (in order). */
    const report = (r: BatchResult, base: number) => {
      for (const id of r.rules) totals.matches[index.get(id)!] += r.matchCount(id);
      for (const e of r.errors) {
        const k = index.get(e.ruleId)!;
        totals.errors[k]++;
        if (totals.errors[k] <= 10) {
          totals.firstErrors.push({ rule: k, event_index: base + e.eventIndex, type: e.type, message: e.message });
          if (!f.json) process.stderr.write(`error: rule ${e.ruleId}, event ${base + e.eventIndex}: ${e.message}\n`);
          if (!f.json && totals.errors[k] === 10) process.stderr.write(`error: rule ${e.ruleId}: further errors are counted, not shown\n`);
        }
      }
      for (const a of r.alerts) totals.alerts.push({ rule_id: a.ruleId, message: a.message, event_index: base + a.eventIndex, source_rule: a.sourceRule });
      for (const o of r.output) process.stderr.write(`[${o.ruleId}] ${o.text}`);
      if (f.json || f.quiet) return;
      const set = r.matchSet();
      let ai = 0;
      for (let i = 0; i < r.events; i++) {
        if (set.offsets[i + 1] > set.offsets[i]) {
          const names: string[] = [];
          for (let j = set.offsets[i]; j < set.offsets[i + 1]; j++) names.push(r.rules[set.rules[j]]);
          out.write(`match event ${base + i}: ${names.join(" ")}\n`);
        }
        while (ai < r.alerts.length && r.alerts[ai].eventIndex === i) {
          const a = r.alerts[ai++];
          out.write(`alert event ${base + i}: [${a.ruleId}] ${a.message} (rule ${a.sourceRule})\n`);
        }
      }
    };

    const progress = (events: number, done: boolean) => {
      if (!showProgress) return;
      const now = performance.now();
      if (!done && now - lastProgress < 100) return;
      lastProgress = now;
      const frac = eventsSize > 0 ? Math.min(1, bytesRead / eventsSize) : 0;
      const width = 30;
      const bar = "#".repeat(Math.round(frac * width)).padEnd(width, ".");
      const rate = events / Math.max(1e-9, (now - t0) / 1000);
      process.stderr.write(`\r[${bar}] ${(frac * 100).toFixed(0).padStart(3)}% ${events} events ${fmtRate(rate)} events/s${done ? "\n" : ""}`);
    };

    // read, encode and evaluate with a few batches in flight; report in order
    const inFlight: { p: Promise<BatchResult>; base: number }[] = [];
    const maxInFlight = Math.max(2, engine.info().poolSize * 2);
    const enc = new BatchEncoder(batchSize);
    let events = 0;
    let lineNo = 0;
    const flush = async (final: boolean) => {
      if (enc.length > 0) {
        const batch: EventBatch = enc.finish(); // (the encoder is empty again)
        const p = engine.evaluateBatch(batch);
        p.catch(() => undefined); // awaited below; if input fails first, not an unhandled rejection
        inFlight.push({ p, base: events - batch.length });
      }
      while (inFlight.length > (final ? 0 : maxInFlight - 1)) {
        const { p, base } = inFlight.shift()!;
        report(await p, base);
        await out.drain();
        progress(base + batchSize, false);
      }
    };
    const input = f.events === "-" ? process.stdin : createReadStream(f.events);
    let rest = "";
    for await (const chunk of input as AsyncIterable<Buffer>) {
      bytesRead += chunk.length;
      const text = rest + chunk.toString("utf8");
      const lines = text.split("\n");
      rest = lines.pop()!;
      for (const line of lines) {
        lineNo++;
        if (addEvent(enc, line, f.events, lineNo)) {
          events++;
          if (enc.length >= batchSize) await flush(false);
        }
      }
    }
    if (rest.length > 0) {
      lineNo++;
      if (addEvent(enc, rest, f.events, lineNo)) events++;
    }
    await flush(true);
    progress(events, true);
    const ms = performance.now() - t0;
    const evals = events * ids.length;
    const nsPerEval = evals > 0 ? (ms * 1e6) / evals : 0;
    if (f.json) {
      const rulesOut: Record<string, { matches: number; errors: number; first_errors?: { event_index: number; type: string; message: string }[] }> = {};
      ids.forEach((id, k) => {
        const fe = totals.firstErrors.filter((e) => e.rule === k).map(({ event_index, type, message }) => ({ event_index, type, message }));
        rulesOut[id] = { matches: totals.matches[k], errors: totals.errors[k], ...(fe.length ? { first_errors: fe } : {}) };
      });
      out.write(
        JSON.stringify({
          events,
          rules: rulesOut,
          alerts: totals.alerts,
          duration_ms: Math.round(ms * 1000) / 1000,
          ns_per_eval: Math.round(nsPerEval * 10) / 10,
        }) + "\n",
      );
    }
    await out.drain();
    const m = totals.matches.reduce((a, b) => a + b, 0);
    const e = totals.errors.reduce((a, b) => a + b, 0);
    process.stderr.write(
      `moonbox eval: ${events} events x ${ids.length} rules: ${m} matches, ${totals.alerts.length} alerts, ${e} errors in ${(ms / 1000).toFixed(3)} s ` +
        `(${fmtRate(evals / Math.max(1e-9, ms / 1000))} evals/s, ${nsPerEval.toFixed(1)} ns/eval)\n`,
    );
    return 0;
  } catch (e) {
    if (e instanceof InputError) {
      process.stderr.write(`moonbox eval: ${e.message}\n`);
      return 1;
    }
    if (e instanceof LuaRuntimeError) {
      process.stderr.write(`moonbox eval: ${e.message}\n`);
      return EXIT_CODES[e.type];
    }
    throw e;
  } finally {
    await engine.dispose();
  }
}

class InputError extends Error {}

const HEADER = ["event_type", "ts_mono", "ts_wall", "entity_key"] as const;

/** Parse one NDJSON line into the encoder; false for a blank line. Throws InputError. */
export function addEvent(enc: BatchEncoder, line: string, file: string, lineNo: number): boolean {
  const s = line.trim();
  if (s === "") return false;
  const bad = (msg: string) => new InputError(`${file}:${lineNo}: ${msg}`);
  let o: any;
  try {
    o = JSON.parse(s);
  } catch (e) {
    throw bad(`invalid JSON (${(e as Error).message})`);
  }
  if (o === null || typeof o !== "object" || Array.isArray(o)) throw bad("an event must be a JSON object");
  const h = [0, 0, 0, 0];
  HEADER.forEach((k, i) => {
    const v = o[k];
    if (v === undefined || v === null) return;
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0) throw bad(`${k} must be a non-negative integer`);
    h[i] = v;
  });
  enc.begin(h[0], h[1], h[2], h[3]);
  const fields = o.fields;
  if (fields === undefined || fields === null) return true;
  if (typeof fields !== "object" || Array.isArray(fields)) throw bad("fields must be an object of field id -> value");
  for (const key of Object.keys(fields)) {
    const id = Number(key);
    if (!/^\d+$/.test(key) || id > 0x7fffffff) throw bad(`field id '${key}' is not an integer in 0..2^31-1`);
    const v = fields[key];
    if (typeof v === "string") enc.string(id, v);
    else if (typeof v === "boolean") enc.bool(id, v);
    else if (typeof v === "number") {
      if (Number.isInteger(v)) enc.i64(id, v);
      else enc.f64(id, v);
    } else if (v !== null && typeof v === "object" && typeof v.base64 === "string" && Object.keys(v).length === 1) {
      enc.bytesLua(id, Buffer.from(v.base64, "base64").toString("latin1"));
    } else if (v === null) {
      // a null field is an absent field
    } else throw bad(`field ${key}: unsupported value (string, number, boolean or {"base64": ...})`);
  }
  return true;
}

function fmtRate(r: number): string {
  if (r >= 1e9) return (r / 1e9).toFixed(2) + "G";
  if (r >= 1e6) return (r / 1e6).toFixed(2) + "M";
  if (r >= 1e3) return (r / 1e3).toFixed(1) + "k";
  return r.toFixed(0);
}

/** Buffered stdout writes that respect backpressure. */
class LineWriter {
  private buf: string[] = [];
  private size = 0;
  constructor(private readonly stream: NodeJS.WritableStream) {}
  write(s: string): void {
    this.buf.push(s);
    this.size += s.length;
  }
  async drain(): Promise<void> {
    if (this.size === 0) return;
    const text = this.buf.join("");
    this.buf = [];
    this.size = 0;
    if (!this.stream.write(text)) await new Promise<void>((resolve) => this.stream.once("drain", () => resolve()));
  }
}

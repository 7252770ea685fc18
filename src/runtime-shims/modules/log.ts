// The `log` module (inside the isolate; transform runs only): structured log records that
// the host writes with pino, tagged with webhook_id, config_id and attempt.
//
//   log.info(message [, fields])   log.warn(...)   log.error(...)
//
// `message` is any value (converted like tostring); `fields` is an optional table of
// string (or number) keys to strings, numbers, booleans or json.null (other values are
// written as their tostring text). A run has a log budget (default: 100 records, 64 KiB in
// all, 8 KiB per message, 32 fields per record): a longer message is truncated, and records
// beyond the budget are dropped and counted; the host then adds one warning saying how many.
// Logging never fails a run once its arguments are valid.
import { LuaTable, NONE } from "../value.js";
import { tostring } from "../ops.js";
import { argError, typeError } from "../lib/args.js";
import { alloc, charge } from "../limits.js";
import { defineModule, contents, JSON_NULL, named } from "./registry.js";

export type LogLevel = "info" | "warn" | "error";
export type LogField = string | number | boolean | null;

export interface LogRecord {
  level: LogLevel;
  /** Byte string (the host decodes it as UTF-8). */
  message: string;
  fields?: Record<string, LogField>;
}

export interface LogLimits {
  maxRecords: number;
  maxBytes: number;
  maxMessageBytes: number;
  maxFields: number;
}

export const DEFAULT_LOG_LIMITS: LogLimits = { maxRecords: 100, maxBytes: 64 * 1024, maxMessageBytes: 8 * 1024, maxFields: 32 };

/** The current run's records. */
export const logSink = {
  records: [] as LogRecord[],
  bytes: 0,
  dropped: 0,
  limits: DEFAULT_LOG_LIMITS,
};

export function resetLog(limits?: Partial<LogLimits>): void {
  logSink.records = [];
  logSink.bytes = 0;
  logSink.dropped = 0;
  logSink.limits = limits ? { ...DEFAULT_LOG_LIMITS, ...limits } : DEFAULT_LOG_LIMITS;
}

/** Take the run's records (with the notice about dropped ones, if any). */
export function takeLogs(): { records: LogRecord[]; dropped: number } {
  const records = logSink.records;
  const dropped = logSink.dropped;
  if (dropped > 0) {
    records.push({
      level: "warn",
      message: `log limit reached: ${dropped} record${dropped === 1 ? "" : "s"} dropped (at most ${logSink.limits.maxRecords} records and ${logSink.limits.maxBytes} bytes per run)`,
      fields: { dropped },
    });
  }
  logSink.records = [];
  logSink.dropped = 0;
  logSink.bytes = 0;
  return { records, dropped };
}

function truncate(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, max) + ` [truncated ${s.length - max} bytes]`;
}

function fieldValue(v: unknown, max: number): LogField {
  switch (typeof v) {
    case "string":
      return truncate(v, max);
    case "number":
    case "boolean":
      return v;
  }
  if (v === JSON_NULL || v === undefined) return null;
  return truncate(tostring(v), max);
}

function logFn(level: LogLevel, fname: string) {
  return named(`log_${fname}`, function (message: unknown, fields?: unknown): unknown {
    const nargs = arguments.length;
    if (nargs === 0) argError(1, fname, "value expected");
    if (fields !== undefined && !(fields instanceof LuaTable)) typeError(2, fname, "table", fields, nargs);
    const lim = logSink.limits;
    const text = typeof message === "string" ? message : tostring(message);
    charge(1 + (text.length >> 3));
    if (logSink.records.length >= lim.maxRecords || logSink.bytes >= lim.maxBytes) {
      logSink.dropped++;
      return NONE;
    }
    const rec: LogRecord = { level, message: truncate(text, lim.maxMessageBytes) };
    let bytes = rec.message.length + 16;
    if (fields !== undefined) {
      const t = contents(fields as LuaTable);
      const out: Record<string, LogField> = {};
      let n = 0;
      for (let k: unknown = undefined; ; ) {
        const r = t.next(k);
        if (!r) break;
        k = r[0];
        if (typeof k !== "string" && typeof k !== "number") continue;
        if (++n > lim.maxFields) break;
        const name = truncate(typeof k === "string" ? k : tostring(k), 256);
        const v = fieldValue(r[1], lim.maxMessageBytes);
        out[name] = v;
        bytes += name.length + (typeof v === "string" ? v.length : 8);
      }
      charge(n >> 2);
      if (n > 0) rec.fields = out;
    }
    if (logSink.bytes + bytes > lim.maxBytes) {
      logSink.dropped++;
      logSink.bytes = lim.maxBytes;
      return NONE;
    }
    alloc(bytes);
    logSink.bytes += bytes;
    logSink.records.push(rec);
    return NONE;
  });
}

defineModule({
  name: "log",
  scope: "transform",
  global: true,
  build: () => {
    const m = new LuaTable();
    m.set("info", logFn("info", "info"));
    m.set("warn", logFn("warn", "warn"));
    m.set("error", logFn("error", "error"));
    return m;
  },
});

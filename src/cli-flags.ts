// Command-line flags shared by the moonbox subcommands: durations, sizes, counts and the run
// limits every running command takes (--timeout, --memory-limit, --instruction-limit).
import { parseDuration as parseConfigDuration } from "./config.js";

/** A bad flag value: the command prints the message and its usage, and exits 1. */
export class UsageError extends Error {}

/** `moonbox CMD: msg` and the usage text on stderr; returns the exit code 1. */
export function usageError(cmd: string, usage: string, msg: string): number {
  process.stderr.write(`moonbox ${cmd}: ${msg}\n${usage}`);
  return 1;
}

/** A duration as the config file writes them ("500ms", "2s", "1m30s"), or bare milliseconds. */
export function parseDuration(s: string): number {
  if (/^\d+(\.\d+)?$/.test(s.trim())) return Number(s);
  try {
    return parseConfigDuration(s);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** A size in bytes: "64mb", "1024kb", "1.5gb", or bare bytes. */
export function parseSize(s: string): number {
  const m = /^(\d+(?:\.\d+)?)(b|kb|mb|gb)?$/i.exec(s.trim());
  if (!m) throw new UsageError(`invalid size '${s}' (use e.g. 64mb, 1024kb)`);
  return Math.floor(Number(m[1]) * { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 }[(m[2] ?? "b").toLowerCase() as "b"]);
}

/** `--flag N`: a non-negative integer, `dflt` when absent. */
export function posInt(flag: string, v: string | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  if (!/^\d+$/.test(v)) throw new UsageError(`--${flag}: expected a non-negative integer, got '${v}'`);
  return Number(v);
}

/** The parseArgs declarations of the run-limit flags. */
export const LIMIT_FLAGS = {
  timeout: { type: "string" },
  "memory-limit": { type: "string" },
  "instruction-limit": { type: "string" },
} as const;

/**
 * Engine options from the run-limit flags: --memory-limit is Moonbox's per-run accounting
 * limit (default 64 MB) with the isolate's hard cap 8 MB above it; no --instruction-limit
 * means none.
 */
export function runLimits(f: { timeout?: string; "memory-limit"?: string; "instruction-limit"?: string }, defaultTimeoutMs: number) {
  const memory = f["memory-limit"] ? parseSize(f["memory-limit"]) : 64 * 1024 ** 2;
  return {
    memoryLimitMb: Math.max(8, Math.ceil(memory / 1024 ** 2) + 8),
    memoryLimitBytes: memory,
    timeoutMs: f.timeout ? parseDuration(f.timeout) : defaultTimeoutMs,
    instructionLimit: f["instruction-limit"] ? posInt("instruction-limit", f["instruction-limit"], 0) : undefined,
  };
}

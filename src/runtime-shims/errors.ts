// Lua error positions and tracebacks, recovered from the V8 stack on the error path only.
// Emitted code carries no line bookkeeping: every compiled chunk registers a table that maps
// generated (line, column) back to Lua lines, and we read the V8 call sites when an error
// is raised.
import { LuaError } from "./value.js";

export interface ChunkInfo {
  /** Lua chunk name as it appears in messages, e.g. "script.lua". */
  name: string;
  /** Per generated line (1-based): flat [col, luaLine, col, luaLine, ...] sorted by col. */
  lines: Record<number, number[]>;
}

const chunks = new Map<string, ChunkInfo>();

export function registerChunk(file: string, info: ChunkInfo): void {
  chunks.set(file, info);
}

interface LuaFrame {
  chunk: string;
  line: number;
  fn: string;
}

// Keep our own references: scripts can never reach Error, but be robust anyway.
const ErrorCtor = Error as any;

interface CallSite {
  getFileName(): string | null;
  getLineNumber(): number | null;
  getColumnNumber(): number | null;
  getFunctionName(): string | null;
}

function callSites(): CallSite[] {
  const prep = ErrorCtor.prepareStackTrace;
  const limit = ErrorCtor.stackTraceLimit;
  ErrorCtor.prepareStackTrace = (_e: unknown, cs: CallSite[]) => cs;
  ErrorCtor.stackTraceLimit = 64;
  const holder: { stack?: CallSite[] } = {};
  ErrorCtor.captureStackTrace(holder);
  const cs = holder.stack ?? [];
  ErrorCtor.prepareStackTrace = prep;
  ErrorCtor.stackTraceLimit = limit;
  return cs;
}

function luaLine(info: ChunkInfo, line: number, col: number): number {
  const row = info.lines[line];
  if (row === undefined) {
    // no mapping on this line: take the last mapping of an earlier line
    for (let l = line - 1; l > 0; l--) {
      const r = info.lines[l];
      if (r !== undefined) return r[r.length - 1];
    }
    return 0;
  }
  let best = row[1];
  for (let i = 0; i < row.length; i += 2) {
    if (row[i] <= col) best = row[i + 1];
    else break;
  }
  return best;
}

/** The Lua frames on the current stack, innermost first. */
export function luaFrames(): LuaFrame[] {
  const out: LuaFrame[] = [];
  for (const cs of callSites()) {
    const file = cs.getFileName();
    const info = file ? chunks.get(file) : undefined;
    if (!info) continue;
    // V8 columns are 1-based; our table is 0-based
    const line = luaLine(info, cs.getLineNumber() ?? 0, (cs.getColumnNumber() ?? 1) - 1);
    out.push({ chunk: info.name, line, fn: cs.getFunctionName() ?? "" });
  }
  return out;
}

/** Lua's luaL_where: "chunk:line: " for the level-th Lua frame (1 = innermost), or "". */
export function where(level: number): string {
  if (level <= 0) return "";
  const fs = luaFrames();
  const f = fs[level - 1];
  return f && f.line > 0 ? `${f.chunk}:${f.line}: ` : "";
}

/** A runtime error at the current Lua position: `chunk:line: msg`. */
export function rtError(msg: string): LuaError {
  return new LuaError(where(1) + msg);
}

/** Lua-style "stack traceback:" text for the current stack. */
export function traceback(): string {
  const lines = ["stack traceback:"];
  for (const f of luaFrames()) {
    const what = f.fn === "$main" || f.fn === "" ? "in main chunk" : `in function '${f.fn.replace(/\$\d*$/, "")}'`;
    lines.push(`\t${f.chunk}:${f.line}: ${what}`);
  }
  return lines.join("\n");
}

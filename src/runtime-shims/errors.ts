// Lua error positions and tracebacks, recovered from the V8 stack on the error path only.
// Emitted code carries no line bookkeeping: every compiled chunk registers a table that maps
// generated (line, column) back to Lua lines, and we read the V8 call sites when an error
// is raised.
import { LuaError } from "./value.js";

export interface ChunkInfo {
  /** Lua chunk name as it appears in messages, e.g. "script.lua". */
  name: string;
  /**
   * Per generated line (1-based): flat [col, luaLine, col, luaLine, ...] sorted by col. Or
   * the same as text, decoded on the first error that needs it (compile.ts packLines):
   * "genLine:col,luaLine,col,luaLine;genLine:..." (a short string costs the isolate less
   * memory per loaded chunk than the object).
   */
  lines: Record<number, number[]> | string;
}

const chunks = new Map<string, ChunkInfo>();

export function registerChunk(file: string, info: ChunkInfo): void {
  chunks.set(file, info);
}

/**
 * Scripts holding several chunks one after another (rules loaded together): chunk ids[k]
 * starts at line starts[k] of script `file` (ascending), its line table relative to that.
 */
const groups = new Map<string, { starts: number[]; ids: string[] }>();

export function registerChunkGroup(file: string, starts: number[], ids: string[]): void {
  groups.set(file, { starts, ids });
}

/** The chunk at `line` of script `file`, and the line within it. */
function chunkAt(file: string, line: number): { info: ChunkInfo; line: number } | undefined {
  const info = chunks.get(file);
  if (info !== undefined) return { info, line };
  const g = groups.get(file);
  if (g === undefined) return undefined;
  let k = g.starts.length - 1;
  while (k > 0 && g.starts[k] > line) k--;
  const c = chunks.get(g.ids[k]);
  return c === undefined ? undefined : { info: c, line: line - g.starts[k] + 1 };
}

interface LuaFrame {
  chunk: string;
  line: number;
  fn: string;
  /** Anonymous functions: the Lua line where the function is defined (0: unknown). */
  def?: number;
}

// Keep our own references: scripts can never reach Error, but be robust anyway.
const ErrorCtor = Error as any;

interface CallSite {
  getFileName(): string | null;
  getLineNumber(): number | null;
  getColumnNumber(): number | null;
  getFunctionName(): string | null;
  /** Where the function of this frame starts (V8 >= 9). */
  getEnclosingLineNumber?(): number | null;
  getEnclosingColumnNumber?(): number | null;
}

/** The emitted name of function expressions the lowering could not name (lower.ts). */
const ANONYMOUS = "anonymous$";

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

function unpackLines(text: string): Record<number, number[]> {
  const out: Record<number, number[]> = {};
  if (text === "") return out;
  for (const row of text.split(";")) {
    const colon = row.indexOf(":");
    out[Number(row.slice(0, colon))] = row.slice(colon + 1).split(",").map(Number);
  }
  return out;
}

function luaLine(info: ChunkInfo, line: number, col: number): number {
  if (typeof info.lines === "string") info.lines = unpackLines(info.lines);
  const lines = info.lines;
  const row = lines[line];
  if (row === undefined) {
    // no mapping on this line: take the last mapping of an earlier line
    for (let l = line - 1; l > 0; l--) {
      const r = lines[l];
      if (r !== undefined) return Math.abs(r[r.length - 1]);
    }
    return 0;
  }
  // the mapping at or before `col`; only an exact hit on a tail-call site counts as one
  let best = Math.abs(row[1]);
  for (let i = 0; i < row.length; i += 2) {
    if (row[i] < col) best = Math.abs(row[i + 1]);
    else if (row[i] === col) best = row[i + 1];
    else break;
  }
  return best;
}

/**
 * Library functions are frames of their own, as C functions are in Lua: the innermost one
 * is level 0 (the function raising the error), any outer one is a "[C]" level with no
 * position (so `pcall(error, "x")` gives no position: level 1 is pcall). Filled with the
 * names of every library function when the libraries are built.
 */
const C_FRAMES = new Set(["copcall", "coxpcall", "wrapped"]);

export function registerLibraryFunctions(fns: Iterable<unknown>): void {
  for (const f of fns) if (typeof f === "function" && f.name) C_FRAMES.add(f.name);
}
/** The runtime bundle's script name (src/isolate/host.ts compiles it under this name). */
const RUNTIME_FILE = "moonbox-runtime.js";
/** A coroutine's stack ends here: frames below belong to whoever resumed it. */
const COROUTINE_BASE = "resumeValues";

/** The Lua frames on the current stack, innermost first ([C] frames have line -1). */
export function luaFrames(): LuaFrame[] {
  return framesFrom(callSites());
}

/** The Lua frames where `e` (a V8 error, e.g. a stack-overflow RangeError) was thrown. */
export function framesOfError(e: unknown): LuaFrame[] {
  if (!(e instanceof Error)) return [];
  const prep = ErrorCtor.prepareStackTrace;
  ErrorCtor.prepareStackTrace = (_e: unknown, cs: CallSite[]) => cs;
  try {
    const cs = (e as any).stack;
    return Array.isArray(cs) ? framesFrom(cs) : [];
  } catch {
    return [];
  } finally {
    ErrorCtor.prepareStackTrace = prep;
  }
}

/** Set by framesFrom: the innermost function on the stack is a library function. */
let runningIsLibrary = false;

function framesFrom(sites: CallSite[]): LuaFrame[] {
  const out: LuaFrame[] = [];
  runningIsLibrary = false;
  let innerIsLua = false;
  let level0 = false;
  for (const cs of sites) {
    const file = cs.getFileName();
    const at = file ? chunkAt(file, cs.getLineNumber() ?? 0) : undefined;
    if (!at) {
      const fn = cs.getFunctionName() ?? "";
      if (fn === COROUTINE_BASE) break;
      if (C_FRAMES.has(fn) && file === RUNTIME_FILE) {
        // the innermost library function is the one running (level 0)
        if (out.length === 0 && !level0) level0 = runningIsLibrary = true;
        else out.push({ chunk: "[C]", line: -1, fn });
      }
      innerIsLua = false;
      continue;
    }
    // V8 columns are 1-based; our table is 0-based
    const info = at.info;
    const line = luaLine(info, at.line, (cs.getColumnNumber() ?? 1) - 1);
    // a frame that tail-called a Lua function does not exist in Lua: skip it
    // (a tail call to a library function keeps the caller, as in lua5.1)
    const tailCaller = line < 0 && innerIsLua;
    innerIsLua = true;
    if (tailCaller) continue;
    const fn = cs.getFunctionName() ?? "";
    const frame: LuaFrame = { chunk: info.name, line: Math.abs(line), fn };
    if (fn === ANONYMOUS || fn === "") {
      // named as Lua 5.1 names a function it has no name for: by where it is defined
      const l = cs.getEnclosingLineNumber?.();
      frame.def = l ? Math.abs(luaLine(info, l, (cs.getEnclosingColumnNumber?.() ?? 1) - 1)) : 0;
    }
    out.push(frame);
  }
  return out;
}

/** pcall nesting: tracebacks are captured only for errors no pcall will catch. */
export const errState = { pcallDepth: 0 };

/** A Lua error carrying `value`, raised at the level-th Lua frame. */
export function raiseAt(value: unknown, level: number, prefix: boolean): LuaError {
  const fs = luaFrames();
  const f = fs[level - 1];
  if (prefix && typeof value === "string" && f && f.line > 0) value = `${f.chunk}:${f.line}: ${value}`;
  const err = new LuaError(value, f && f.line > 0 ? f.line : 0);
  if (errState.pcallDepth === 0) err.traceback = formatTraceback(fs);
  return err;
}

/**
 * An error of the running function, like lua5.1's luaG_runerror: `chunk:line: msg` when
 * the running function is Lua code, no position when it is a library function (e.g. an
 * "attempt to compare" raised inside table.sort, or "attempt to call" inside pcall).
 */
export function runtimeError(msg: string): LuaError {
  const fs = luaFrames();
  const f = fs[0];
  const here = !runningIsLibrary && f !== undefined && f.line > 0;
  const err = new LuaError(here ? `${f.chunk}:${f.line}: ${msg}` : msg, here ? f.line : 0);
  if (errState.pcallDepth === 0) err.traceback = formatTraceback(fs);
  return err;
}

/** A runtime error at the current Lua position: `chunk:line: msg`. */
export function rtError(msg: string): LuaError {
  return raiseAt(msg, 1, true);
}

function formatTraceback(frames: LuaFrame[]): string {
  const lines = ["stack traceback:"];
  for (const f of frames) {
    if (f.line < 0) {
      lines.push(`\t[C]: in function '${f.fn}'`);
      continue;
    }
    const what =
      f.fn === "$main" ? "in main chunk" : f.def !== undefined ? `in function <${f.chunk}:${f.def || "?"}>` : `in function '${f.fn.replace(/\$\d*$/, "")}'`;
    lines.push(`\t${f.chunk}:${f.line}: ${what}`);
  }
  return lines.join("\n");
}

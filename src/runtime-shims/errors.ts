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
  /** Per generated line: flat [col, name, ...], the Lua name of the function called there. */
  calls?: Record<number, (number | string)[]>;
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
  /** Lua chunk name; "[C]" for a library function, "(tail call)" for a lost tail call. */
  chunk: string;
  /** Current Lua line; -1 for [C] and (tail call) levels. */
  line: number;
  /** The emitted JS function name (library functions: their JS name). */
  fn: string;
  /**
   * The name Lua gives the frame by how it was called (the caller's call site); undefined:
   * none (called from a library function or a metamethod, by tail call, or an unnamed callee).
   */
  name?: string;
  /** Called as a method (`o:name()`): Lua's namewhat "method". */
  method?: boolean;
  /** For naming an unnamed Lua function by its definition: where its JS function starts. */
  info?: ChunkInfo;
  defAt?: [number, number];
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

function callSites(max = 64): CallSite[] {
  const prep = ErrorCtor.prepareStackTrace;
  const limit = ErrorCtor.stackTraceLimit;
  ErrorCtor.prepareStackTrace = (_e: unknown, cs: CallSite[]) => cs;
  ErrorCtor.stackTraceLimit = max;
  const holder: { stack?: CallSite[] } = {};
  ErrorCtor.captureStackTrace(holder);
  const cs = holder.stack ?? [];
  ErrorCtor.prepareStackTrace = prep;
  ErrorCtor.stackTraceLimit = limit;
  return cs;
}

function unpackRows<T>(text: string, item: (s: string, i: number) => T): Record<number, T[]> {
  const out: Record<number, T[]> = {};
  if (text === "") return out;
  for (const row of text.split(";")) {
    const colon = row.indexOf(":");
    out[Number(row.slice(0, colon))] = row.slice(colon + 1).split(",").map(item);
  }
  return out;
}

/** Decode compile.ts packLines' text on the first error that needs it. */
function unpack(info: ChunkInfo): Record<number, number[]> {
  if (typeof info.lines !== "string") return info.lines;
  const text = info.lines;
  const bar = text.indexOf("|");
  info.lines = unpackRows(bar < 0 ? text : text.slice(0, bar), Number);
  if (bar >= 0) {
    const unescape = (v: string) => v.replace(/%([0-9a-f]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
    info.calls = unpackRows(text.slice(bar + 1), (v, i) => (i % 2 === 0 ? Number(v) : unescape(v)));
  }
  return info.lines;
}

/** The Lua name of the function called at generated (line, col) of a chunk, if any. */
function callNameAt(info: ChunkInfo, line: number, col: number): string | undefined {
  unpack(info);
  const row = info.calls?.[line];
  if (row === undefined) return undefined;
  for (let i = 0; i < row.length; i += 2) if (row[i] === col) return row[i + 1] as string;
  return undefined;
}

function luaLine(info: ChunkInfo, line: number, col: number): number {
  const lines = unpack(info);
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
  // an error no pcall catches gets a traceback, which ends with the outermost levels: the
  // whole stack then (once per failed run); a level lookup needs only the innermost frames
  return framesFrom(callSites(errState.pcallDepth === 0 ? Infinity : 64));
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
/** Set by framesFrom: that library function's name by its call site (lua_getinfo "n"). */
export const runningLibrary: LuaFrame = { chunk: "[C]", line: -1, fn: "" };

/**
 * A __call metamethod is reached through ops.ts `callable`'s wrapper and `metaCall`; Lua
 * names it by the call site all the same (luaD_precall calls the handler in place of the
 * callee).
 */
const CALL_META = "metaCall";

function framesFrom(sites: CallSite[]): LuaFrame[] {
  const out: LuaFrame[] = [];
  runningIsLibrary = false;
  runningLibrary.name = undefined;
  runningLibrary.method = false;
  let innerIsLua = false;
  let level0 = false;
  // the frame whose name is its caller's call site, while the caller is still to come;
  // `via` counts the runtime frames in between (0: a direct call from Lua)
  let callee: LuaFrame | undefined;
  let via = 0;
  let viaCallMeta = false;
  for (const cs of sites) {
    const file = cs.getFileName();
    const at = file ? chunkAt(file, cs.getLineNumber() ?? 0) : undefined;
    if (!at) {
      const fn = cs.getFunctionName() ?? "";
      if (fn === COROUTINE_BASE) break;
      if (C_FRAMES.has(fn) && file === RUNTIME_FILE) {
        // the innermost library function is the one running (level 0)
        if (out.length === 0 && !level0) {
          level0 = runningIsLibrary = true;
          callee = runningLibrary;
          via = 0;
          viaCallMeta = false;
        } else {
          const frame: LuaFrame = { chunk: "[C]", line: -1, fn };
          out.push(frame);
          callee = frame;
          via = 0;
          viaCallMeta = false;
        }
      } else {
        if (via === 0 && fn === CALL_META) viaCallMeta = true;
        else if (!(via === 1 && viaCallMeta && fn === "")) viaCallMeta = false;
        via++;
      }
      innerIsLua = false;
      continue;
    }
    // V8 columns are 1-based; our table is 0-based
    const info = at.info;
    const col = (cs.getColumnNumber() ?? 1) - 1;
    const line = luaLine(info, at.line, col);
    // a frame that tail-called a Lua function does not exist in Lua: it is a lost
    // "(tail call)" level, and the callee has no name (lua5.1: ci->tailcalls > 0)
    // (a tail call to a library function keeps the caller, as in lua5.1)
    const tailCaller = line < 0 && innerIsLua;
    innerIsLua = true;
    if (callee !== undefined && !tailCaller && (via === 0 || (via === 2 && viaCallMeta))) {
      const name = callNameAt(info, at.line, col);
      callee.method = name !== undefined && name.charCodeAt(0) === 58; // ":"
      callee.name = callee.method ? name!.slice(1) : name;
    }
    callee = undefined;
    if (tailCaller) {
      out.push({ chunk: "(tail call)", line: -1, fn: "" });
      continue;
    }
    const frame: LuaFrame = { chunk: info.name, line: Math.abs(line), fn: cs.getFunctionName() ?? "", info };
    const l = cs.getEnclosingLineNumber?.();
    // (relative to the chunk, like at.line, in a script of several chunks)
    if (l) frame.defAt = [l - ((cs.getLineNumber() ?? 0) - at.line), (cs.getEnclosingColumnNumber?.() ?? 1) - 1];
    out.push(frame);
    callee = frame;
    via = 0;
    viaCallMeta = false;
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
  if (errState.pcallDepth === 0) err.traceback = formatTraceback(fs, runningIsLibrary);
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
  if (errState.pcallDepth === 0) err.traceback = formatTraceback(fs, runningIsLibrary);
  return err;
}

/** A runtime error at the current Lua position: `chunk:line: msg`. */
export function rtError(msg: string): LuaError {
  return raiseAt(msg, 1, true);
}

/** lua.c's traceback (debug.traceback from level 2): 10 levels, "...", the last 10 levels. */
const LEVELS1 = 10;
const LEVELS2 = 10;

/**
 * As lua5.1's traceback (ldblib.c db_errorfunc), minus two levels Moonbox does not print: the
 * library function that raised the error (level 0 here, lua5.1's first "[C]: in function
 * 'error'") and the host's last "[C]: ?". They still count for where the "..." goes.
 */
function formatTraceback(frames: LuaFrame[], libraryRaised: boolean): string {
  const lines = ["stack traceback:"];
  const first = libraryRaised ? 1 : 0;
  const n = first + frames.length + 1;
  for (let v = 0; v < n; v++) {
    if (n > LEVELS1 + LEVELS2 + 1 && v === LEVELS1) {
      lines.push("\t...");
      v = n - LEVELS2 - 1;
      continue;
    }
    const f = frames[v - first];
    if (f === undefined) continue;
    if (f.line < 0) {
      lines.push(f.chunk === "[C]" && f.name !== undefined ? `\t[C]: in function '${f.name}'` : `\t${f.chunk}: ?`);
      continue;
    }
    let what: string;
    if (f.name !== undefined) what = `in function '${f.name}'`;
    else if (f.fn === "$main") what = "in main chunk";
    else {
      // as lua5.1 names a function it has no name for: by where it is defined
      const def = f.defAt && f.info ? Math.abs(luaLine(f.info, f.defAt[0], f.defAt[1])) : 0;
      what = `in function <${f.chunk}:${def || "?"}>`;
    }
    lines.push(`\t${f.chunk}:${f.line}: ${what}`);
  }
  return lines.join("\n");
}

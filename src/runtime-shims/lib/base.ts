// The Lua 5.1 base library, minus what the sandbox leaves out by design
// (load, loadstring, loadfile, dofile, getfenv, setfenv, collectgarbage beyond "count").
import { LuaTable, Multi, NONE, LuaError, LuaAbort, ret, first, type, touched, markProto } from "../value.js";
import { call, getMetatable, tostring } from "../ops.js";
import { rtError, raiseAt, errState, framesOfError } from "../errors.js";
import { numberToString, stringToNumber, stringToNumberBase } from "../number.js";
import { argError, checkAny, checkInt, checkTable, optInt, typeError } from "./args.js";
import { alloc, charge, memory } from "../limits.js";

/** Per-run output of print(). */
export const io = { out: [] as string[], outBytes: 0 };

/** The Lua value carried by any exception caught inside the runtime (pcall, top level). */
export function errorValue(e: unknown): unknown {
  if (e instanceof LuaError) return e.value;
  if (e instanceof LuaAbort) throw e; // limits end the run: never caught by pcall
  if (e instanceof RangeError) {
    // "Invalid string length" / "Invalid array length": V8 refused an allocation
    if (/Invalid|Array buffer allocation/i.test(e.message)) throw new LuaAbort("script_memory_limit", "memory limit exceeded (allocation too large)");
    // the position where the recursion overflowed, from the error's own stack
    const f = framesOfError(e).find((x) => x.line > 0);
    return (f ? `${f.chunk}:${f.line}: ` : "") + "stack overflow";
  }
  // an internal JS error is a runtime bug; surface it as a Lua error string, never a JS object
  return "internal error: " + String((e as any)?.message ?? e);
}


function ipairsIter(t: unknown, i: unknown): unknown {
  const k = (i as number) + 1;
  const v = t instanceof LuaTable ? t.getInt(k) : undefined;
  return v === undefined ? NONE : new Multi([k, v]);
}

export function next(t: unknown, k?: unknown): unknown {
  const tt = checkTable(t, 1, "next", arguments.length);
  const r = tt.next(k);
  // raised inside the library function, like luaG_runerror in C: no position
  if (r === false) throw raiseAt("invalid key to 'next'", 1, false);
  return r === null ? undefined : new Multi(r);
}

export function pcall(f: unknown, ...args: unknown[]): unknown {
  if (arguments.length === 0) argError(1, "pcall", "value expected");
  errState.pcallDepth++;
  try {
    const r = call(f, ...args);
    return r instanceof Multi ? new Multi([true, ...r.v]) : new Multi([true, r]);
  } catch (e) {
    return new Multi([false, errorValue(e)]);
  } finally {
    errState.pcallDepth--;
  }
}

export function xpcall(f: unknown, handler: unknown): unknown {
  errState.pcallDepth++;
  try {
    const r = call(f);
    return r instanceof Multi ? new Multi([true, ...r.v]) : new Multi([true, r]);
  } catch (e) {
    const v = errorValue(e);
    // the handler's first result replaces the error value; an error inside it is Lua's
    // "error in error handling"
    try {
      return new Multi([false, first(call(handler, v))]);
    } catch (e2) {
      errorValue(e2); // limits still end the run
      return new Multi([false, "error in error handling"]);
    }
  } finally {
    errState.pcallDepth--;
  }
}

function print(...args: unknown[]): unknown {
  let line = "";
  for (let i = 0; i < args.length; i++) {
    if (i > 0) line += "\t";
    line += tostring(args[i]);
  }
  alloc(line.length + 1);
  io.out.push(line);
  io.outBytes += line.length + 1;
  return NONE;
}

function select(n: unknown, ...args: unknown[]): unknown {
  if (n === "#") return args.length;
  let i = checkInt(n, 1, "select");
  if (i < 0) i = args.length + i;
  else if (i === 0) argError(1, "select", "index out of range");
  else i--;
  if (i < 0) argError(1, "select", "index out of range");
  return i === 0 ? ret(args.length === 0 ? [] : args) : ret(args.slice(i));
}

function tonumber(v: unknown, base?: unknown): unknown {
  if (base === undefined) {
    if (typeof v === "number") return v;
    if (typeof v === "string") return stringToNumber(v);
    checkAny(arguments.length, 1, "tonumber");
    return undefined;
  }
  const b = checkInt(base, 2, "tonumber");
  if (b < 2 || b > 36) argError(2, "tonumber", "base out of range");
  const s = typeof v === "number" ? numberToString(v) : typeof v === "string" ? v : typeError(1, "tonumber", "string", v);
  return stringToNumberBase(s, b);
}

function setmetatable(t: unknown, mt: unknown): unknown {
  const tt = checkTable(t, 1, "setmetatable", arguments.length);
  if (mt !== undefined && !(mt instanceof LuaTable)) argError(2, "setmetatable", "nil or table expected");
  if (tt.mt !== undefined && tt.mt.strs.__metatable !== undefined) throw rtError("cannot change a protected metatable");
  if (tt.proto === 2) touched(tt); // a shared library table: restored after the run
  tt.mt = mt as LuaTable | undefined;
  if (mt !== undefined) markProto(mt as LuaTable); // its writes must invalidate method caches
  return tt;
}

function getmetatable(v: unknown): unknown {
  checkAny(arguments.length, 1, "getmetatable");
  const mt = getMetatable(v);
  if (mt === undefined) return undefined;
  const protectedMt = mt.strs.__metatable;
  return protectedMt !== undefined ? protectedMt : mt;
}

function error(v?: unknown, level?: unknown): never {
  const lv = optInt(level, 2, "error", 1);
  // like lua_isstring, a number message gets the position too (and becomes a string)
  if (typeof v === "number" && lv > 0) v = numberToString(v);
  throw raiseAt(v, Math.max(lv, 1), lv > 0);
}

function assert(v: unknown, msg?: unknown, ...rest: unknown[]): unknown {
  if (v === undefined || v === false) {
    if (arguments.length === 0) argError(1, "assert", "value expected");
    if (msg === undefined) throw rtError("assertion failed!");
    if (typeof msg !== "string" && typeof msg !== "number") typeError(2, "assert", "string", msg);
    // 5.1: the message is used as given (luaL_error("%s", msg) adds the position)
    throw rtError(tostring(msg));
  }
  return arguments.length <= 1 ? v : new Multi([v, msg, ...rest]);
}

function collectgarbage(opt?: unknown): unknown {
  const o = opt === undefined ? "collect" : opt;
  if (o === "count") return memory.used / 1024;
  if (o === "collect" || o === "step") return 0;
  throw rtError(`collectgarbage('${tostring(o)}') is not available in the sandbox`);
}

/** Fill a fresh globals table with the base library. `G` is the run's `_G`. */
export function openBase(G: LuaTable, requireFn: (name: unknown) => unknown): void {
  // (require is replaced per run: each run has its own table of loaded modules)
  const fns: Record<string, (...a: any[]) => unknown> = {
    assert,
    collectgarbage,
    error,
    getmetatable,
    ipairs: function (t: unknown) {
      return new Multi([ipairsIter, checkTable(t, 1, "ipairs", arguments.length), 0]);
    },
    next,
    pairs: function (t: unknown) {
      return new Multi([next, checkTable(t, 1, "pairs", arguments.length), undefined]);
    },
    pcall,
    print,
    rawequal: function (a: unknown, b: unknown) {
      checkAny(arguments.length, 2, "rawequal");
      return a === b;
    },
    rawget: function (t: unknown, k: unknown) {
      const tt = checkTable(t, 1, "rawget", arguments.length);
      checkAny(arguments.length, 2, "rawget");
      return tt.get(k);
    },
    rawset: function (t: unknown, k: unknown, v: unknown) {
      const tt = checkTable(t, 1, "rawset", arguments.length);
      checkAny(arguments.length, 3, "rawset");
      if (k === undefined) throw raiseAt("table index is nil", 1, false);
      if (k !== k) throw raiseAt("table index is NaN", 1, false);
      tt.set(k, v);
      return t;
    },
    require: requireFn,
    select,
    setmetatable,
    tonumber,
    tostring: function (v: unknown) {
      checkAny(arguments.length, 1, "tostring");
      return tostring(v);
    },
    type: function (v: unknown) {
      if (arguments.length === 0) argError(1, "type", "value expected");
      return type(v);
    },
    xpcall,
  };
  for (const k of Object.keys(fns)) G.set(k, fns[k]);
  G.set("_G", G);
  G.set("_VERSION", "Lua 5.1");
}

export { pcall as pcallFn, xpcall as xpcallFn };

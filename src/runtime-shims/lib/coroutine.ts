// Coroutines on JS generators. Chunks that mention `coroutine` are compiled with a
// generator twin of every function (attached by `cofn`); inside a coroutine only twins run,
// and every call is delegated with `yield* cocall(...)`, so a yield from any depth of Lua
// calls suspends the whole coroutine. Plain code (and every chunk that never mentions
// `coroutine`) runs the ordinary functions and pays nothing.
//
// Library functions that call Lua (metamethods, table.sort comparators, gsub callbacks)
// run the plain versions: a yield inside them is Lua's "attempt to yield across a C-call
// boundary". pcall and xpcall have generator versions, so yield across them works (as LuaJIT).
import { LuaTable, LuaThread, Multi, NONE, LuaError, ret, values, first } from "../value.js";
import { callable } from "../ops.js";
import { rtError, raiseAt, errState } from "../errors.js";
import { argError } from "./args.js";
import { numberToString } from "../number.js";
import { errorValue, pcallFn, xpcallFn } from "./base.js";

type Twin = (...args: unknown[]) => Generator<unknown[], unknown, unknown[]>;

/** lua: function ... end (in a coroutine-capable chunk)  =>  js: $cofn(plain, twin) */
export function cofn<F extends Function>(plain: F, twin: Twin): F {
  (plain as any).$co = twin;
  return plain;
}

let current: Coroutine | undefined;

export class Coroutine extends LuaThread {
  status: "suspended" | "running" | "normal" | "dead" = "suspended";
  gen: Generator<unknown[], unknown, unknown[]> | undefined;
  constructor(readonly fn: unknown) {
    super();
  }
}

function coYield(..._args: unknown[]): never {
  // reached only from plain code (the main chunk, metamethods, library callbacks); like
  // lua5.1 the message has no position: the running function is yield itself
  throw raiseAt("attempt to yield across metamethod/C-call boundary", 1, false);
}

/** lua: f(a) inside a coroutine  =>  js: yield* $cocall(f, [a], desc) */
export function* cocall(f: unknown, args: unknown[], desc?: string): Generator<unknown[], unknown, unknown[]> {
  if (typeof f === "function") {
    const twin = (f as any).$co as Twin | undefined;
    if (twin !== undefined) return yield* twin(...args);
    if (f === coYield) return ret(yield args);
    if (f === pcallFn) return yield* copcall(args);
    if (f === xpcallFn) return yield* coxpcall(args);
    return f(...args);
  }
  const fn = callable(f, desc); // a table with __call: its handler may have a twin
  const h = (f as LuaTable).mt?.strs.__call;
  if (typeof h === "function" && (h as any).$co) return yield* (h as any).$co(f, ...args);
  return fn(...args);
}

function* copcall(args: unknown[]): Generator<unknown[], unknown, unknown[]> {
  if (args.length === 0) argError(1, "pcall", "value expected");
  errState.pcallDepth++;
  try {
    const r = yield* cocall(args[0], args.slice(1));
    return new Multi([true, ...values(r)]);
  } catch (e) {
    return new Multi([false, errorValue(e)]);
  } finally {
    errState.pcallDepth--;
  }
}

function* coxpcall(args: unknown[]): Generator<unknown[], unknown, unknown[]> {
  errState.pcallDepth++;
  try {
    const r = yield* cocall(args[0], []);
    return new Multi([true, ...values(r)]);
  } catch (e) {
    const v = errorValue(e);
    try {
      return new Multi([false, first(yield* cocall(args[1], [v]))]);
    } catch (e2) {
      errorValue(e2);
      return new Multi([false, "error in error handling"]);
    }
  } finally {
    errState.pcallDepth--;
  }
}

function* start(co: Coroutine, args: unknown[]): Generator<unknown[], unknown, unknown[]> {
  return yield* cocall(co.fn, args);
}

/** Resume `co`: [true, values...] or [false, error value]. Limits (LuaAbort) propagate. */
function resumeValues(co: Coroutine, args: unknown[]): [boolean, unknown[]] {
  if (co.status !== "suspended") return [false, [`cannot resume ${co.status} coroutine`]];
  const prev = current;
  if (prev) prev.status = "normal";
  current = co;
  co.status = "running";
  // resume catches like pcall (no tracebacks inside), and a coroutine abandoned inside a
  // pcall must not leave the depth raised
  const depth = errState.pcallDepth;
  errState.pcallDepth = depth + 1;
  try {
    let r: IteratorResult<unknown[], unknown>;
    if (co.gen === undefined) {
      co.gen = start(co, args);
      r = co.gen.next();
    } else r = co.gen.next(args);
    if (r.done) {
      co.status = "dead";
      return [true, values(r.value)];
    }
    co.status = "suspended";
    return [true, r.value];
  } catch (e) {
    co.status = "dead";
    return [false, [errorValue(e)]];
  } finally {
    errState.pcallDepth = depth;
    current = prev;
    if (prev) prev.status = "running";
  }
}

/** A Lua function of a coroutine-capable chunk (library functions, like C functions in 5.1, are not). */
function isLuaFunction(f: unknown): boolean {
  return typeof f === "function" && (f as any).$co !== undefined;
}

function checkCo(co: unknown, fname: string): Coroutine {
  if (co instanceof Coroutine) return co;
  return argError(1, fname, "coroutine expected");
}

export function makeCoroutineLib(): LuaTable {
  const lib = new LuaTable();
  const fns: Record<string, (...a: any[]) => unknown> = {
    create(f: unknown) {
      if (!isLuaFunction(f)) argError(1, "create", "Lua function expected");
      return new Coroutine(f);
    },
    resume(co: unknown, ...args: unknown[]) {
      const [ok, vs] = resumeValues(checkCo(co, "resume"), args);
      return new Multi([ok, ...vs]);
    },
    yield: coYield,
    status(co: unknown) {
      return checkCo(co, "status").status;
    },
    running() {
      return current;
    },
    wrap(f: unknown) {
      if (!isLuaFunction(f)) argError(1, "wrap", "Lua function expected");
      const co = new Coroutine(f);
      return function wrapped(...args: unknown[]) {
        const [ok, vs] = resumeValues(co, args);
        if (!ok) {
          // like lua5.1's auxwrap: a string (or number) error gets the caller's position
          // prepended; raised here, so an uncaught one has the resumer's traceback
          const v = vs[0];
          throw typeof v === "string" || typeof v === "number" ? rtError(typeof v === "number" ? numberToString(v) : v) : raiseAt(v, 1, false);
        }
        return vs.length === 1 ? vs[0] : vs.length === 0 ? NONE : new Multi(vs);
      };
    },
  };
  for (const k of Object.keys(fns)) lib.set(k, fns[k]);
  return lib;
}

/** Inside a coroutine? (for the error raised by a yield from plain code) */
export function runningCoroutine(): Coroutine | undefined {
  return current;
}

/** Reset between runs: a run that ended inside a coroutine leaves no trace. */
export function resetCoroutines(): void {
  current = undefined;
}

// Slow paths and caches of the call fast paths in predicate chunks (see
// Lowering.predicateCallee in src/transpile/lower.ts). They return the function to call;
// the emitted code makes the call itself, so no runtime frame sits between Lua frames
// (error levels and tracebacks stay exact).
import { LuaTable, epoch, markProto, type LuaFunction } from "../value.js";
import { indexS, callable } from "../ops.js";

/** A per-instance, per-site cache of the function global `a` (or `a.b`) names: `f` is valid while `e === epoch.n`. */
export interface CallCache {
  e: number;
  f: LuaFunction | undefined;
  G: LuaTable;
  a: string;
  b: string | undefined;
}

/** lua: (a predicate chunk's global call site)  =>  js: const $c1 = $cache($G, "string", "contains") (in $main) */
export function cache(G: LuaTable, a: string, b?: string): CallCache {
  return { e: -1, f: undefined, G, a, b };
}

/** lua: string.contains(...)  =>  js: $gv($c1)(...): the cached function, or look it up. */
export function gv(c: CallCache): LuaFunction {
  return c.e === epoch.n ? c.f! : gfn(c);
}

/**
 * lua: o:name(...) when o is not the event table: the method as o:name() finds it (own field,
 * then the __index chain), checked callable. Errors as the generic method call raises them.
 */
export function methodOf(o: unknown, name: string, desc?: string): LuaFunction {
  let f: unknown = o instanceof LuaTable ? o.strs[name] : undefined;
  if (f === undefined) f = indexS(o, name, desc);
  return typeof f === "function" ? (f as LuaFunction) : callable(f, `method '${name}'`);
}

/**
 * Look up `a` / `a.b` as the generic code does, and cache the function when every step was
 * a raw hit on a table whose writes bump `epoch` (the globals table and the tables it went
 * through are marked so; library tables already are).
 */
function gfn(c: CallCache): LuaFunction {
  const G = c.G, a = c.a, b = c.b;
  let v = G.strs[a];
  let cacheable = v !== undefined;
  if (v === undefined) v = indexS(G, a);
  if (b !== undefined) {
    const w = v instanceof LuaTable ? v.strs[b] : undefined;
    if (w !== undefined) {
      markProto(v as LuaTable);
      v = w;
    } else {
      cacheable = false;
      v = indexS(v, b, `global '${a}'`);
    }
  }
  if (typeof v !== "function") return callable(v, b !== undefined ? `field '${b}'` : `global '${a}'`);
  if (cacheable) {
    markProto(G);
    c.e = epoch.n;
    c.f = v as LuaFunction;
  }
  return v as LuaFunction;
}

// Lua 5.1's table library (ltablib.c of 5.1.5) and the base library's unpack.
//
// A faithful port: raw gets/sets in the same order as the C code, C int conversion of
// positions (luaL_checkint), and table.sort is 5.1's quicksort step for step, so bad
// comparators give the same orders, the same out-of-range reads (a[u+1], a[l-1]) and the
// same "invalid order function for sorting" errors as lua5.1.
import { LuaTable, Multi, NONE, type } from "../value.js";
import { metaOf, call } from "../ops.js";
import { rtError, raiseAt } from "../errors.js";
import { numberToString } from "../number.js";
import { charge, alloc } from "../limits.js";
import { typeError, optString } from "./args.js";
import { intArg, optIntArg } from "./math.js";

// ---------------------------------------------------------------- helpers

/** luaL_checktype(L, n, LUA_TTABLE), telling "no value" from an explicit nil. */
function tableArg(v: unknown, n: number, fname: string, nargs: number): LuaTable {
  if (v instanceof LuaTable) return v;
  return typeError(n, fname, "table", v, n <= nargs);
}

/** lua_rawseti for any int key (LuaTable.setInt only takes keys >= 1). */
function rawSetInt(t: LuaTable, k: number, v: unknown): void {
  if (k >= 1) t.setInt(k, v);
  else t.set(k, v);
}

/** Budget units for touching `n` elements. */
function work(n: number): number {
  return 1 + Math.floor(n / 8); // whole units: the budget counter stays a small integer
}

// ---------------------------------------------------------------- concat

function concat(tv: unknown, sepv: unknown, iv: unknown, jv: unknown): string {
  const nargs = arguments.length;
  // 5.1 checks the separator before the table
  const sep = optString(sepv, 2, "concat", "");
  const t = tableArg(tv, 1, "concat", nargs);
  let i = optIntArg(iv, 3, "concat", nargs, 1);
  const last = jv === undefined ? t.length() : intArg(jv, 4, "concat", nargs);
  // First pass: collect and check the pieces, so the size is known (and charged) before
  // the result string is built. The loop stops at the first non-string, so it is bounded
  // by the table's actual contents even for huge ranges.
  const parts: string[] = [];
  let bytes = 0;
  for (; i < last; i++) bytes += (parts[parts.length] = concatField(t, i)).length;
  if (i === last) bytes += (parts[parts.length] = concatField(t, i)).length;
  if (parts.length > 1) bytes += sep.length * (parts.length - 1);
  charge(work(parts.length + bytes));
  alloc(bytes);
  return parts.join(sep);
}

function concatField(t: LuaTable, i: number): string {
  const v = t.getInt(i);
  if (typeof v === "string") return v;
  if (typeof v === "number") return numberToString(v);
  throw rtError(`invalid value (${type(v)}) at index ${i} in table for 'concat'`);
}

// ---------------------------------------------------------------- insert, remove

function insert(tv: unknown, a: unknown, b: unknown): unknown {
  const nargs = arguments.length;
  const t = tableArg(tv, 1, "insert", nargs);
  let e = t.length() + 1; // first empty element
  let pos: number;
  let v: unknown;
  switch (nargs) {
    case 2:
      pos = e;
      v = a;
      break;
    case 3: {
      pos = intArg(a, 2, "insert", nargs);
      v = b;
      if (pos > e) e = pos; // 5.1 "grows" the array instead of raising an error
      charge(work(e - pos));
      if (pos >= 1 && v !== undefined && e === t.arr.length + 1 && t.arr.length > 0 && noHash(t)) {
        // same result as the shifting loop below, done by V8
        t.arr.splice(pos - 1, 0, v);
        return NONE;
      }
      for (let i = e; i > pos; i--) rawSetInt(t, i, t.getInt(i - 1));
      break;
    }
    default:
      throw rtError("wrong number of arguments to 'insert'");
  }
  rawSetInt(t, pos, v);
  return NONE;
}

/** No keys outside the array part that could interact with array shifting. */
function noHash(t: LuaTable): boolean {
  return t.hash === undefined || t.hash.size === 0;
}

function remove(tv: unknown, posv: unknown): unknown {
  const nargs = arguments.length;
  const t = tableArg(tv, 1, "remove", nargs);
  const e = t.length();
  let pos = optIntArg(posv, 2, "remove", nargs, e);
  if (!(1 <= pos && pos <= e)) return NONE; // 5.1.5: nothing to remove, no values
  charge(work(e - pos));
  const result = t.getInt(pos);
  const arr = t.arr;
  if (e === arr.length && noHash(t)) {
    arr.splice(pos - 1, 1);
    // t[e] = nil: the array part must not end in nil
    let m = arr.length;
    while (m > 0 && arr[m - 1] === undefined) m--;
    arr.length = m;
    return result;
  }
  for (; pos < e; pos++) rawSetInt(t, pos, t.getInt(pos + 1));
  rawSetInt(t, e, undefined);
  return result;
}

// ---------------------------------------------------------------- maxn, getn, setn, foreach

function maxn(tv: unknown): number {
  const t = tableArg(tv, 1, "maxn", arguments.length);
  // the array part's last slot is never nil, so its largest key is its length
  let max = t.arr.length;
  if (t.hash !== undefined) {
    charge(work(t.hash.size));
    for (const k of t.hash.keys()) if (typeof k === "number" && k > max) max = k;
  }
  return max;
}

function getn(tv: unknown): number {
  return tableArg(tv, 1, "getn", arguments.length).length();
}

function setn(tv: unknown): never {
  tableArg(tv, 1, "setn", arguments.length);
  throw rtError("'setn' is obsolete");
}

function functionArg(v: unknown, n: number, fname: string, nargs: number): Function {
  if (typeof v === "function") return v;
  return typeError(n, fname, "function", v, n <= nargs);
}

/** First result of a call, as lua_call(L, n, 1) keeps it. */
function firstOf(r: unknown): unknown {
  return r instanceof Multi ? r.v[0] : r;
}

function foreachi(tv: unknown, fv: unknown): unknown {
  const nargs = arguments.length;
  const t = tableArg(tv, 1, "foreachi", nargs);
  const f = functionArg(fv, 2, "foreachi", nargs);
  const n = t.length();
  for (let i = 1; i <= n; i++) {
    const r = firstOf(f(i, t.getInt(i)));
    if (r !== undefined) return r;
  }
  return NONE;
}

function foreach(tv: unknown, fv: unknown): unknown {
  const nargs = arguments.length;
  const t = tableArg(tv, 1, "foreach", nargs);
  const f = functionArg(fv, 2, "foreach", nargs);
  let k: unknown = undefined;
  for (;;) {
    const kv = t.next(k);
    if (kv === null) return NONE;
    // raised by lua_next inside a C function: no position prefix
    if (kv === false) throw raiseAt("invalid key to 'next'", 1, false);
    k = kv[0];
    const r = firstOf(f(kv[0], kv[1]));
    if (r !== undefined) return r;
  }
}

// ---------------------------------------------------------------- unpack

/** Lua 5.1's LUAI_MAXCSTACK: a C function may push at most this many values in total. */
const MAX_C_STACK = 8000;

/** unpack(t [, i [, j]]): the base library function (table.unpack does not exist in 5.1). */
export function unpack(tv: unknown, iv: unknown, jv: unknown): unknown {
  const nargs = arguments.length;
  const t = tableArg(tv, 1, "unpack", nargs);
  const i = optIntArg(iv, 2, "unpack", nargs, 1);
  const e = jv === undefined ? t.length() : intArg(jv, 3, "unpack", nargs);
  if (i > e) return NONE;
  const n = e - i + 1;
  // lua_checkstack(L, n) fails when the arguments already on the stack plus n exceed
  // LUAI_MAXCSTACK; 5.1's int overflow case (n <= 0) can't happen with doubles
  if (n + nargs > MAX_C_STACK) throw rtError("too many results to unpack");
  charge(work(n));
  if (n === 1) return t.getInt(i);
  const vs = new Array(n);
  for (let k = 0; k < n; k++) vs[k] = t.getInt(i + k);
  return new Multi(vs);
}

// ---------------------------------------------------------------- sort

/** lua_lessthan as called from a C function: its errors carry no position (luaG_runerror adds none in C frames). */
function lessThan(a: unknown, b: unknown): boolean {
  if (typeof a === "number" && typeof b === "number") return a < b;
  if (typeof a === "string" && typeof b === "string") return a < b; // byte order = strcoll in C locale
  const ta = type(a), tb = type(b);
  if (ta === tb) {
    // call_orderTM: both operands must have the same __lt
    const h = metaOf(a, "__lt");
    if (h !== undefined && h === metaOf(b, "__lt")) {
      const r = firstOf(call(h, a, b));
      return r !== undefined && r !== false;
    }
  }
  // luaG_ordererror compares the third letters of the type names
  if (ta[2] === tb[2]) throw raiseAt(`attempt to compare two ${ta} values`, 1, false);
  throw raiseAt(`attempt to compare ${ta} with ${tb}`, 1, false);
}

type Less = (a: unknown, b: unknown) => boolean;

function invalidOrder(): never {
  throw rtError("invalid order function for sorting");
}

/**
 * ltablib.c auxsort (5.1.5), line for line. Values read with rawgeti stay "on the stack"
 * as locals and are written back by set2 exactly where the C code writes them.
 */
function auxsort(t: LuaTable, l: number, u: number, less: Less): void {
  while (l < u) {
    // one partition pass does at most ~2(u-l) comparisons
    charge(work(2 * (u - l)));
    // sort elements a[l], a[(l+u)/2] and a[u]
    let lo = t.getInt(l);
    let hi = t.getInt(u);
    if (less(hi, lo)) {
      rawSetInt(t, l, hi);
      rawSetInt(t, u, lo);
    }
    if (u - l === 1) break; // only 2 elements
    let i = Math.trunc((l + u) / 2);
    let mid = t.getInt(i);
    lo = t.getInt(l);
    if (less(mid, lo)) {
      rawSetInt(t, i, lo);
      rawSetInt(t, l, mid);
    } else {
      hi = t.getInt(u);
      if (less(hi, mid)) {
        rawSetInt(t, i, hi);
        rawSetInt(t, u, mid);
      }
    }
    if (u - l === 2) break; // only 3 elements
    const pivot = t.getInt(i);
    const beforeLast = t.getInt(u - 1);
    rawSetInt(t, i, beforeLast);
    rawSetInt(t, u - 1, pivot);
    // a[l] <= P == a[u-1] <= a[u], only need to sort from l+1 to u-2
    i = l;
    let j = u - 1;
    for (;;) {
      // invariant: a[l..i] <= P <= a[j..u]
      let ai: unknown;
      while (((ai = t.getInt(++i)), less(ai, pivot))) {
        if (i > u) invalidOrder();
      }
      let aj: unknown;
      while (((aj = t.getInt(--j)), less(pivot, aj))) {
        if (j < l) invalidOrder();
      }
      if (j < i) break;
      rawSetInt(t, i, aj);
      rawSetInt(t, j, ai);
    }
    // swap pivot (a[u-1]) with a[i]
    const x = t.getInt(u - 1);
    const y = t.getInt(i);
    rawSetInt(t, u - 1, y);
    rawSetInt(t, i, x);
    // a[l..i-1] <= a[i] == P <= a[i+1..u]; recurse into the smaller half, loop on the
    // larger one (so the JS recursion depth stays logarithmic)
    if (i - l < u - i) {
      j = l;
      i = i - 1;
      l = i + 2;
    } else {
      j = i + 1;
      i = u;
      u = j - 2;
    }
    auxsort(t, j, i, less);
  }
}

function sort(tv: unknown, comp: unknown): unknown {
  const t = tableArg(tv, 1, "sort", arguments.length);
  const n = t.length();
  let less: Less = lessThan;
  if (comp !== undefined) {
    if (typeof comp !== "function") typeError(2, "sort", "function", comp, true);
    const f = comp;
    less = (a, b) => {
      const r = f(a, b);
      const v = r instanceof Multi ? r.v[0] : r;
      return v !== undefined && v !== false;
    };
  }
  auxsort(t, 1, n, less);
  return NONE;
}

// ---------------------------------------------------------------- the library

/** A fresh `table` table. */
export function makeTableLib(): LuaTable {
  const lib = new LuaTable();
  const fns: Record<string, unknown> = {
    concat, foreach, foreachi, getn, insert, maxn, remove, setn, sort,
  };
  for (const k of Object.keys(fns)) lib.set(k, fns[k]);
  return lib;
}

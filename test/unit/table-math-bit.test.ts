// Unit tests of the table, math and bit libraries (src/runtime-shims/lib/{table,math,bit}.ts)
// for what the differential programs cannot show: random reproducibility, exactness of
// frexp/ldexp over many values, budget and memory charging, termination with bad
// comparators. Error messages carry no chunk position here (no Lua frames are registered).
import { describe, it, expect, beforeEach, afterEach } from "vitest";
import { makeTableLib, unpack } from "../../src/runtime-shims/lib/table.js";
import { makeMathLib, frexp, ldexp, modf, toCInt, Xoshiro128 } from "../../src/runtime-shims/lib/math.js";
import { makeBitLib } from "../../src/runtime-shims/lib/bit.js";
import { LuaTable, Multi, LuaError, NONE } from "../../src/runtime-shims/value.js";
import { budget, memory } from "../../src/runtime-shims/limits.js";
import { noBudgetReserve, libFns, all, err, abort } from "./helpers.js";

noBudgetReserve();

const T = libFns(makeTableLib());
const B = libFns(makeBitLib());

function arr(...vs: unknown[]): LuaTable {
  const t = new LuaTable();
  vs.forEach((v, i) => t.set(i + 1, v));
  return t;
}

function contents(t: LuaTable, n = t.length()): unknown[] {
  const out = [];
  for (let i = 1; i <= n; i++) out.push(t.get(i));
  return out;
}

/** Park-Miller LCG, the same the Lua programs use. */
function lcg(seed: number) {
  return (n: number) => {
    seed = (seed * 16807) % 2147483647;
    return seed % n;
  };
}

beforeEach(() => {
  budget.n = Infinity;
  memory.used = 0;
  memory.limit = Infinity;
});
afterEach(() => {
  budget.n = Infinity;
  memory.used = 0;
  memory.limit = Infinity;
});

// ---------------------------------------------------------------- table

describe("table library", () => {
  it("has exactly lua5.1's functions, fresh per call", () => {
    const t = makeTableLib();
    const names: string[] = [];
    for (let k = t.next(undefined); k; k = t.next(k[0])) names.push(k[0] as string);
    expect(names.sort()).toEqual(["concat", "foreach", "foreachi", "getn", "insert", "maxn", "remove", "setn", "sort"]);
    expect(makeTableLib()).not.toBe(t);
  });

  it("tells a missing argument from an explicit nil", () => {
    expect(err(() => T.insert())).toBe("bad argument #1 to 'insert' (table expected, got no value)");
    expect(err(() => T.insert(undefined, 1))).toBe("bad argument #1 to 'insert' (table expected, got nil)");
    expect(err(() => T.insert(arr(), 1, 2, 3))).toBe("wrong number of arguments to 'insert'");
    expect(err(() => T.insert(arr(), undefined, 2))).toBe("bad argument #2 to 'insert' (number expected, got nil)");
  });

  it("insert and remove keep the array invariant on the fast paths", () => {
    const t = arr(1, 2, 3);
    T.insert(t, 2, "x");
    expect(contents(t)).toEqual([1, "x", 2, 3]);
    expect(all(T.remove(t, 4))).toEqual([3]);
    expect(t.arr).toEqual([1, "x", 2]);
    // removing the last element when the one before it is nil trims the array part
    const h = arr(1, 2, 3);
    h.set(2, undefined);
    expect(T.remove(h)).toBe(3);
    expect(h.arr).toEqual([1]);
    expect(h.length()).toBe(1);
    // an insert that appends migrates following keys from the hash part
    const g = arr(1, 2);
    g.set(4, "four");
    T.insert(g, 3, "three");
    expect(g.arr).toEqual([1, 2, "three", "four"]);
  });

  it("insert at a huge negative position runs out of budget instead of looping", () => {
    budget.n = 1000;
    const a = abort(() => T.insert(arr(1, 2), -2_000_000_000, "x"));
    expect(a.kind).toBe("script_timeout");
  });

  it("concat charges and allocates before building the string", () => {
    const big = "x".repeat(1 << 20);
    const t = new LuaTable();
    for (let i = 1; i <= 4096; i++) t.set(i, big); // a 4 GiB result if it were built
    memory.limit = 64 << 20;
    const a = abort(() => T.concat(t));
    expect(a.kind).toBe("script_memory_limit");
    memory.used = 0;
    memory.limit = Infinity;
    budget.n = 1000;
    expect(abort(() => T.concat(t, ",", 1, 100)).kind).toBe("script_timeout");
  });

  it("concat accounts the exact output size", () => {
    const t = arr("ab", 1.5, "c");
    memory.used = 0;
    expect(T.concat(t, "--")).toBe("ab--1.5--c");
    expect(memory.used).toBe(10);
  });

  it("sort charges per comparison work", () => {
    const rand = lcg(7);
    const t = new LuaTable();
    for (let i = 1; i <= 20000; i++) t.set(i, rand(1000));
    budget.n = 5000;
    expect(abort(() => T.sort(t)).kind).toBe("script_timeout");
    budget.n = 1e9;
    T.sort(t);
    const used = 1e9 - budget.n;
    // n log n / 8-ish: far more than nothing, far less than one unit per comparison squared
    expect(used).toBeGreaterThan(20000);
    expect(used).toBeLessThan(2e6);
  });

  it("sorts correctly with valid comparators on many inputs", () => {
    const rand = lcg(12345);
    for (let round = 0; round < 200; round++) {
      const n = rand(60);
      const vals = Array.from({ length: n }, () => rand(20));
      const t = arr(...vals);
      if (round % 2) T.sort(t, (a: number, b: number) => a > b);
      else T.sort(t);
      const want = [...vals].sort((a, b) => (round % 2 ? b - a : a - b));
      expect(contents(t, n)).toEqual(want);
    }
  });

  it("never loops or throws a JS error with arbitrary comparators", () => {
    const rand = lcg(99);
    for (let round = 0; round < 300; round++) {
      const n = rand(40);
      const t = arr(...Array.from({ length: n }, () => rand(10)));
      budget.n = 1e6;
      try {
        T.sort(t, () => rand(3) === 0);
      } catch (e) {
        expect(e).toBeInstanceOf(LuaError);
        expect((e as LuaError).value).toMatch(/invalid order function for sorting/);
      }
      expect(budget.n).toBeGreaterThan(0);
    }
  });

  it("sort errors from the default comparison carry no position", () => {
    expect(err(() => T.sort(arr(1, "x")))).toBe("attempt to compare string with number");
    expect(err(() => T.sort(arr(true, false)))).toBe("attempt to compare two boolean values");
    expect(err(() => T.sort(arr(1, 2), new LuaTable()))).toBe("bad argument #2 to 'sort' (function expected, got table)");
  });

  it("comparator errors propagate unchanged", () => {
    const boom = new LuaError("boom");
    try {
      T.sort(arr(2, 1), () => {
        throw boom;
      });
      throw new Error("not raised");
    } catch (e) {
      expect(e).toBe(boom);
    }
  });

  it("unpack: ranges, the C stack limit, and budget", () => {
    expect(all(unpack(arr(1, 2, 3)))).toEqual([1, 2, 3]);
    expect(unpack(arr(1, 2, 3), 2, 2)).toBe(2);
    expect(unpack(arr(), 1, 0)).toBe(NONE);
    expect(all(unpack(arr(), 1, 7997)).length).toBe(7997);
    expect(err(() => unpack(arr(), 1, 7998))).toBe("too many results to unpack");
    expect(err(() => unpack(arr(), -2147483648, 2147483647))).toBe("too many results to unpack");
    budget.n = 10;
    expect(abort(() => unpack(arr(), 1, 7000)).kind).toBe("script_timeout");
  });

  it("getn/maxn/foreachi", () => {
    const t = arr(1, 2, 3);
    t.set(10.5, true);
    t.set("x", 1);
    expect(T.getn(t)).toBe(3);
    expect(T.maxn(t)).toBe(10.5);
    expect(err(() => T.setn(t, 1))).toBe("'setn' is obsolete");
    const seen: unknown[] = [];
    expect(T.foreachi(t, (i: number, v: unknown) => (seen.push(v), i === 2 ? new Multi(["stop", 1]) : undefined))).toBe("stop");
    expect(seen).toEqual([1, 2]);
  });
});

// ---------------------------------------------------------------- math

describe("math library", () => {
  const f64 = new Float64Array(1);
  const u32 = new Uint32Array(f64.buffer);
  const bits = (x: number) => {
    f64[0] = x;
    return [u32[1], u32[0]];
  };

  it("has every lua5.1 function and constant", () => {
    const m = makeMathLib();
    for (const name of "abs acos asin atan atan2 ceil cos cosh deg exp floor fmod frexp ldexp log log10 max min mod modf pow rad random randomseed sin sinh sqrt tan tanh".split(" ")) {
      expect(typeof m.get(name), name).toBe("function");
    }
    expect(m.get("pi")).toBe(Math.PI);
    expect(m.get("huge")).toBe(Infinity);
  });

  it("random is reproducible after reseeding and per library instance", () => {
    const M = libFns(makeMathLib());
    M.randomseed(42);
    const a = Array.from({ length: 50 }, () => M.random(1000));
    M.randomseed(42);
    const b = Array.from({ length: 50 }, () => M.random(1000));
    expect(b).toEqual(a);
    // a fresh library starts from the same default seed (0): same sequence every run
    const x = libFns(makeMathLib());
    const y = libFns(makeMathLib());
    expect(Array.from({ length: 20 }, () => x.random())).toEqual(Array.from({ length: 20 }, () => y.random()));
    const z = libFns(makeMathLib());
    z.randomseed(0);
    const w = libFns(makeMathLib());
    expect(z.random()).toBe(w.random());
    // seeds are C ints: 7.9 seeds like 7, 2^32 + 7 like 7
    M.randomseed(7.9);
    const s1 = M.random();
    M.randomseed(2 ** 32 + 7);
    expect(M.random()).toBe(s1);
  });

  it("random ranges, integer-ness and spread", () => {
    const M = libFns(makeMathLib(123));
    const counts = new Array(7).fill(0);
    for (let i = 0; i < 70000; i++) {
      const r = M.random(3, 9) as number;
      expect(Number.isInteger(r)).toBe(true);
      counts[r - 3]++;
    }
    for (const c of counts) expect(Math.abs(c - 10000)).toBeLessThan(600);
    for (let i = 0; i < 10000; i++) {
      const r = M.random() as number;
      expect(r >= 0 && r < 1).toBe(true);
    }
    expect(M.random(1)).toBe(1);
    expect(err(() => M.random(0))).toBe("bad argument #1 to 'random' (interval is empty)");
    expect(err(() => M.random(2, 1))).toBe("bad argument #2 to 'random' (interval is empty)");
    expect(err(() => M.random(1, 2, 3))).toBe("wrong number of arguments");
    expect(err(() => M.random(undefined))).toBe("bad argument #1 to 'random' (number expected, got nil)");
  });

  it("xoshiro128** matches its reference output", () => {
    // the state is derived from splitmix32; check the generator is deterministic and full 32-bit
    const g = new Xoshiro128(1);
    const vs = Array.from({ length: 1000 }, () => g.nextU32());
    expect(vs.every((v) => v >= 0 && v <= 0xffffffff && Number.isInteger(v))).toBe(true);
    expect(new Set(vs).size).toBe(1000);
    const h = new Xoshiro128(1);
    expect(h.nextU32()).toBe(vs[0]);
  });

  it("frexp is exact, including subnormals", () => {
    expect(frexp(1)).toEqual([0.5, 1]);
    expect(frexp(-3)).toEqual([-0.75, 2]);
    expect(frexp(2 ** -1074)).toEqual([0.5, -1073]);
    expect(frexp(3 * 2 ** -1074)).toEqual([0.75, -1072]);
    expect(frexp(Number.MAX_VALUE)).toEqual([1 - 2 ** -53, 1024]);
    expect(frexp(Infinity)).toEqual([Infinity, 0]);
    expect(Object.is(frexp(-0)[0], -0)).toBe(true);
    const rand = lcg(5);
    for (let i = 0; i < 20000; i++) {
      // random bit patterns over the whole double range, subnormals included
      u32[1] = (rand(0x7ff) << 20) | rand(1 << 20) | (rand(2) << 31);
      u32[0] = rand(2147483647) * 2 + rand(2);
      const x = f64[0];
      if (x === 0) continue;
      const [m, e] = frexp(x);
      expect(Math.abs(m) >= 0.5 && Math.abs(m) < 1).toBe(true);
      expect(ldexp(m, e)).toBe(x);
      expect(m * 2 ** e === x || e > 1023 || e < -1021).toBe(true);
    }
  });

  it("ldexp rounds once, like C, in the subnormal range", () => {
    expect(ldexp(1, -1075)).toBe(0); // tie to even
    expect(ldexp(1.5, -1074)).toBe(2 ** -1073); // tie to even upwards
    expect(ldexp(2.5, -1074)).toBe(2 ** -1073);
    expect(ldexp(3, -1076)).toBe(2 ** -1074); // 0.75 ulp rounds up
    expect(bits(ldexp(1 + 2 ** -52, -1060))).toEqual(bits(2 ** -1060)); // the low bit is rounded away
    expect(ldexp(1 + 2 ** -14, -1060)).toBe(2 ** -1060 + 2 ** -1074); // still representable
    expect(ldexp(2 ** 1023, -2000)).toBe(2 ** -977);
    expect(ldexp(2 ** -1074, 2000)).toBe(2 ** 926);
    expect(ldexp(1, 1024)).toBe(Infinity);
    expect(ldexp(-1, 5000)).toBe(-Infinity);
    expect(Object.is(ldexp(-1, -5000), -0)).toBe(true);
  });

  it("modf and C int conversion", () => {
    expect(modf(-3.5)).toEqual([-3, -0.5]);
    expect(Object.is(modf(-3)[1], -0)).toBe(true);
    expect(modf(Infinity)).toEqual([Infinity, 0]);
    expect(Object.is(modf(-Infinity)[1], -0)).toBe(true);
    expect(toCInt(2.9)).toBe(2);
    expect(toCInt(-2.9)).toBe(-2);
    expect(toCInt(2 ** 32 + 3)).toBe(3);
    expect(toCInt(2 ** 31)).toBe(-(2 ** 31));
    expect(toCInt(NaN)).toBe(0);
    expect(toCInt(1e300)).toBe(0);
  });

  it("argument errors: no value, nil, and right-to-left checks of two-argument functions", () => {
    const M = libFns(makeMathLib());
    expect(err(() => M.floor())).toBe("bad argument #1 to 'floor' (number expected, got no value)");
    expect(err(() => M.floor(undefined))).toBe("bad argument #1 to 'floor' (number expected, got nil)");
    expect(err(() => M.fmod())).toBe("bad argument #2 to 'fmod' (number expected, got no value)");
    expect(err(() => M.max(1, "x"))).toBe("bad argument #2 to 'max' (number expected, got string)");
    expect(M.floor("2.5")).toBe(2);
  });
});

// ---------------------------------------------------------------- bit

describe("bit library", () => {
  it("results are signed 32-bit numbers", () => {
    expect(B.bor(0x80000000, 0)).toBe(-2147483648);
    expect(B.tobit(2 ** 32 + 5)).toBe(5);
    expect(B.tobit(2.5)).toBe(2);
    expect(B.tobit(3.5)).toBe(4);
    expect(B.bswap(0x12345678)).toBe(0x78563412);
    expect(B.rol(0x12345678, 4)).toBe(0x23456781);
    expect(B.ror(1, 1)).toBe(-2147483648);
    expect(err(() => B.band())).toBe("bad argument #1 to 'band' (number expected, got no value)");
    expect(err(() => B.bor(1, 2, undefined))).toBe("bad argument #3 to 'bor' (number expected, got nil)");
  });

  it("tohex follows LuaJIT 2.1 including its width quirks", () => {
    expect(B.tohex(255)).toBe("000000ff");
    expect(B.tohex(255, -4)).toBe("00FF");
    expect(B.tohex(0x12345678, 3)).toBe("678");
    expect(B.tohex(-1, 16)).toBe("00000000ffffffff");
    expect(B.tohex(255, 0)).toBe("");
    expect(B.tohex(0x12345678, 255)).toBe("12345678");
    expect(B.tohex(0, 255)).toBe("0");
    expect(B.tohex(0, 256)).toBe("");
    expect((B.tohex(1, 300) as string).length).toBe(44);
    expect(B.tohex(0x12345678, -(2 ** 31))).toBe("");
    expect(B.tohex(0x12345678, -(2 ** 31) + 1)).toBe("12345678");
  });
});

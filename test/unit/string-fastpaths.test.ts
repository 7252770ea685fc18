// Unit tests of the string library's fast paths: compiled and cached format strings,
// exact rounding shortcuts of string.format, compiled and cached patterns (guards, literal
// prefixes, patterns compiled in parts). Expected values are lua5.1's output (the
// "pattern too complex" limit is Moonbox's own, as in string-lib.test.ts).
import { describe, it, expect } from "vitest";
import { makeStringLib } from "../../src/runtime-shims/lib/string.js";
import { fixedDigits, formatG } from "../../src/runtime-shims/lib/format.js";
import { LuaAbort, LuaTable } from "../../src/runtime-shims/value.js";
import { budget } from "../../src/runtime-shims/limits.js";
import { noBudgetReserve, libFns, all, err, gmatchAll } from "./helpers.js";

noBudgetReserve();

const S = makeStringLib();
const { find, format, gsub, match } = libFns(S);

describe("format: exact rounding on every path", () => {
  it("short values (few fraction bits) round exactly, ties to even", () => {
    expect(format("%.0f %.0f %.0f %.0f %.0f", 0.5, 1.5, 2.5, 3.5, -2.5)).toBe("0 2 2 4 -2");
    expect(format("%.2f %.2f %.3f %.1f", 0.125, 0.375, 2.0625, 1e15 + 0.5)).toBe("0.12 0.38 2.062 1000000000000000.5");
    expect(format("%g %g %g %g %g %g", 150001.5, 150002.5, 1234.5, 100000, 1e6, 999999.5)).toBe("150002 150002 1234.5 100000 1e+06 1e+06");
    expect(format("%e %.0e %.1e %.2e %.3e", 150001.5, 2.5, 0.25, 1.125, 1e22)).toBe("1.500015e+05 2e+00 2.5e-01 1.12e+00 1.000e+22");
    expect(format("%.1g %.2g %G %E", 0.25, 2.5, 1e-10, 150001.5)).toBe("0.2 2.5 1E-10 1.500015E+05");
  });

  it("long values: near-ties go the way of the exact binary value", () => {
    expect(format("%.1f %.1f %.1f %.2f %.2f %.3f", 0.25, 0.35, 0.45, 1.005, 2.675, 1.0005)).toBe("0.2 0.3 0.5 1.00 2.67 1.000");
    expect(format("%.3f|%.3f|%.3f", 0.0005, 0.0015, 0.00049999999999999998)).toBe("0.001|0.002|0.001");
    expect(format("%.1g %.3g %.3g", 0.35, 0.0001235, 1.0005)).toBe("0.3 0.000123 1");
    expect(format("%.14g %.14g %.15g %.17g", 0.1, 2 ** -21, 0.3, 0.1)).toBe("0.1 4.7683715820312e-07 0.3 0.10000000000000001");
  });

  it("%f of long values (Dekker's product), up to its 2^52 limit and beyond", () => {
    expect(format("%.3f|%.3f|%.3f|%.10f|%.15f|%.20f", 1 / 7, 100000 / 7, 4503599627 / 7, 1 / 3, 0.1, 0.1)).toBe(
      "0.143|14285.714|643371375.286|0.3333333333|0.100000000000000|0.10000000000000000555",
    );
    expect(format("%.3f|%.0f|%.2f|%.5f", 4503599627370.4966, 4503599627370495.5, 45035996273704.955, 1e-7)).toBe(
      "4503599627370.497|4503599627370496|45035996273704.95|0.00000",
    );
    for (let i = 1; i < 2000; i++) {
      const x = i / 7 + i * 1e-9;
      expect(fixedDigits(x, 4)).toBe(x.toFixed(4)); // no ties among these: toFixed is exact
    }
  });

  it("%g: integers and shortest digits", () => {
    expect(format("%g %g %g %g %g", 0.0001, 0.00001, 0.000123456789, 123456789, 2 ** 53)).toBe("0.0001 1e-05 0.000123457 1.23457e+08 9.0072e+15");
    expect(formatG(1e15, 14)).toBe("1e+15");
    expect(formatG(123456789012345, 14)).toBe("1.2345678901234e+14");
    expect(formatG(12345678901234, 14)).toBe("12345678901234");
  });

  it("integer, unsigned and string conversions with widths", () => {
    expect(format("%5d|%-5d|%05d|%d|%d|%d", -42, -42, -42, -0, -0.5, 2 ** 53)).toBe("  -42|-42  |-0042|0|0|9007199254740992");
    expect(format("%x|%5X|%-6x|%08x|%o|%u", 255.9, 255, 255, 255, 8, 3000000000)).toBe("ff|   FF|ff    |000000ff|10|3000000000");
    expect(format("%-8s|%8s|%s|%.2s", "k1", "k1", "a", "abc")).toBe("k1      |      k1|a|ab");
    expect(format("%5.1f|%-8.3f|%+.2f|% .1f|%08.3f", -2.25, 1 / 7, 2.5, 0.05, -1 / 3)).toBe(" -2.2|0.143   |+2.50| 0.1|-000.333");
    expect(format("%99d|", 1).length).toBe(100);
    expect(format("%-99s|", "x")).toBe("x" + " ".repeat(98) + "|");
  });

  it("a cached format gives each call its own arguments and errors", () => {
    const f = "%5d|%-8s|%.3f|%x|%g";
    expect(format(f, 1, "k1", 1 / 7, 1, 1.5)).toBe("    1|k1      |0.143|1|1.5");
    expect(format(f, 300000, "k77", 300000 / 7, 300000, 450000)).toBe("300000|k77     |42857.143|493e0|450000");
    expect(err(() => format(f, 1, "k1", 1 / 7, 1))).toBe("bad argument #6 to 'format' (no value)");
    expect(err(() => format(f, 1, new LuaTable(), 1 / 7, 1, 2))).toBe("bad argument #3 to 'format' (string expected, got table)");
    expect(format(f, "2", 3, "4", "255", "0.5")).toBe("    2|3       |4.000|ff|0.5");
    // the same text built anew at each call
    for (let i = 0; i < 3; i++) expect(format(["%d", "|%s"].join(""), i, "x")).toBe(i + "|x");
  });

  it("formats with the same length and last byte (one cache slot) do not mix", () => {
    for (let i = 0; i < 3; i++) {
      expect(format("%d;", 7.9)).toBe("7;");
      expect(format("%s;", 7.9)).toBe("7.9;");
      expect(format("%x;", 255)).toBe("ff;");
    }
  });

  it("errors of a cached format are raised in order, each time", () => {
    for (let i = 0; i < 2; i++) {
      expect(err(() => format("%d %y", 1))).toBe("bad argument #3 to 'format' (no value)");
      expect(err(() => format("%d %y", 1, 2))).toBe("invalid option '%y' to 'format'");
      expect(err(() => format("%d %", 1, 2))).toBe("invalid option '%' to 'format'");
      expect(err(() => format("%d %0000005d", 1, 2))).toBe("invalid format (repeated flags)");
      expect(format("%d %000005d", 1, 2)).toBe("1 00002");
      expect(err(() => format("%d %123d", 1, 2))).toBe("invalid format (width or precision too long)");
      expect(err(() => format("%d %123d", "x", 2))).toBe("bad argument #2 to 'format' (number expected, got string)");
      expect(format("100%% %d%%", 5)).toBe("100% 5%");
    }
  });

  it("%q: plain strings and strings that need escapes", () => {
    expect(format("%q", "00001|k1      |0.143|1|1.5")).toBe('"00001|k1      |0.143|1|1.5"');
    expect(format("%q|%q", 'a"b', "x\ny\0")).toBe('"a\\"b"|"x\\\ny\\000"');
  });
});

describe("patterns: compiled once, used with any subject", () => {
  it("the same pattern with different subjects", () => {
    const p = "(%w+)=(%d+)";
    expect(all(match("key=1", p))).toEqual(["key", "1"]);
    expect(all(match("a b=22 c=3", p))).toEqual(["b", "22"]);
    expect(all(match("none", p))).toEqual([undefined]);
    expect(all(match("x=", p))).toEqual([undefined]);
    expect(all(match("=5", p))).toEqual([undefined]);
    expect(all(match("", p))).toEqual([undefined]);
    const q = "^%s*(%d+)(%a)";
    expect(all(find("12ab", q))).toEqual([1, 3, "12", "a"]);
    expect(all(find("ab", q))).toEqual([undefined]);
    expect(all(find("  7x", q))).toEqual([1, 4, "7", "x"]);
    expect(all(find("", q))).toEqual([undefined]);
  });

  it("anchored and unanchored uses of the same text", () => {
    expect(all(find("x^ab", "^ab"))).toEqual([undefined]);
    expect(all(gsub("^ab^ab", "^ab", "!"))).toEqual(["^ab^ab", 0]);
    expect(gmatchAll("^ab^ab", "^ab")).toEqual([["^ab"], ["^ab"]]); // gmatch: '^' is a literal
    expect(all(gsub("abab", "^ab", "!"))).toEqual(["!ab", 1]);
  });

  it("patterns with the same length and last byte (one cache slot) do not mix", () => {
    for (let i = 0; i < 3; i++) {
      expect(match("a1b2", "%a%d")).toBe("a1");
      expect(match("a1b2", "%d%a")).toBe("1b");
      expect(all(find("a1b2", "b%d"))).toEqual([3, 4]);
    }
  });

  it("long patterns are compiled in parts, as far as the matcher gets", () => {
    const a600 = "a".repeat(600);
    expect(all(find(a600 + "b", a600 + "(b)"))).toEqual([1, 601, "b"]);
    expect(all(find("a".repeat(599), a600 + "["))).toEqual([undefined]); // the error is never reached
    expect(err(() => find(a600, a600 + "["))).toBe("malformed pattern (missing ']')");
    const caps = all(match("ab".repeat(400), "(a)b".repeat(30) + "ab".repeat(300) + "$"));
    expect(caps).toEqual(new Array(30).fill("a"));
    expect(err(() => find("a".repeat(300), "(" + "a?".repeat(300) + ")"))).toBe("pattern too complex");
  });

  it("'too many captures' is raised even when the first item can never match", () => {
    expect(err(() => find("bbb", "(".repeat(33) + "a"))).toBe("too many captures");
    expect(err(() => gsub("ba", "()".repeat(40) + "[%d_]", "x"))).toBe("too many captures");
    expect(all(find("bbb", "(".repeat(32) + "a"))).toEqual([undefined]);
  });

  it("guards skip attempts that must fail, with lstrlib's results", () => {
    expect(all(gsub("user=42 id=7 x= =3 k=v", "(%w+)=(%d+)", "%2:%1"))).toEqual(["42:user 7:id x= =3 k=v", 2]);
    expect(all(match("abc123def", "^(%a+)(%d+)(%a-)$"))).toEqual(["abc", "123", "def"]);
    expect(all(find("aaaa", "a-b"))).toEqual([undefined]);
    expect(all(find("aaab", "a-()b"))).toEqual([1, 4, 4]);
    expect(all(find("ab", "a?()b"))).toEqual([1, 2, 2]);
    expect(match("[[x]] [[y]]", "%[%[(.-)%]%]")).toBe("x");
    expect(all(find("x".repeat(100) + "(a(b))", "%b()"))).toEqual([101, 106]);
    expect(all(find("THE (quick) fox", "%f[%a]%a+", 5))).toEqual([6, 10]);
  });

  it("guards keep the recursion limit where lstrlib's calls would reach it", () => {
    // 199 nested `?` attempts, then `a*` whose rest (`(b`) is guarded by 'b'
    const deep = "a?".repeat(198) + "a*(b)";
    expect(err(() => find("a".repeat(300), deep))).toBe("pattern too complex");
    expect(all(find("a".repeat(300) + "b", "a?".repeat(150) + "a*(b)"))).toEqual([1, 301, "b"]);
  });

  it("find and match inside a gsub replacement function (no shared state clash)", () => {
    const r = gsub("a1 b2", "(%a)(%d)", (l: string, d: string) => {
      const inner = all(find("xx" + l + d, "(%a)(%d)"));
      return `${inner.join(",")}/${match("k=" + d, "=(%d)")}`;
    });
    expect(all(r)).toEqual(["3,4,a,1/1 3,4,b,2/2", 2]);
  });

  it("long needles: plain searches without compiling, specials compiled", () => {
    const needle = "n".repeat(300);
    const subject = "xx" + needle + "yy";
    expect(all(find(subject, needle))).toEqual([3, 302]);
    expect(all(find(subject, needle + "y+"))).toEqual([3, 304]);
    expect(match(subject, needle)).toBe(needle);
    expect(all(gsub("a.b.c", ".", "-"))).toEqual(["-----", 5]);
    expect(all(gsub("a.b.c", "b.", "-"))).toEqual(["a.-c", 1]);
  });

  it("work is charged in whole budget units", () => {
    budget.n = 1000000;
    find("x".repeat(80000), "y+");
    gsub("x".repeat(1000), "x", "yy");
    format("%5d %s", 1, "abc");
    expect(Number.isInteger(budget.n)).toBe(true);
    expect(budget.n).toBeLessThan(1000000 - 10000);
  });

  it("catastrophic backtracking still runs out of budget", () => {
    budget.n = 1e6;
    let kind = "none";
    try {
      find("a".repeat(40), "a*".repeat(30) + "b");
    } catch (e) {
      if (e instanceof LuaAbort) kind = e.kind;
      else throw e;
    }
    expect(kind).toBe("script_timeout");
  });
});

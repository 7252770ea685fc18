// Unit tests of the string library (src/runtime-shims/lib/string.ts, lpattern.ts,
// format.ts), called directly with JS byte strings. Expected values are lua5.1's output.
import { describe, it, expect, beforeEach, afterEach } from "vitest";
import { makeStringLib } from "../../src/runtime-shims/lib/string.js";
import { formatG, fixedDigits } from "../../src/runtime-shims/lib/format.js";
import { LuaTable, Multi, LuaAbort } from "../../src/runtime-shims/value.js";
import { budget, memory } from "../../src/runtime-shims/limits.js";
import { noBudgetReserve, libFns, all, err, gmatchAll, type Fn } from "./helpers.js";

noBudgetReserve();

const S = makeStringLib();
const lib = libFns(S);
const { byte, char, find, format, gmatch, gsub, len, lower, match, rep, reverse, sub, upper } = lib;

describe("library table", () => {
  it("has the 5.1 functions and Moonbox's predicates", () => {
    for (const name of ["byte", "char", "find", "format", "gmatch", "gsub", "len", "lower", "match", "rep", "reverse", "sub", "upper", "contains", "startswith", "endswith"]) {
      expect(typeof S.get(name)).toBe("function");
    }
    expect(makeStringLib()).not.toBe(S); // a fresh table per call
  });
});

describe("sub / len / byte / char / rep / reverse / upper / lower", () => {
  it("sub index edge cases", () => {
    expect(sub("hello", 2, 4)).toBe("ell");
    expect(sub("hello", -3)).toBe("llo");
    expect(sub("hello", 0)).toBe("hello");
    expect(sub("hello", -100, 2)).toBe("he");
    expect(sub("hello", 4, 100)).toBe("lo");
    expect(sub("hello", 3, 2)).toBe("");
    expect(sub("hello", 6)).toBe("");
    expect(sub("hello", 2, 0)).toBe("");
    expect(sub("hello", "2", "3.7")).toBe("el");
    expect(sub(12345, 2, 3)).toBe("23");
  });

  it("integer arguments follow 5.1's 64-bit cast (huge and NaN become INT64_MIN)", () => {
    expect(sub("hello", 2, Infinity)).toBe("");
    expect(sub("hello", Infinity)).toBe("hello");
    expect(sub("hello", 2, 1e10)).toBe("ello");
    expect(sub("hello", NaN)).toBe("hello");
    expect(rep("ab", 2 ** 32 + 2)).toBe("abab"); // luaL_checkint keeps the low 32 bits
    expect(rep("ab", 1e300)).toBe("");
  });

  it("byte and char", () => {
    expect(all(byte("ABC"))).toEqual([65]);
    expect(all(byte("ABC", 1, -1))).toEqual([65, 66, 67]);
    expect(all(byte("ABC", 10))).toEqual([]);
    expect(all(byte("ABC", -1))).toEqual([67]);
    expect(all(byte("a\0\xff", 1, 3))).toEqual([97, 0, 255]);
    expect(char(72, 105, 0, 255)).toBe("Hi\0\xff");
    expect(char()).toBe("");
    expect(char(2 ** 32 + 65)).toBe("A");
    expect(err(() => char(256))).toBe("bad argument #1 to 'char' (invalid value)");
    expect(err(() => char(65, -1))).toBe("bad argument #2 to 'char' (invalid value)");
    expect(err(() => char(65, undefined))).toBe("bad argument #2 to 'char' (number expected, got nil)");
    expect(all(byte("x".repeat(9000), 1, 7997)).length).toBe(7997);
    expect(err(() => byte("x".repeat(9000), 1, 7998))).toBe("stack overflow (string slice too long)");
  });

  it("rep, reverse, len", () => {
    expect(rep("ab", 3)).toBe("ababab");
    expect(rep("ab", 0)).toBe("");
    expect(rep("ab", -1)).toBe("");
    expect(rep("", 1e9)).toBe("");
    expect(rep("\0", 3)).toBe("\0\0\0");
    expect(reverse("ab\0c\xff")).toBe("\xffc\0ba");
    expect(reverse("")).toBe("");
    expect(len("a\0b")).toBe(3);
    expect(len(1.5)).toBe(3);
  });

  it("upper and lower change ASCII letters only", () => {
    expect(upper("abc xyz 123")).toBe("ABC XYZ 123");
    expect(lower("ABC\xc0\xff")).toBe("abc\xc0\xff");
    expect(upper("\xe0\xff\xb5a")).toBe("\xe0\xff\xb5A");
    expect(lower("\xc3\x80BC")).toBe("\xc3\x80bc");
  });

  it("argument errors", () => {
    expect(err(() => rep())).toBe("bad argument #1 to 'rep' (string expected, got no value)");
    expect(err(() => rep(undefined, 1))).toBe("bad argument #1 to 'rep' (string expected, got nil)");
    expect(err(() => rep("x"))).toBe("bad argument #2 to 'rep' (number expected, got no value)");
    expect(err(() => sub("x", "a"))).toBe("bad argument #2 to 'sub' (number expected, got string)");
    expect(err(() => upper(true))).toBe("bad argument #1 to 'upper' (string expected, got boolean)");
    expect(err(() => byte("abc", new LuaTable()))).toBe("bad argument #2 to 'byte' (number expected, got table)");
    expect(err(() => find("abc", undefined))).toBe("bad argument #2 to 'find' (string expected, got nil)");
    expect(err(() => gmatch("abc"))).toBe("bad argument #2 to 'gmatch' (string expected, got no value)");
  });

  it("contains / startswith / endswith", () => {
    expect(lib.contains("hello", "ell")).toBe(true);
    expect(lib.contains("hello", "")).toBe(true);
    expect(lib.contains("hello", "l.")).toBe(false); // plain, not a pattern
    expect(lib.contains("a\0b", "\0")).toBe(true);
    expect(lib.startswith("hello", "he")).toBe(true);
    expect(lib.startswith("hello", "lo")).toBe(false);
    expect(lib.endswith("hello", "lo")).toBe(true);
    expect(lib.endswith("hello", "")).toBe(true);
    expect(lib.endswith(123, 3)).toBe(true);
    expect(err(() => lib.contains("x"))).toBe("bad argument #2 to 'contains' (string expected, got no value)");
    expect(err(() => lib.startswith(undefined, "x"))).toBe("bad argument #1 to 'startswith' (string expected, got nil)");
  });
});

describe("find / match", () => {
  it("plain find and init", () => {
    expect(all(find("hello world", "o w"))).toEqual([5, 7]);
    expect(all(find("hello", "l", 4))).toEqual([4, 4]);
    expect(all(find("hello", "l", -1))).toEqual([undefined]);
    expect(all(find("hello", "l", -2))).toEqual([4, 4]);
    expect(all(find("a.b", ".", 1, true))).toEqual([2, 2]);
    expect(all(find("abc", "", 10))).toEqual([4, 3]); // 5.1 clamps init to len+1
    expect(all(find("abc", "", -10))).toEqual([1, 0]);
    expect(all(find("", ""))).toEqual([1, 0]);
    expect(all(find("a\0b", "\0b"))).toEqual([2, 3]);
    // strpbrk stops at NUL: specials after it do not count, the plain search uses it all
    expect(all(find("a\0.c", "a\0."))).toEqual([1, 3]);
  });

  it("patterns, captures and position captures", () => {
    expect(all(find("hello", "(l)(l)"))).toEqual([3, 4, "l", "l"]);
    expect(all(match("  x", "()x()"))).toEqual([3, 4]);
    expect(all(match("key = value", "(%w+)%s*=%s*(%w+)"))).toEqual(["key", "value"]);
    expect(all(match("hello", ".-l"))).toEqual(["hel"]);
    expect(all(match("hello", ".*l"))).toEqual(["hell"]);
    expect(all(match("abc", "^b"))).toEqual([undefined]);
    expect(all(match("abc", "c$"))).toEqual(["c"]);
    expect(all(match("a$b", "a$b"))).toEqual(["a$b"]); // `$` not at the end is literal
    expect(all(match("abc", "b", -1))).toEqual([undefined]);
    expect(all(match("hello", "l+", 1))).toEqual(["ll"]);
    expect(all(match("x = 1", "()"))).toEqual([1]);
  });

  it("classes use the C locale", () => {
    expect(match("\xe9t\xe9", "%a+")).toBe("t");
    expect(match("a\tb", "%s")).toBe("\t");
    expect(match("\x0b", "%s")).toBe("\x0b");
    expect(match("x!y", "%p")).toBe("!");
    expect(match("\x7f", "%c")).toBe("\x7f");
    expect(match("09af AF", "%x+")).toBe("09af");
    expect(match("abcABC", "%u+")).toBe("ABC");
    expect(match("ABCabc", "%l+")).toBe("abc");
    expect(match("ab12_", "%w+")).toBe("ab12");
    expect(match("a\0b", "%z")).toBe("\0");
    expect(match("\0\0a", "%Z")).toBe("a");
    expect(match("abc123", "%D+")).toBe("abc");
    expect(match("\xff", "[\x80-\xff]")).toBe("\xff");
  });

  it("sets", () => {
    expect(match("x]y", "[]]")).toBe("]");
    expect(match("]]a", "[^]]")).toBe("a");
    expect(match("a-b", "[a-]+")).toBe("a-");
    expect(match("--a", "[-a]+")).toBe("--a");
    expect(match("a1_b", "[%d_]+")).toBe("1_");
    expect(match("abc", "[^%a]")).toBe(undefined);
    expect(match("%a", "[%%]")).toBe("%");
    expect(match("z", "[a-c-z]")).toBe("z");
  });

  it("back-references, %b and %f", () => {
    expect(all(match("say 'hi' now", "(['\"])(.-)%1"))).toEqual(["'", "hi"]);
    expect(match("x(a(b)c)y", "%b()")).toBe("(a(b)c)");
    expect(match("((", "%b()")).toBe(undefined);
    expect(gmatchAll("THE (quick) fox", "%f[%a]%a+")).toEqual([["THE"], ["quick"], ["fox"]]);
    expect(all(find("hello world", "%f[%w]%w+$"))).toEqual([7, 11]);
    expect(all(find("ab", "%f[%z]"))).toEqual([3, 2]); // the end of the subject is '\0'
    expect(match("aa", "()%1")).toBe(undefined); // back-reference to a position fails
  });

  it("a pattern ends at its first NUL (5.1 C strings)", () => {
    expect(match("a\0b", "a\0x")).toBe("a");
    expect(err(() => match("x", "[\0]"))).toBe("malformed pattern (missing ']')");
    expect(err(() => match("abc", "[a\0]"))).toBe("malformed pattern (missing ']')");
    expect(all(gsub("x\0y", "\0", "."))).toEqual([".x.\0.y.", 4]); // the pattern is ""
  });

  it("pattern errors", () => {
    expect(err(() => find("abc", "%"))).toBe("malformed pattern (ends with '%')");
    expect(err(() => find("abc", "[a"))).toBe("malformed pattern (missing ']')");
    expect(err(() => find("abc", "[%"))).toBe("malformed pattern (missing ']')");
    expect(err(() => find("abc", "%f"))).toBe("missing '[' after '%f' in pattern");
    expect(err(() => find("abc", "%fa"))).toBe("missing '[' after '%f' in pattern");
    expect(err(() => find("abc", "%1"))).toBe("invalid capture index");
    expect(err(() => find("abc", "(a)%2"))).toBe("invalid capture index");
    expect(err(() => find("abc", "(a%1)"))).toBe("invalid capture index");
    expect(err(() => find("abc", "%0"))).toBe("invalid capture index");
    expect(err(() => match("abc", ")"))).toBe("invalid pattern capture");
    expect(err(() => gsub("abc", ")", "x"))).toBe("invalid pattern capture");
    expect(all(find("a)", ")"))).toEqual([2, 2]); // no specials: find searches plainly
    expect(err(() => match("abc", "(()"))).toBe("unfinished capture");
    expect(err(() => find("abc", "%b"))).toBe("unbalanced pattern");
    expect(err(() => find("abc", "%ba"))).toBe("unbalanced pattern");
    expect(err(() => find("a".repeat(40), "(a)".repeat(33)))).toBe("too many captures");
    expect(all(match("a".repeat(40), "(a)".repeat(32))).length).toBe(32);
  });

  it("skipping to where a match can begin gives lstrlib's results", () => {
    const pad = "x".repeat(100);
    expect(all(find(pad + "(a(b))", "%b()"))).toEqual([101, 106]);
    expect(all(find(pad + "12ab", "(%d+)(%a)"))).toEqual([101, 103, "12", "a"]);
    expect(all(find(pad + "a", "[^x]"))).toEqual([101, 101]);
    expect(all(find(pad, "x", 50))).toEqual([50, 50]);
    expect(all(find(pad + "^", "^^"))).toEqual([undefined]); // anchored: no skipping
    expect(gmatchAll(pad + "^a" + pad + "^b", "^%a")).toEqual([["^a"], ["^b"]]);
    expect(all(gsub(pad + "1" + pad + "22", "%d+", "<%0>", 1))).toEqual([pad + "<1>" + pad + "22", 1]);
    expect(all(gsub(pad, "y+", "z"))).toEqual([pad, 0]);
    expect(all(find(pad + "x", "()x$"))).toEqual([101, 101, 101]);
    // a malformed first item is reported by the matcher, as lstrlib does
    expect(err(() => find(pad, "[a"))).toBe("malformed pattern (missing ']')");
    expect(all(gsub(pad, "[a", "", 0))).toEqual([pad, 0]); // never tried: no error
  });

  it("recursion is bounded: 'pattern too complex'", () => {
    expect(all(find("a".repeat(300), "a?".repeat(190)))).toEqual([1, 190]);
    expect(err(() => find("a".repeat(300), "a?".repeat(300)))).toBe("pattern too complex");
    expect(err(() => find("a".repeat(300), "(".repeat(31) + "a?".repeat(5000)))).toBe("pattern too complex");
  });
});

describe("gmatch", () => {
  it("iterates matches and captures", () => {
    expect(gmatchAll("one two  three", "%a+")).toEqual([["one"], ["two"], ["three"]]);
    expect(gmatchAll("k1=v1, k2=v2", "(%w+)=(%w+)")).toEqual([["k1", "v1"], ["k2", "v2"]]);
    expect(gmatchAll("abc", "()")).toEqual([[1], [2], [3], [4]]);
    expect(gmatchAll("abc", "b*")).toEqual([[""], ["b"], [""], [""]]);
  });

  it("'^' is not an anchor in 5.1's gmatch: it matches a literal '^'", () => {
    expect(gmatchAll("^a^a", "^a")).toEqual([["^a"], ["^a"]]);
    expect(gmatchAll("aaa", "^a")).toEqual([]);
  });

  it("keeps failing after the end", () => {
    const it = gmatch("ab", "a") as Fn;
    expect(all(it())).toEqual(["a"]);
    expect(all(it())).toEqual([]);
    expect(all(it())).toEqual([]);
  });
});

describe("gsub", () => {
  it("string replacements", () => {
    expect(all(gsub("hello world", "o", "0"))).toEqual(["hell0 w0rld", 2]);
    expect(all(gsub("hello", "", "-"))).toEqual(["-h-e-l-l-o-", 6]);
    expect(all(gsub("abc", "b*", "-"))).toEqual(["-a--c-", 4]);
    expect(all(gsub("abc", "%w", "%0%0"))).toEqual(["aabbcc", 3]);
    expect(all(gsub("hello world", "(%w+) (%w+)", "%2 %1"))).toEqual(["world hello", 1]);
    expect(all(gsub("abc", "b", "%%"))).toEqual(["a%c", 1]);
    expect(all(gsub("abc", "b", "%x"))).toEqual(["axc", 1]); // % + non-digit: the char itself
    expect(all(gsub("abc", "b", "%"))).toEqual(["a\0c", 1]); // trailing %: C's terminator
    expect(all(gsub("abc", "a()", "%1"))).toEqual(["2bc", 1]);
    expect(all(gsub("abc", "b", 5))).toEqual(["a5c", 1]);
    expect(all(gsub("a.b.c", ".", "x"))).toEqual(["xxxxx", 5]);
    expect(all(gsub("a.b.c", "%.", "/"))).toEqual(["a/b/c", 2]);
    expect(err(() => gsub("abc", "(a)", "%2"))).toBe("invalid capture index");
  });

  it("anchors and the count limit", () => {
    expect(all(gsub("hhh", "^h", "H"))).toEqual(["Hhh", 1]);
    expect(all(gsub("aaa", "a", "b", 2))).toEqual(["bba", 2]);
    expect(all(gsub("aaa", "a", "b", 0))).toEqual(["aaa", 0]);
    expect(all(gsub("aaa", "a", "b", -1))).toEqual(["aaa", 0]);
    expect(all(gsub("aaa", "a", "b", 2 ** 32 + 1))).toEqual(["baa", 1]);
    expect(all(gsub("abc", "x*", "-", 2))).toEqual(["-a-bc", 2]);
  });

  it("function and table replacements", () => {
    expect(all(gsub("a b c", "%a", (c: string) => c.toUpperCase()))).toEqual(["A B C", 3]);
    expect(all(gsub("a b", "%a", () => undefined))).toEqual(["a b", 2]);
    expect(all(gsub("a b", "%a", () => false))).toEqual(["a b", 2]);
    expect(all(gsub("a b", "%a", () => 7))).toEqual(["7 7", 2]);
    expect(all(gsub("ab", "()(.)", (p: number, c: string) => c + p))).toEqual(["a1b2", 2]);
    expect(all(gsub("x", "x", () => new Multi(["first", "second"])))).toEqual(["first", 1]);
    const t = new LuaTable();
    t.set("a", "1");
    t.set("b", 2);
    t.set("c", false);
    expect(all(gsub("abcd", "%a", t))).toEqual(["12cd", 4]);
    expect(err(() => gsub("abc", "a", () => true))).toBe("invalid replacement value (a boolean)");
    const bad = new LuaTable();
    bad.set("a", new LuaTable());
    expect(err(() => gsub("abc", "a", bad))).toBe("invalid replacement value (a table)");
  });

  it("argument checks, in 5.1's order", () => {
    expect(err(() => gsub("abc", "a", true))).toBe("bad argument #3 to 'gsub' (string/function/table expected)");
    expect(err(() => gsub("abc", "a"))).toBe("bad argument #3 to 'gsub' (string/function/table expected)");
    expect(err(() => gsub("abc", "a", undefined, "y"))).toBe("bad argument #4 to 'gsub' (number expected, got string)");
  });
});

describe("format", () => {
  it("integers", () => {
    expect(format("%d %i %5d|%-5d|%05d", 42, -7.9, 42, 42, -42)).toBe("42 -7    42|42   |-0042");
    expect(format("%+d % d %.3d %08.3d %.0d|", 5, 5, 5, -5, 0)).toBe("+5  5 005     -005 |");
    expect(format("%d", 2 ** 63)).toBe("-9223372036854775808");
    expect(format("%d", -(2 ** 63))).toBe("-9223372036854775808");
    expect(format("%d", 2 ** 53 + 2)).toBe("9007199254740994");
    expect(format("%d", "10")).toBe("10");
    expect(format("%x %X %o %#x %#o %#.0o %#08x", 3735928559, 255, 8, 255, 8, 0, 255)).toBe("deadbeef FF 10 0xff 010 0 0x0000ff");
    expect(format("%x|%x|%x|%x|%u", -1, 2 ** 64, 1e30, -1e30, -1)).toBe("ffffffffffffffff|0|0|8000000000000000|18446744073709551615");
    expect(format("%o", -1)).toBe("1777777777777777777777");
    expect(format("%X", 2 ** 63 + 2 ** 11)).toBe("8000000000000800");
  });

  it("%c and NUL bytes: sprintf's buffer is cut at the first NUL", () => {
    expect(format("%c%c%c", 72, 105, 33)).toBe("Hi!");
    expect(format("%c", 0)).toBe("");
    expect(format("%5c|%-5c|", 65, 66)).toBe("    A|B    |");
    expect(format("%5c", 0)).toBe("    ");
    expect(format("%-5c", 0)).toBe("");
    expect(format("%c", 256 + 65)).toBe("A");
    expect(format("%c", 2 ** 40 + 66)).toBe(""); // (int) cast overflow: INT_MIN, byte 0
    expect(format("%s", "a\0b")).toBe("a");
    expect(format("%5s|", "a\0b")).toBe("    a|");
    const long = "a\0".repeat(60);
    expect(format("%s", long)).toBe(long); // 100+ bytes without precision: copied whole
    expect(format("%-99s|", "x".repeat(150))).toBe("x".repeat(150) + "|"); // no padding either
    expect(format("a\0%d\0b", 1)).toBe("a\x001\0b"); // the format string itself is binary safe
  });

  it("%s", () => {
    expect(format("%5.2s|%-10s|%.0s|%.10s|", "hello", "hi", "abc", "xy")).toBe("   he|hi        ||xy|");
    expect(format("%s %s", 1.5, 10)).toBe("1.5 10");
    expect(format("%05s", "ab")).toBe("   ab"); // glibc pads strings with spaces
  });

  it("%q", () => {
    expect(format("%q", 'a"b\\c\nd\re\0f\x01g\xff')).toBe('"a\\"b\\\\c\\\nd\\re\\000f\x01g\xff"');
    expect(format("%q", 1 / 3)).toBe('"0.33333333333333"');
    expect(format("%5q", "a")).toBe('"a"');
  });

  it("%f rounds the exact binary value, ties to even", () => {
    expect(format("%.0f %.0f %.0f %.0f", 0.5, 1.5, 2.5, 3.5)).toBe("0 2 2 4");
    expect(format("%.2f %.2f %.1f %.3f", 2.675, 1.005, 0.25, 1.0005)).toBe("2.67 1.00 0.2 1.000");
    expect(format("%.1f %.2f", 0.35, 0.125)).toBe("0.3 0.12");
    expect(format("%.0f", -0.5)).toBe("-0");
    expect(format("%f %.1f", -0, 0.05)).toBe("-0.000000 0.1");
    expect(format("%.20f", 0.1)).toBe("0.10000000000000000555");
    expect(format("%f", 1e22)).toBe("10000000000000000000000.000000");
    expect(format("%.0f", 2 ** 70)).toBe("1180591620717411303424");
    expect(format("%f", 1e300)).toBe(
      "1000000000000000052504760255204420248704468581108159154915854115511802457988908195786371375080447864043704443832883878176942523235360430575644792184786706982848387200926575803737830233794788090059368953234970799945081119038967640880074652742780142494579258788820056842838115669472196386865459400540160.000000",
    );
    expect(format("%.99f", 1 / 3)).toBe("0.333333333333333314829616256247390992939472198486328125" + "0".repeat(45));
    expect(format("%99.99f", -1e308).length).toBe(410);
    expect(format("%05.1f|%-8.2f|%+f|% f", -2.25, 1, 1, 1)).toBe("-02.2|1.00    |+1.000000| 1.000000");
    expect(format("%#.0f", 1)).toBe("1.");
    expect(fixedDigits(5e-324, 99)).toBe("0." + "0".repeat(99));
  });

  it("%e and %g", () => {
    expect(format("%e %E %.3e %.0e", 123.456, 0.000123, 1e300, 25)).toBe("1.234560e+02 1.230000E-04 1.000e+300 2e+01");
    expect(format("%.0e %.0e %e", 35, 250, 5e-324)).toBe("4e+01 2e+02 4.940656e-324");
    expect(format("%e|%e|%e|%5.1f|%-6e|", 0, Infinity, -Infinity, Infinity, -Infinity)).toBe("0.000000e+00|inf|-inf|  inf|-inf  |");
    expect(format("%05f|%E|%+G", Infinity, Infinity, Infinity)).toBe("  inf|INF|+INF");
    expect(format("%#.0e", 1)).toBe("1.e+00");
    expect(format("%g %g %g %g %g", 100000, 1e6, 1e-4, 1e-5, 0.0001234567)).toBe("100000 1e+06 0.0001 1e-05 0.000123457");
    expect(format("%g %g %.3g %.10g %.0g %.1g", 0, -0, 0.0001, 2 ** 53, 2.5, 0.25)).toBe("0 -0 0.0001 9.007199255e+15 2 0.2");
    expect(format("%#g %#.3g %#x", 1.5, 100, 0)).toBe("1.50000 100. 0");
    expect(format("%G %g", 1e-10, 1e-300)).toBe("1E-10 1e-300");
    expect(format("%.14g %.13e", 2 ** -21, 2 ** -21)).toBe("4.7683715820312e-07 4.7683715820312e-07");
  });

  it("glibc's %#g quirk when rounding carries into the %e style", () => {
    expect(format("%#g %#.3g %#.2g", 999999.5, 999.9, 99.99)).toBe("1.e+06 1.e+03 1.e+02");
    expect(format("%#g %#.3g %#.3g", 9999999, 999999.5, 9.9999)).toBe("1.00000e+07 1.00e+06 10.0");
    expect(format("%g %.3g", 999999.5, 999.9)).toBe("1e+06 1e+03");
  });

  it("formatG matches C's %.14g (tostring)", () => {
    expect(formatG(2 ** -21, 14)).toBe("4.7683715820312e-07");
    expect(formatG(0.1 + 0.2, 14)).toBe("0.3");
    expect(formatG(-0, 14)).toBe("-0");
    expect(formatG(2 ** 63, 14)).toBe("9.2233720368548e+18");
    expect(formatG(-Infinity, 14)).toBe("-inf");
  });

  it("errors", () => {
    expect(err(() => format("%------d", 1))).toBe("invalid format (repeated flags)");
    expect(format("%-----d", 1)).toBe("1");
    expect(err(() => format("%123d", 1))).toBe("invalid format (width or precision too long)");
    expect(err(() => format("%1.123d", 1))).toBe("invalid format (width or precision too long)");
    expect(format("%99.99d", 1)).toBe("0".repeat(98) + "1");
    expect(err(() => format("%y", 1))).toBe("invalid option '%y' to 'format'");
    expect(err(() => format("%*d", 1, 2))).toBe("invalid option '%*' to 'format'");
    expect(err(() => format("%ld", 1))).toBe("invalid option '%l' to 'format'");
    expect(err(() => format("%", 1))).toBe("invalid option '%' to 'format'");
    expect(err(() => format("%"))).toBe("bad argument #2 to 'format' (no value)");
    expect(err(() => format("%d", "x"))).toBe("bad argument #2 to 'format' (number expected, got string)");
    expect(err(() => format("%d", undefined))).toBe("bad argument #2 to 'format' (number expected, got nil)");
    expect(err(() => format("%s"))).toBe("bad argument #2 to 'format' (no value)");
    expect(err(() => format("%s %s", 1, undefined))).toBe("bad argument #3 to 'format' (string expected, got nil)");
    expect(err(() => format("%s", new LuaTable()))).toBe("bad argument #2 to 'format' (string expected, got table)");
    expect(err(() => format())).toBe("bad argument #1 to 'format' (string expected, got no value)");
  });
});

describe("budget and memory accounting", () => {
  const saved = { n: 0, used: 0, limit: 0 };
  beforeEach(() => {
    saved.n = budget.n;
    saved.used = memory.used;
    saved.limit = memory.limit;
  });
  afterEach(() => {
    budget.n = saved.n;
    memory.used = saved.used;
    memory.limit = saved.limit;
  });

  function abortKind(f: () => unknown): string {
    try {
      f();
    } catch (e) {
      if (e instanceof LuaAbort) return e.kind;
      throw e;
    }
    return "none";
  }

  it("rep refuses a huge result before building it", () => {
    memory.used = 0;
    memory.limit = 64 * 1024 * 1024;
    expect(abortKind(() => rep("x", 1e8))).toBe("script_memory_limit");
    memory.used = 0;
    memory.limit = 64 * 1024 * 1024;
    expect(abortKind(() => rep("x", 1e9))).toBe("script_memory_limit");
    expect(memory.used).toBeGreaterThanOrEqual(1e9); // accounted, never allocated
  });

  it("output-producing functions account their bytes", () => {
    memory.used = 0;
    memory.limit = Infinity;
    rep("abc", 10);
    expect(memory.used).toBe(30);
    upper("abcd");
    reverse("abcd");
    char(65, 66);
    expect(memory.used).toBe(40);
    gsub("aaaa", "a", "bb");
    expect(memory.used).toBe(48);
    format("%5d", 1);
    expect(memory.used).toBe(53);
  });

  it("a string beyond V8's limit ends the run like the memory limit", () => {
    memory.limit = Infinity;
    expect(abortKind(() => rep("xx", 2 ** 30))).toBe("script_memory_limit");
    expect(abortKind(() => gsub("x".repeat(1 << 20), "", "x".repeat(1 << 10)))).toBe("script_memory_limit");
  });

  it("matching is charged: catastrophic backtracking runs out of budget", () => {
    budget.n = 1e6;
    const hostile = () => find("a".repeat(40), "a*".repeat(30) + "b");
    expect(abortKind(hostile)).toBe("script_timeout");
  });

  it("plain and pattern searches charge in proportion to the subject", () => {
    budget.n = 1e9;
    const big = "x".repeat(80000);
    find(big, "y", 1, true);
    const plainCost = 1e9 - budget.n;
    expect(plainCost).toBeGreaterThan(9000);
    budget.n = 1e9;
    find(big, "y+");
    expect(1e9 - budget.n).toBeGreaterThan(9000);
    budget.n = 1e9;
    gsub(big, "x", "y");
    expect(1e9 - budget.n).toBeGreaterThan(9000);
  });
});

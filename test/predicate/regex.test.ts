// regex.match's engine (src/runtime-shims/predicate/regex.ts), called directly: syntax,
// semantics, rejected constructs, and linear time on patterns that make backtracking
// engines explode.
import { describe, it, expect, beforeEach } from "vitest";
import { compileRegex, regexCacheSize } from "../../src/runtime-shims/predicate/regex.js";
import { LuaError, LuaAbort } from "../../src/runtime-shims/value.js";
import { budget } from "../../src/runtime-shims/limits.js";

const m = (p: string, s: string) => compileRegex(p).test(s);

function err(p: string): string {
  try {
    compileRegex(p);
  } catch (e) {
    if (e instanceof LuaError) return String(e.value);
    throw e;
  }
  throw new Error(`no error for ${p}`);
}

beforeEach(() => {
  budget.n = Infinity;
});

describe("regex.match semantics", () => {
  const cases: [string, string, boolean][] = [
    ["suspicious.*pattern", "a suspicious xx pattern", true],
    ["suspicious.*pattern", "a suspicious xx patt", false],
    ["abc", "xxabcxx", true],
    ["^abc$", "abc", true],
    ["^abc$", "abcd", false],
    ["^abc", "xabc", false],
    ["abc$", "xabc", true],
    ["a|b", "zzb", true],
    ["cat|dog", "hotdog", true],
    ["^(cat|dog)$", "hotdog", false],
    ["\\bfoo\\b", "a foo b", true],
    ["\\bfoo\\b", "afoo b", false],
    ["\\Bfoo", "afoo", true],
    ["[a-c]+x", "zzbbx", true],
    ["[^a-c]x", "ax", false],
    ["[^a-c]x", "dx", true],
    ["(?i)HELLO", "say hello", true],
    ["(?i:a)B", "AB", true],
    ["(?i:a)B", "Ab", false],
    ["a{2,3}b", "aab", true],
    ["a{2,3}b", "ab", false],
    ["^a{2,3}b", "aaaab", false],
    ["^a{2}$", "aa", true],
    ["^a{2,}$", "aaaaa", true],
    ["\\d+\\.\\d+", "v1.25", true],
    ["x\\s+y", "x \t y", true],
    ["\\w+@\\w+\\.com", "mail bob@example.com now", true],
    ["(?m)^b", "a\nb", true],
    ["^b", "a\nb", false],
    ["a$", "a\n", false],
    ["(?m)a$", "a\nb", true],
    ["a.c", "a\nc", false],
    ["(?s)a.c", "a\nc", true],
    ["", "", true],
    ["^$", "", true],
    ["^$", "x", false],
    ["(?:ab)*c", "ababc", true],
    ["[[:digit:]]+", "ab1", true],
    ["[[:alpha:]]", "123", false],
    ["\\x41", "A", true],
    ["\\x{41}", "A", true],
    ["colou?r", "color", true],
    ["(a*)*b", "aaaac", false],
    ["[\\]]", "]", true],
    ["[]a]", "]", true],
    ["[a-]", "-", true],
    ["a+?b", "aab", true],
    ["(?P<name>ab)c", "abc", true],
    ["(?<name>ab)c", "abc", true],
    ["\\Aab\\z", "ab", true],
    ["\\.sh$", "/tmp/run.sh", true],
    ["\\.sh$", "/tmp/run.shx", false],
    ["{", "a{", true],
    ["a{x}", "a{x}", true],
  ];
  for (const [p, s, want] of cases) {
    it(`${JSON.stringify(p)} on ${JSON.stringify(s)} is ${want}`, () => {
      expect(m(p, s)).toBe(want);
    });
  }

  it("matches bytes, not code points (Lua strings are byte strings)", () => {
    expect(m("^.$", "\xe9")).toBe(true); // one byte
    expect(m("^..$", "\xc3\xa9")).toBe(true); // é in UTF-8 is two bytes
    expect(m("\\xff", "a\xffb")).toBe(true);
    expect(m("[\\x80-\\xff]", "plain ascii")).toBe(false);
  });
});

describe("regex.match rejects what it does not support, clearly", () => {
  const bad: [string, RegExp][] = [
    ["(a)\\1", /backreferences are not supported/],
    ["(?P<x>a)(?P=x)", /backreferences are not supported/],
    ["\\k<x>", /backreferences are not supported/],
    ["(?=a)", /look-ahead is not supported/],
    ["(?!a)", /look-ahead is not supported/],
    ["(?<=a)b", /look-behind is not supported/],
    ["(?<!a)b", /look-behind is not supported/],
    ["(?>a)", /atomic groups are not supported/],
    ["a*+", /possessive quantifiers are not supported/],
    ["\\p{L}", /Unicode classes/],
    ["(?x) a", /verbose mode/],
    ["[a", /unclosed character class/],
    ["(a", /unclosed group/],
    ["a)", /unopened group/],
    ["*a", /repetition operator without an operand/],
    ["a**", /nested repetition/],
    ["a{3,2}", /invalid repetition range/],
    ["a{2000}", /repetition count above 1000/],
    ["(a{1000}){1000}", /pattern too large/],
    ["\\q", /unknown escape sequence/],
    ["[z-a]", /invalid range/],
  ];
  for (const [p, re] of bad) {
    it(JSON.stringify(p), () => {
      const msg = err(p);
      expect(msg).toMatch(/^regex\.match: invalid pattern '/);
      expect(msg).toMatch(re);
    });
  }
});

describe("linear time: no catastrophic backtracking", () => {
  const long = "a".repeat(100_000);
  const bombs: [string, string][] = [
    ["(a+)+$", long + "!"],
    ["(a|aa)*c", long],
    ["(a*)*b", long],
    ["(x+x+)+y", "x".repeat(100_000)],
    ["^(a|a)*$", long + "b"],
    ["^(\\w+\\s?)*$", "word ".repeat(20_000) + "!"],
    [".*.*.*.*.*=.*", "x".repeat(50_000)],
  ];
  for (const [p, s] of bombs) {
    it(`${p} on ${s.length} bytes`, () => {
      const t0 = performance.now();
      expect(m(p, s)).toBe(false);
      expect(performance.now() - t0).toBeLessThan(2000);
    });
  }

  it("charges the instruction budget per byte (a huge subject hits the limit)", () => {
    budget.n = 10_000;
    budget.reserve = 0;
    const r = compileRegex("(a+)+$");
    expect(() => r.test("a".repeat(1_000_000))).toThrow(LuaAbort);
    budget.n = Infinity;
  });

  it("keeps working when its DFA state cache overflows and is flushed", () => {
    // (a|b)*a(a|b){12}: a DFA needs 2^13 states for this; we keep at most 1024
    const r = compileRegex("(a|b)*a(a|b){12}$");
    let s = "";
    let x = 7;
    for (let i = 0; i < 20_000; i++) {
      x = (x * 48271) % 2147483647;
      s += x % 2 ? "a" : "b";
    }
    const want = s[s.length - 13] === "a";
    expect(r.test(s)).toBe(want);
    expect(r.test(s + "a" + "b".repeat(12))).toBe(true);
  });
});

describe("pattern cache", () => {
  it("returns the same compiled pattern for the same text", () => {
    const a = compileRegex("cache-me-[0-9]+");
    const b = compileRegex("cache-me-[0-9]+");
    expect(a).toBe(b);
    expect(regexCacheSize()).toBeGreaterThan(0);
  });

  it("caches syntax errors too (the error repeats)", () => {
    expect(err("(?=x)")).toMatch(/look-ahead/);
    expect(err("(?=x)")).toMatch(/look-ahead/);
  });
});

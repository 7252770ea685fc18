// string.glob_match (src/runtime-shims/predicate/glob.ts), called directly.
import { describe, it, expect, beforeEach } from "vitest";
import { glob_match } from "../../src/runtime-shims/predicate/glob.js";
import { LuaError, LuaAbort } from "../../src/runtime-shims/value.js";
import { budget } from "../../src/runtime-shims/limits.js";

beforeEach(() => {
  budget.n = Infinity;
});

describe("glob semantics", () => {
  const cases: [string, string, boolean][] = [
    ["/usr/evil/bin", "*/evil*", true],
    ["/usr/bin/evil", "*/evil*", true],
    ["evil", "*/evil*", false],
    ["/tmp/x.sh", "*.sh", true],
    ["/tmp/x.shx", "*.sh", false],
    ["/a/b/c.txt", "/a/*.txt", true], // * crosses '/'
    ["/a/b/c.txt", "/a/**/*.txt", true], // ** is *
    ["abc", "a?c", true],
    ["a/c", "a?c", true], // ? matches '/' too
    ["ac", "a?c", false],
    ["abc", "abc", true],
    ["abc", "ab", false],
    ["", "", true],
    ["", "*", true],
    ["x", "", false],
    ["b", "[abc]", true],
    ["d", "[abc]", false],
    ["m", "[a-z]", true],
    ["M", "[a-z]", false],
    ["d", "[!abc]", true],
    ["a", "[!abc]", false],
    ["d", "[^abc]", true],
    ["]", "[]]", true],
    ["a", "[!]]", true],
    ["-", "[a-]", true],
    ["-", "[-a]", true],
    ["*", "[*]", true],
    ["x", "[*]", false],
    ["a*b", "a[*]b", true],
    ["a?b", "a[?]b", true],
    ["a[b", "a[[]b", true],
    ["a\\b", "a\\b", true], // no escape character: backslash is literal
    ["ABC", "abc", false], // case-sensitive
    ["aaaa", "*a*a*a*a*", true],
    ["aaa", "*a*a*a*a*", false],
    ["/var/log/app/2024-01-01.log", "/var/log/*/20??-*.log", true],
  ];
  for (const [s, p, want] of cases) {
    it(`${JSON.stringify(s)} ~ ${JSON.stringify(p)} is ${want}`, () => {
      expect(glob_match(s, p)).toBe(want);
    });
  }

  it("works on bytes", () => {
    expect(glob_match("caf\xc3\xa9", "caf??")).toBe(true);
    expect(glob_match("\x00\xff", "[\x00]?")).toBe(true);
  });

  it("an unclosed '[' is an error, even when the subject is empty", () => {
    for (const [s, p] of [
      ["a", "[a"],
      ["", "[abc"],
      ["x", "*[!"],
    ]) {
      try {
        glob_match(s, p);
        throw new Error("no error");
      } catch (e) {
        expect(e).toBeInstanceOf(LuaError);
        expect(String((e as LuaError).value)).toMatch(/invalid glob pattern .*unclosed '\['/);
      }
    }
  });

  it("argument errors as Lua reports them", () => {
    try {
      glob_match(undefined, "*");
      throw new Error("no error");
    } catch (e) {
      expect(String((e as LuaError).value)).toMatch(/bad argument #1 to 'glob_match' \(string expected, got nil\)/);
    }
  });

  it("never exponential: many stars against a long non-matching subject", () => {
    const s = "a".repeat(20_000);
    const t0 = performance.now();
    expect(glob_match(s, "*a*a*a*a*a*a*a*a*b")).toBe(false);
    expect(performance.now() - t0).toBeLessThan(3000);
  });

  it("charges the instruction budget", () => {
    budget.n = 1000;
    budget.reserve = 0;
    expect(() => glob_match("a".repeat(200_000), "*a*a*a*b")).toThrow(LuaAbort);
    budget.n = Infinity;
  });
});

// string.glob_match(s, pattern): shell-style wildcards, whole-string match, on bytes.
//
//   *        any run of bytes, including none and including '/' (a `*` crosses directory
//            separators, as the Rust `glob` crate's Pattern::matches does with its default
//            options; `**` is the same as `*`)
//   ?        exactly one byte (also '/')
//   [abc]    one byte of the set; ranges [a-z]; negation [!abc] or [^abc]; a ']' first in
//            the set is literal ([]] and [!]] ); a '-' first or last is literal
//   anything else, backslash included, matches itself: to match a literal *, ? or [ use
//            [*], [?], [[] (as the glob crate; there is no escape character)
//
// Case-sensitive. An unclosed '[' is an error ("invalid glob pattern"). The matcher is the
// classic greedy one that backtracks only to the last '*': O(len(s) * len(pattern)) at worst,
// never exponential, and it charges the instruction budget as it goes.
import { rtError } from "../errors.js";
import { charge } from "../limits.js";
import { argString } from "../lib/format.js";

const STAR = 42, QUESTION = 63, LBRACKET = 91, RBRACKET = 93, BANG = 33, CARET = 94, DASH = 45;

/**
 * Match the bracket expression starting at p[i] ('[') against byte c. Returns the index
 * after the closing ']' when c is in the set, -(index after ']') - 1 when it is not, and
 * throws for an unclosed set.
 */
function bracket(p: string, i: number, c: number): number {
  const m = p.length;
  let j = i + 1;
  let neg = false;
  if (j < m && (p.charCodeAt(j) === BANG || p.charCodeAt(j) === CARET)) {
    neg = true;
    j++;
  }
  let hit = false;
  let first = true;
  for (;;) {
    if (j >= m) throw rtError(`invalid glob pattern '${p}': unclosed '['`);
    const lo = p.charCodeAt(j);
    if (lo === RBRACKET && !first) {
      j++;
      break;
    }
    first = false;
    if (j + 2 < m && p.charCodeAt(j + 1) === DASH && p.charCodeAt(j + 2) !== RBRACKET) {
      const hi = p.charCodeAt(j + 2);
      if (c >= lo && c <= hi) hit = true;
      j += 3;
    } else {
      if (c === lo) hit = true;
      j++;
    }
  }
  return hit !== neg ? j : -j - 1;
}

/** Validate the pattern's brackets once (so a bad pattern fails even on an empty subject). */
function checkPattern(p: string): void {
  for (let i = p.indexOf("["); i >= 0 && i < p.length; i = p.indexOf("[", i)) {
    const r = bracket(p, i, -1);
    i = r >= 0 ? r : -r - 1;
  }
}

export function globMatchBytes(s: string, p: string): boolean {
  if (p.indexOf("[") >= 0) checkPattern(p);
  const n = s.length, m = p.length;
  let si = 0, pi = 0;
  let starP = -1, starS = 0;
  let steps = 0;
  while (si < n) {
    if (++steps === 1024) {
      charge(128);
      steps = 0;
    }
    if (pi < m) {
      const pc = p.charCodeAt(pi);
      if (pc === STAR) {
        while (pi < m && p.charCodeAt(pi) === STAR) pi++;
        if (pi === m) return true; // a trailing * takes the rest
        starP = pi;
        starS = si;
        continue;
      }
      if (pc === QUESTION) {
        si++;
        pi++;
        continue;
      }
      if (pc === LBRACKET) {
        const r = bracket(p, pi, s.charCodeAt(si));
        if (r >= 0) {
          si++;
          pi = r;
          continue;
        }
      } else if (pc === s.charCodeAt(si)) {
        si++;
        pi++;
        continue;
      }
    }
    // mismatch: let the last * take one more byte, or fail
    if (starP < 0) return false;
    si = ++starS;
    pi = starP;
  }
  while (pi < m && p.charCodeAt(pi) === STAR) pi++;
  charge(1 + steps / 8);
  return pi === m;
}

/** string.glob_match(s, pattern) */
export function glob_match(s: unknown, pattern: unknown): boolean {
  const nargs = arguments.length;
  const str = typeof s === "string" ? s : argString(s, 1, "glob_match", nargs);
  const pat = typeof pattern === "string" ? pattern : argString(pattern, 2, "glob_match", nargs);
  return globMatchBytes(str, pat);
}

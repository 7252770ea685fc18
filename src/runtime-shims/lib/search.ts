// Substring tests for string.contains / startswith / endswith (predicates call them per
// event, on short strings, where the cost of V8's general String.prototype.indexOf (a call
// out to C++ and a searcher set up per call) dominates).
//
// contains uses a rare-byte prefilter, as Rust's memchr::memmem does: find the needle's
// rarest byte (by a static ranking of how common bytes are in text, paths and identifiers)
// with the one-character indexOf (a plain memchr), and compare the whole needle only where
// it occurs. A haystack full of that byte falls back to indexOf after a few candidates, so
// the work stays O(len(s) * len(p)) at worst, like indexOf's.

/** Rank of each byte: lower is rarer in typical text. */
const RANK = new Uint8Array(256);
(() => {
  RANK.fill(1); // control characters, bytes >= 0x80, rare punctuation
  const set = (chars: string, r: number) => {
    for (let i = 0; i < chars.length; i++) RANK[chars.charCodeAt(i)] = r;
  };
  set("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 3);
  set("jkqvwxyzbfgmp", 3);
  set("0123456789", 4);
  set("cdhlsu", 5);
  set("aeinort", 6);
  set("-_.,:;'\"()=", 5);
  set(" /\t\n", 7);
})();

/** Needles up to this length take the prefilter; longer ones go to indexOf (Boyer-Moore in V8). */
const SHORT = 16;

// The rarest-byte position of recent needles, one per needle length: a predicate calls
// contains with the same few constant needles per event, and finding the rarest byte cost
// as much as the search (constant strings are internalized: the hit test is one compare).
const lastNeedle: string[] = new Array(SHORT + 1).fill("");
const lastRarest = new Int32Array(SHORT + 1);

export function containsBytes(s: string, p: string): boolean {
  const m = p.length;
  if (m < 2 || m > SHORT) return s.indexOf(p) >= 0;
  let r: number;
  if (lastNeedle[m] === p) r = lastRarest[m];
  else {
    r = rarest(p, m);
    lastNeedle[m] = p;
    lastRarest[m] = r;
  }
  const c = p[r];
  for (let i = s.indexOf(c, r), tries = 0; i >= 0; i = s.indexOf(c, i + 1)) {
    if (s.startsWith(p, i - r)) return true;
    if (++tries === 8) return s.indexOf(p, i - r + 1) >= 0;
  }
  return false;
}

/** Index of p's rarest byte (the first of equally rare ones). */
function rarest(p: string, m: number): number {
  let r = 0;
  let best = RANK[p.charCodeAt(0)];
  for (let j = 1; j < m; j++) {
    const x = RANK[p.charCodeAt(j)];
    if (x < best) {
      best = x;
      r = j;
    }
  }
  return r;
}

export function startsWithBytes(s: string, p: string): boolean {
  const m = p.length;
  if (m > SHORT) return s.startsWith(p);
  if (m > s.length) return false;
  for (let j = 0; j < m; j++) if (s.charCodeAt(j) !== p.charCodeAt(j)) return false;
  return true;
}

export function endsWithBytes(s: string, p: string): boolean {
  const m = p.length;
  if (m > SHORT) return s.endsWith(p);
  const d = s.length - m;
  if (d < 0) return false;
  for (let j = 0; j < m; j++) if (s.charCodeAt(d + j) !== p.charCodeAt(j)) return false;
  return true;
}

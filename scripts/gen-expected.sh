#!/usr/bin/env bash
# Regenerate expected outputs (NAME.out) for the Lua differential test corpus.
#
# Usage: scripts/gen-expected.sh [FILE.lua ...]   (default: every test/lua/*/*.lua)
#
# Each program runs with its own directory as cwd; stdout becomes NAME.out.
# Markers (must appear in the first 5 lines of the file):
#   -- expect: luajit            expected output comes from luajit (e.g. goto)
#   -- luajit-differs: <reason>  luajit output is known to differ from lua5.1
# Otherwise lua5.1 produces the .out and luajit must produce the same output.
# Exits non-zero if any program fails or an undocumented luajit difference exists.
#
# test/lua/traceback/ holds programs that end in an uncaught error: for those the script
# writes NAME.err, lua5.1's stderr (message + traceback) normalised to what Moonbox prints:
# no "lua5.1: " prefix, no level-0 "[C]" line (the library function raising the error, e.g.
# error) and no final "[C]: ?" (the host). No luajit cross-check: its tracebacks differ.
set -u
root="$(cd "$(dirname "$0")/.." && pwd)"
if [ $# -gt 0 ]; then files=("$@"); else files=("$root"/test/lua/*/*.lua); fi

total=${#files[@]}; n=0; failed=0; differs=0; documented=0
for f in "${files[@]}"; do
  n=$((n + 1))
  dir="$(cd "$(dirname "$f")" && pwd)"; name="$(basename "$f" .lua)"
  head5="$(head -n 5 "$f")"
  interp=lua5.1
  grep -q -- '-- expect: luajit' <<<"$head5" && interp=luajit
  printf '\r[%d/%d] %-60s' "$n" "$total" "$name" >&2
  if [ "$(basename "$dir")" = traceback ]; then
    if (cd "$dir" && lua5.1 "$name.lua" >/dev/null 2>"$name.err.raw"); then
      printf '\nWARNING: %s exited zero (a traceback program must fail)\n' "$f" >&2
      failed=$((failed + 1))
    fi
    awk 'NR == 1 { sub(/^lua5\.1: /, "") }
         prev == "stack traceback:" && /^\t\[C\]: / { prev = ""; next }
         { if (NR > 1) print held; held = $0; prev = $0 }
         END { if (held != "\t[C]: ?") print held }' "$dir/$name.err.raw" >"$dir/$name.err"
    rm -f "$dir/$name.err.raw"
    continue
  fi
  if ! (cd "$dir" && "$interp" "$name.lua" >"$name.out" 2>/dev/null); then
    printf '\nWARNING: %s exited non-zero under %s\n' "$f" "$interp" >&2
    failed=$((failed + 1))
  fi
  if [ "$interp" = lua5.1 ]; then
    jit_out="$(cd "$dir" && luajit "$name.lua" 2>/dev/null; echo x)"
    if [ "$jit_out" != "$(cat "$dir/$name.out"; echo x)" ]; then
      if grep -q -- '-- luajit-differs:' <<<"$head5"; then
        documented=$((documented + 1))
      else
        printf '\nluajit differs: %s\n' "$f" >&2
        differs=$((differs + 1))
      fi
    fi
  fi
done
printf '\n%d programs, %d failed, %d undocumented luajit differences, %d documented\n' \
  "$total" "$failed" "$differs" "$documented" >&2
[ "$failed" -eq 0 ] && [ "$differs" -eq 0 ]

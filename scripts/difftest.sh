#!/usr/bin/env bash
# Show how Moonbox's output differs from the expected output for some test programs.
# usage: scripts/difftest.sh test/lua/core/NAME.lua...
root=$(cd "$(dirname "$0")/.." && pwd)
for f in "$@"; do
  dir=$(dirname "$f"); base=$(basename "$f")
  echo "=== $f"
  (cd "$dir" && "$root/bin/moonbox.js" run --timeout 10s "$base" 2>&1 | diff "${base%.lua}.out" - | head -${LINES_PER:-12})
done

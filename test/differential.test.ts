// Differential suite: every test/lua/<suite>/NAME.lua is run by Moonbox and its stdout must
// equal NAME.out, which scripts/gen-expected.sh produced with the real interpreter
// (lua5.1, or luajit for files marked `-- expect: luajit`).
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { Engine } from "../src/engine.js";

const root = join(__dirname, "lua");
const suites = existsSync(root) ? readdirSync(root).filter((d) => !d.includes(".")) : [];
// suite/file.lua -> reason: programs expected to differ (documented differences)
const known = new Map(
  readFileSync(join(root, "known-differences.txt"), "utf8")
    .split("\n")
    .filter((l) => l.trim() && !l.startsWith("#"))
    .map((l) => [l.slice(0, l.indexOf(":")), l.slice(l.indexOf(":") + 1).trim()] as [string, string]),
);

let engine: Engine;
beforeAll(async () => {
  engine = await Engine.create({ poolSize: 1, timeoutMs: 10_000, memoryLimitMb: 256 });
});
afterAll(() => engine?.dispose());

for (const suite of suites) {
  const dir = join(root, suite);
  const files = readdirSync(dir).filter((f) => f.endsWith(".lua") && existsSync(join(dir, f.replace(/\.lua$/, ".out"))));
  if (files.length === 0) continue;
  describe(suite, () => {
    it.each(files)("%s", async (file) => {
      const src = readFileSync(join(dir, file));
      const expected = readFileSync(join(dir, file.replace(/\.lua$/, ".out")), "latin1");
      const r = await engine.run(src, { chunkName: file });
      // a program that errors at top level prints what it printed; the error is part of the diff
      const got = r.stdout + (r.error ? `\n<<error: ${r.error.message}>>\n` : "");
      const reason = known.get(`${suite}/${file}`);
      if (reason === undefined) expect(got).toBe(expected);
      else expect(got, `listed in known-differences.txt (${reason}) but now matches: remove the line`).not.toBe(expected);
    });
  });
}

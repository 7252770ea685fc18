// Tracebacks compared with lua5.1's: every test/lua/traceback/NAME.lua ends in an uncaught
// error, and `moonbox run NAME.lua` must print on stderr exactly NAME.err, which
// scripts/gen-expected.sh made from lua5.1's stderr (prefix and the level-0 / host "[C]"
// lines removed: Moonbox does not print them). Programs listed in
// test/lua/known-differences.txt are expected to differ.
import { describe, it, expect } from "vitest";
import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const dir = join(__dirname, "..", "lua", "traceback");
const bin = join(__dirname, "..", "..", "bin", "moonbox.js");
const known = new Map(
  readFileSync(join(__dirname, "..", "lua", "known-differences.txt"), "utf8")
    .split("\n")
    .filter((l) => l.startsWith("traceback/"))
    .map((l) => [l.slice("traceback/".length, l.indexOf(":")), l.slice(l.indexOf(":") + 1).trim()] as [string, string]),
);
const files = readdirSync(dir).filter((f) => f.endsWith(".lua"));

describe("tracebacks match lua5.1's", () => {
  it("has programs", () => expect(files.length).toBeGreaterThan(10));
  // one CLI process per program, a few at a time
  it.concurrent.each(files)("%s", async (file) => {
    const expected = readFileSync(join(dir, file.replace(/\.lua$/, ".err")), "latin1");
    const r = await new Promise<{ status: number | null; stderr: string }>((resolve) =>
      execFile(process.execPath, [bin, "run", "--timeout", "10s", file], { cwd: dir, encoding: "latin1" }, (err, _stdout, stderr) =>
        resolve({ status: err ? ((err as { code?: number }).code ?? null) : 0, stderr }),
      ),
    );
    expect(r.status).toBe(12); // script_runtime_error
    const got = r.stderr.replace(/^moonbox: /, "");
    const reason = known.get(file);
    if (reason === undefined) expect(got).toBe(expected);
    else expect(got, `listed in known-differences.txt (${reason}) but now matches: remove the line`).not.toBe(expected);
  }, 20_000);
});

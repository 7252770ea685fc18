// The CLI as a user runs it: bin/moonbox.js (needs dist/, built by `npm test`).
import { describe, it, expect } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const bin = join(__dirname, "..", "bin", "moonbox.js");
const dir = mkdtempSync(join(tmpdir(), "moonbox-cli-"));
function lua(name: string, src: string | Buffer): string {
  const f = join(dir, name);
  writeFileSync(f, src);
  return f;
}
function moonbox(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: "latin1" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("moonbox run", () => {
  it("prints what print printed and exits 0", () => {
    lua("hello.lua", 'print("hello", 1 + 1)');
    expect(moonbox("run", "hello.lua")).toEqual({ code: 0, stdout: "hello\t2\n", stderr: "" });
  });
  it("passes extra arguments as ...", () => {
    lua("args.lua", "print(...)");
    expect(moonbox("run", "args.lua", "a", "b").stdout).toBe("a\tb\n");
  });
  it("reports a runtime error on stderr with FILE:LINE and a traceback, distinct exit code", () => {
    lua("boom.lua", "local t = nil\nprint(t.x)\n");
    const r = moonbox("run", "boom.lua");
    expect(r.code).toBe(12);
    expect(r.stderr).toMatch(/^moonbox: boom\.lua:2: attempt to index local 't' \(a nil value\)\nstack traceback:\n\tboom\.lua:2: in main chunk/);
  });
  it("exits 13 on timeout and 11 on syntax errors", () => {
    lua("loop.lua", "while true do end");
    expect(moonbox("run", "--timeout", "100ms", "loop.lua").code).toBe(13);
    lua("syntax.lua", "x = = 1");
    expect(moonbox("run", "syntax.lua").code).toBe(11);
  });
  it("--instruction-limit stops a loop", () => {
    lua("count.lua", "local i = 0 while true do i = i + 1 end");
    const r = moonbox("run", "--instruction-limit", "1000", "--json", "count.lua");
    expect(JSON.parse(r.stdout.trim().split("\n").pop()!).error.type).toBe("script_timeout");
  });
  it("--json prints the documented object on the last line", () => {
    lua("json.lua", 'print("out")\nreturn nil, true, 1.5, 1/0, 0/0, "text", "\\255\\0", {}');
    const r = moonbox("run", "--json", "json.lua");
    const last = JSON.parse(r.stdout.trim().split("\n").pop()!);
    expect(last.ok).toBe(true);
    expect(last.stdout).toBe("out\n");
    expect(last.values.slice(0, 7)).toEqual([null, true, 1.5, "inf", "nan", "text", { base64: Buffer.from([255, 0]).toString("base64") }]);
    expect(last.values[7]).toMatchObject({ type: "table" });
    expect(last.values[7].tostring).toMatch(/^table: 0x/);
    expect(last.error).toBeNull();
    expect(typeof last.duration_ms).toBe("number");
    expect(typeof last.heap_bytes).toBe("number");
  });
  it("--json carries the error type, message and line", () => {
    lua("jerr.lua", "\n\nerror('bad')");
    const last = JSON.parse(moonbox("run", "--json", "jerr.lua").stdout.trim());
    expect(last).toMatchObject({ ok: false, error: { type: "script_runtime_error", message: "jerr.lua:3: bad", line: 3 } });
  });
});

describe("moonbox check / compile", () => {
  it("check reports FILE:LINE:COL: message", () => {
    lua("c.lua", "local a = 1\nif a then\n");
    const r = moonbox("check", "c.lua");
    expect(r.code).toBe(11);
    expect(r.stderr).toMatch(/^c\.lua:3:1: /);
    lua("ok.lua", "return 1");
    expect(moonbox("check", "ok.lua")).toMatchObject({ code: 0, stdout: "ok.lua: ok\n" });
  });
  it("compile prints JavaScript, --map a source map back to the Lua file", () => {
    lua("m.lua", "local x = 1\nreturn x + 1");
    expect(moonbox("compile", "m.lua").stdout).toContain("$moonbox.define(");
    const map = JSON.parse(moonbox("compile", "--map", "m.lua").stdout);
    expect(map.version).toBe(3);
    expect(map.sources).toEqual(["m.lua"]);
  });
  it("usage errors exit 1 with help", () => {
    const r = moonbox("frobnicate", "x.lua");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/unknown command/);
  });
});

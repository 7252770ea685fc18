// `moonbox eval` (src/predicate/cli.ts), called in-process with stdout/stderr captured.
import { describe, it, expect, beforeAll, afterAll, vi } from "vitest";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { evalCommand } from "../../src/predicate/cli.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "moonbox-eval-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const o = vi.spyOn(process.stdout, "write").mockImplementation((s: any) => ((stdout += String(s)), true));
  const e = vi.spyOn(process.stderr, "write").mockImplementation((s: any) => ((stderr += String(s)), true));
  try {
    const code = await evalCommand([...args, "--isolation", "inline", "--pool-size", "2"]);
    return { code, stdout, stderr };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const EXAMPLES = join(__dirname, "../../examples/predicates");

describe("moonbox eval", () => {
  it("prints matches and alerts for the examples", async () => {
    const r = await run([EXAMPLES, "--events", join(EXAMPLES, "events.ndjson")]);
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")).toEqual([
      "match event 0: suspicious_exec",
      "match event 2: root_shell",
      "match event 3: suspicious_exec",
      "match event 4: evil_names",
      "alert event 4: [evil-name] suspicious process name Mimikatz.exe (pid 666) (rule evil_names)",
      "match event 5: root_shell",
      "match event 6: evil_names",
      "alert event 6: [evil-name] suspicious process name /srv/evil/sh (pid 3) (rule evil_names)",
      "match event 7: root_shell",
      "alert event 7: [root-shell-burst] 3 root shells so far (rule root_shell)",
      "",
    ]);
    expect(r.stderr).toMatch(/^moonbox eval: 8 events x 3 rules: 7 matches, 3 alerts, 0 errors in [\d.]+ s \([\d.]+k? evals\/s, [\d.]+ ns\/eval\)\n$/m);
  });

  it("--json prints the documented object on the last line", async () => {
    const r = await run([join(EXAMPLES, "suspicious_exec.lua"), join(EXAMPLES, "evil_names.lua"), "--events", join(EXAMPLES, "events.ndjson"), "--json"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n");
    const o = JSON.parse(lines[lines.length - 1]);
    expect(Object.keys(o)).toEqual(["events", "rules", "alerts", "duration_ms", "ns_per_eval"]);
    expect(o.events).toBe(8);
    expect(o.rules).toEqual({ suspicious_exec: { matches: 2, errors: 0 }, evil_names: { matches: 2, errors: 0 } });
    expect(o.alerts).toEqual([
      { rule_id: "evil-name", message: "suspicious process name Mimikatz.exe (pid 666)", event_index: 4, source_rule: "evil_names" },
      { rule_id: "evil-name", message: "suspicious process name /srv/evil/sh (pid 3)", event_index: 6, source_rule: "evil_names" },
    ]);
    expect(typeof o.duration_ms).toBe("number");
    expect(typeof o.ns_per_eval).toBe("number");
  });

  it("field types from JSON: strings, integers (i64), booleans, other numbers (f64), base64 bytes", async () => {
    const rule = file(
      "types.lua",
      "return function(e) return e:get_str(1) == 'a\\195\\169' and e:get_i64(2) == 42 and e:get_bool(3) == true and e:get_f64(4) == 1.5 and e:get_bytes(5) == '\\0\\1' and not e:has_field(6) and e.type == 9 and e.entity_key == 7 end",
    );
    const events = file("types.ndjson", JSON.stringify({ event_type: 9, entity_key: 7, fields: { "1": "aé", "2": 42, "3": true, "4": 1.5, "5": { base64: "AAE=" }, "6": null } }) + "\n\n");
    const r = await run([rule, "--events", events, "--json"]);
    expect(JSON.parse(r.stdout.trim()).rules.types).toEqual({ matches: 1, errors: 0 });
  });

  it("evaluation errors are reported per rule and event, and counted", async () => {
    const rule = file("boom.lua", "return function(e) if e:get_i64(2) == 2 then error('two') end return true end");
    const events = file("nums.ndjson", [1, 2, 3].map((n) => JSON.stringify({ fields: { "2": n } })).join("\n"));
    const r = await run([rule, "--events", events]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("match event 0: boom\nmatch event 2: boom\n");
    expect(r.stderr).toMatch(/error: rule boom, event 1: .*boom\.lua:1: two|error: rule boom, event 1: boom:1: two/);
    const j = await run([rule, "--events", events, "--json"]);
    expect(JSON.parse(j.stdout.trim()).rules.boom).toEqual({ matches: 2, errors: 1, first_errors: [{ event_index: 1, type: "script_runtime_error", message: "boom:1: two" }] });
  });

  it("a large file in several batches keeps event indices straight (--batch-size)", async () => {
    const rule = file("mod7.lua", "return function(e) return e:get_i64(2) % 7 == 0 end");
    const lines: string[] = [];
    for (let i = 0; i < 2500; i++) lines.push(JSON.stringify({ fields: { "2": i } }));
    const events = file("many.ndjson", lines.join("\n") + "\n");
    const r = await run([rule, "--events", events, "--batch-size", "300", "--quiet"]);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/2500 events x 1 rules: 358 matches/);
    const full = await run([rule, "--events", events, "--batch-size", "300"]);
    const idx = full.stdout.trim().split("\n").map((l) => Number(/event (\d+)/.exec(l)![1]));
    expect(idx.length).toBe(358);
    expect(idx.every((n, i) => n === i * 7)).toBe(true);
  });

  it("--progress draws a progress bar on stderr", async () => {
    const rule = file("t.lua", "return function(e) return true end");
    const events = file("p.ndjson", Array.from({ length: 50 }, () => "{}").join("\n"));
    const r = await run([rule, "--events", events, "--progress", "--quiet"]);
    expect(r.stderr).toMatch(/\[#+\] 100% 50 events/);
  });

  it("usage and input errors", async () => {
    expect((await run([])).code).toBe(1);
    expect((await run(["x.lua"])).stderr).toMatch(/missing --events/);
    const rule = file("ok.lua", "return function(e) return true end");
    expect((await run([rule, "--events", join(dir, "nope.ndjson")])).code).toBe(1);
    const bad = file("bad.ndjson", '{"fields": {"1": "ok"}}\nnot json\n');
    const r = await run([rule, "--events", bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad\.ndjson:2: invalid JSON/);
    const badField = file("badfield.ndjson", '{"fields": {"x": 1}}\n');
    expect((await run([rule, "--events", badField])).stderr).toMatch(/badfield\.ndjson:1: field id 'x' is not an integer/);
    expect((await run([rule, "--events", bad, "--batch-size", "0"])).stderr).toMatch(/--batch-size: expected a positive integer/);
  });

  it("a rule that does not load: its error and the error type's exit code", async () => {
    const syntax = file("syntax.lua", "return function(e) return e == end");
    const events = file("one.ndjson", "{}\n");
    const r = await run([syntax, "--events", events]);
    expect(r.code).toBe(11);
    expect(r.stderr).toMatch(/syntax\.lua: syntax:1:/);
    const notFn = file("notfn.lua", "return 1");
    const r2 = await run([notFn, "--events", events]);
    expect(r2.code).toBe(18);
    expect(r2.stderr).toMatch(/must return the predicate function/);
  });
});

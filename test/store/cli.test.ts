// `moonbox publish` (publishCommand) against the real broker.
import { describe, it, expect, afterAll, vi } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { publishCommand, ScriptSync } from "../../src/store/index.js";
import { sharedBroker, uniq } from "./env.js";

const broker = await sharedBroker();
const dir = mkdtempSync(join(tmpdir(), "moonbox-publish-"));
const file = (name: string, text: string | Buffer) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const o = vi.spyOn(process.stdout, "write").mockImplementation((s: any) => ((stdout += String(s)), true));
  const e = vi.spyOn(process.stderr, "write").mockImplementation((s: any) => ((stderr += String(s)), true));
  try {
    const code = await publishCommand(argv);
    return { code, stdout, stderr };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe("moonbox publish (no broker needed)", () => {
  it("usage errors exit 1", async () => {
    expect((await run([file("a.lua", "return 1")])).code).toBe(1); // no --id
    expect((await run(["--id", "x"])).code).toBe(1); // no file
    expect((await run(["--id", "x", "--bogus", file("b.lua", "return 1")])).code).toBe(1);
    const h = await run(["--help"]);
    expect(h.code).toBe(0);
    expect(h.stdout).toMatch(/usage: moonbox publish/);
  });

  it("--check validates without publishing; a syntax error exits 11 with the line", async () => {
    const ok = await run(["--check", "--id", "x", file("ok.lua", "return 1")]);
    expect(ok.code).toBe(0);
    const bad = await run(["--id", "x", "--json", "--brokers", "127.0.0.1:1", file("bad.lua", "local a = 1\nreturn (")]);
    expect(bad.code).toBe(11);
    const j = JSON.parse(bad.stdout.trim().split("\n").at(-1)!);
    expect(j).toMatchObject({ ok: false, error: { type: "script_syntax_error", line: 2 } });
    expect(bad.stderr).toMatch(/not published/);
  });

  it("an unreachable broker exits 1 within the timeout", async () => {
    const t0 = Date.now();
    const r = await run(["--id", "x", "--brokers", "127.0.0.1:1", "--timeout", "3s", "--no-redis", file("c.lua", "return 1")]);
    expect(r.code).toBe(1);
    expect(Date.now() - t0).toBeLessThan(10_000);
  }, 20_000);
});

describe.skipIf(!!broker.missing)("moonbox publish (real broker)", () => {
  const topic = uniq("t-cli");
  const workers: ScriptSync[] = [];
  afterAll(async () => {
    for (const w of workers) await w.stop();
    const { Kafka, logLevel } = await import("kafkajs");
    const admin = new Kafka({ brokers: [broker.bootstrap], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it("publishes and deletes; a worker sees it", async () => {
    const p = file("rule.lua", "return function(event) return true end");
    const r = await run(["--id", "rule-1", "--brokers", broker.bootstrap, "--topic", topic, "--no-redis", "--json", p]);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout.trim().split("\n").at(-1)!);
    expect(j).toMatchObject({ ok: true, id: "rule-1", version: 0, partition: 0, topic });
    const text = await run(["--id", "rule-1", "--brokers", broker.bootstrap, "--topic", topic, "--no-redis", p]);
    expect(text.stdout).toMatch(/^published rule-1 version 1 hash [0-9a-f]{64} \(topic .*, partition 0\)/);
    const w = new ScriptSync({ brokers: [broker.bootstrap], topic, redis: false, logger: false });
    workers.push(w);
    await w.start();
    expect(w.getById("rule-1")).toMatchObject({ version: 1, hash: j.hash });
    const d = await run(["--delete", "--id", "rule-1", "--brokers", broker.bootstrap, "--topic", topic, "--json"]);
    expect(d.code).toBe(0);
    expect(JSON.parse(d.stdout.trim())).toMatchObject({ ok: true, deleted: true, version: 2 });
    expect(await w.waitFor("rule-1", -1)).toBe(true);
  }, 30_000);
});

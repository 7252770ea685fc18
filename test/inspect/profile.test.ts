// CPU profiles in Lua terms: the function that burns the CPU is the top self-time frame, named
// and placed as in the Lua file; runtime-shim frames are grouped; the file is a valid
// .cpuprofile; `moonbox profile` writes one for a script and for `eval` over events.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Engine } from "../../src/engine.js";
import { selfTimes, mergeCpuProfiles, RUNTIME_FRAME, type CpuProfile } from "../../src/inspect/profile.js";
import { TSX_IMPORT, BURN_LUA, expectValidProfile } from "./helpers.js";
import { PROFILED_RUNS_PER_ISOLATE } from "../../src/isolate/host.js";
import type { InlinePool } from "../../src/isolate/pool.js";

let engine: Engine;
beforeAll(async () => {
  engine = await Engine.create({ isolation: "inline", poolSize: 1, timeoutMs: 60_000 });
});
afterAll(() => engine?.dispose());

describe("Lua CPU profiles", () => {
  it("the top self-time frame is the Lua function that burns the CPU, at its Lua line", async () => {
    const r = await engine.run(BURN_LUA, { chunkName: "burn.lua", cpuProfile: true });
    expect(r.ok).toBe(true);
    const p = r.cpuProfile!;
    expectValidProfile(p);
    const top = selfTimes(p);
    expect(top[0].frame).toMatchObject({ functionName: "burn", url: "burn.lua", lineNumber: 4 }); // line 5, 0-based
    expect(top[0].samples / p.samples.length).toBeGreaterThan(0.5);
    // Lua names and positions everywhere; no generated names or script ids left
    const names = p.nodes.map((n) => n.callFrame.functionName);
    expect(names).toContain("main chunk");
    expect(names.some((n) => /\$/.test(n))).toBe(false);
    expect(p.nodes.some((n) => n.callFrame.url.startsWith("lua/") || n.callFrame.url === "moonbox-runtime.js")).toBe(false);
    const main = p.nodes.find((n) => n.callFrame.functionName === "main chunk")!;
    expect(main.callFrame).toMatchObject({ url: "burn.lua", lineNumber: 0 });
    // runtime-shim frames are grouped: a runtime frame never has a runtime frame as parent
    const parent = new Map<number, number>();
    for (const n of p.nodes) for (const c of n.children) parent.set(c, n.id);
    const byId = new Map(p.nodes.map((n) => [n.id, n]));
    for (const n of p.nodes) {
      if (n.callFrame.functionName !== RUNTIME_FRAME) continue;
      expect(byId.get(parent.get(n.id)!)!.callFrame.functionName).not.toBe(RUNTIME_FRAME);
    }
  });

  it("fold charges runtime time to the calling Lua function; keep leaves the runtime frames", async () => {
    const folded = await Engine.create({ isolation: "inline", poolSize: 1, timeoutMs: 60_000, profileRuntimeFrames: "fold" });
    const kept = await Engine.create({ isolation: "inline", poolSize: 1, timeoutMs: 60_000, profileRuntimeFrames: "keep" });
    try {
      const lua = `local t = {}\nlocal function fill(n)\n  for i = 1, n do t[#t + 1] = tostring(i) end\nend\nfill(200000)\nreturn #t\n`;
      const f = (await folded.run(lua, { chunkName: "fill.lua", cpuProfile: true })).cpuProfile!;
      expectValidProfile(f);
      // under fold, only the entry (the run function calling the main chunk) stays a runtime frame
      const runtimeUnderLua = f.nodes.filter((n) => n.callFrame.functionName === RUNTIME_FRAME && n.children.length === 0 && n.hitCount > 0);
      expect(runtimeUnderLua).toHaveLength(0);
      expect(selfTimes(f).find((s) => s.frame.functionName === "fill")).toBeDefined();
      const k = (await kept.run(lua, { chunkName: "fill.lua", cpuProfile: true })).cpuProfile!;
      expectValidProfile(k);
      expect(k.nodes.some((n) => n.callFrame.url === "moonbox-runtime.js")).toBe(true);
    } finally {
      await folded.dispose();
      await kept.dispose();
    }
  });

  it("works with process isolation (profiles cross the IPC boundary)", async () => {
    const e = await Engine.create({ isolation: "process", poolSize: 1, timeoutMs: 60_000 });
    try {
      const r = await e.run(BURN_LUA, { chunkName: "burn.lua", cpuProfile: true });
      expectValidProfile(r.cpuProfile!);
      expect(selfTimes(r.cpuProfile!)[0].frame).toMatchObject({ functionName: "burn", lineNumber: 4 });
    } finally {
      await e.dispose();
    }
  });

  it("sampled profiling: profileSampleRate and onProfile; merged profiles stay valid", async () => {
    const got: CpuProfile[] = [];
    const e = await Engine.create({ isolation: "inline", poolSize: 1, profileSampleRate: 1, onProfile: (p) => got.push(p) });
    try {
      for (let i = 0; i < 3; i++) await e.run(`local s = 0 for i = 1, 100000 do s = s + i end return s`, { chunkName: "s.lua" });
      expect(got).toHaveLength(3);
      const m = mergeCpuProfiles(got);
      expectValidProfile(m);
      expect(m.samples.length).toBe(got.reduce((a, p) => a + p.samples.length, 0));
    } finally {
      await e.dispose();
    }
    const off = await Engine.create({ isolation: "inline", poolSize: 1 });
    try {
      expect((await off.run("return 1")).cpuProfile).toBeUndefined();
    } finally {
      await off.dispose();
    }
  });
});

describe("profiling cost stays bounded", () => {
  it("the inline pool replaces an isolate after PROFILED_RUNS_PER_ISOLATE profiled runs (isolated-vm leaks a V8 profiler per run)", async () => {
    const e = await Engine.create({ isolation: "inline", poolSize: 1 });
    try {
      const pool = e.pool as InlinePool;
      await e.run("return 1");
      const first = pool.startedHosts()[0];
      for (let i = 0; i < PROFILED_RUNS_PER_ISOLATE; i++) expect((await e.run("return 2", { cpuProfile: true })).ok).toBe(true);
      expect(first.disposed).toBe(true);
      const r = await e.run("return 3", { cpuProfile: true });
      expect(r.values).toEqual([{ t: "number", v: 3 }]);
      expect(pool.startedHosts()[0]).not.toBe(first);
      expect(pool.startedHosts()[0].profiledRuns).toBe(1);
      expect(pool.restarts).toBe(0); // a planned replacement, not a failure
    } finally {
      await e.dispose();
    }
  });

  it("so does a process-pool child: the chunk is sent again to the fresh isolate", async () => {
    const e = await Engine.create({ isolation: "process", poolSize: 1 });
    try {
      const chunk = e.compile("return 2 + 2", "four.lua");
      for (let i = 0; i < PROFILED_RUNS_PER_ISOLATE + 2; i++) {
        const r = await e.run(chunk, { cpuProfile: true });
        expect(r.values).toEqual([{ t: "number", v: 4 }]);
        expect(r.cpuProfile?.nodes.length).toBeGreaterThan(0);
      }
      expect((await e.run(chunk)).values).toEqual([{ t: "number", v: 4 }]);
      expect(e.pool.restarts).toBe(0);
    } finally {
      await e.dispose();
    }
  });
});

describe("moonbox profile", () => {
  const cli = join(__dirname, "fixtures", "cli-main.ts");
  const run = (args: string[], cwd: string) => spawnSync(process.execPath, ["--no-node-snapshot", "--import", TSX_IMPORT, cli, "profile", ...args], { cwd, encoding: "utf8", timeout: 60_000 });

  it("writes a .cpuprofile for a script and prints the top frames", () => {
    const dir = mkdtempSync(join(tmpdir(), "moonbox-profile-"));
    writeFileSync(join(dir, "burn.lua"), BURN_LUA);
    const r = run(["burn.lua", "--out", "out.cpuprofile", "--top", "3"], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/wrote out\.cpuprofile/);
    expect(r.stderr).toMatch(/burn \(burn\.lua:5\)/);
    const p = JSON.parse(readFileSync(join(dir, "out.cpuprofile"), "utf8")) as CpuProfile;
    expectValidProfile(p);
    expect(selfTimes(p)[0].frame.functionName).toBe("burn");
  });

  it("profiles `eval` over an events file: rule functions on their Lua lines", () => {
    const dir = mkdtempSync(join(tmpdir(), "moonbox-profile-eval-"));
    writeFileSync(
      join(dir, "slow_rule.lua"),
      `local function score(path)\n  local s = 0\n  for i = 1, 2000 do s = (s * 31 + #path + i) % 1000003 end\n  return s\nend\nreturn function(event)\n  return score(event:get(1) or "") == -1\nend\n`,
    );
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++) lines.push(JSON.stringify({ event_type: 1, fields: { "1": `/tmp/file${i}.sh` } }));
    writeFileSync(join(dir, "events.ndjson"), lines.join("\n") + "\n");
    const r = run(["eval", "slow_rule.lua", "--events", "events.ndjson", "--out", "eval.cpuprofile"], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/3000 events, 1 rules, 0 evaluation errors/);
    const p = JSON.parse(readFileSync(join(dir, "eval.cpuprofile"), "utf8")) as CpuProfile;
    expectValidProfile(p);
    const score = selfTimes(p).find((s) => s.frame.functionName === "score");
    expect(score?.frame).toMatchObject({ url: "slow_rule.lua", lineNumber: 0 });
    expect(selfTimes(p).filter((s) => s.frame.url !== "")[0].frame.functionName).toBe("score");
  });
});

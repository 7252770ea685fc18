// Chrome DevTools accepts Moonbox's .cpuprofile files: headless Chromium (Debian package
// `chromium`) opens its bundled DevTools frontend (devtools://devtools/bundled/...), and the
// profile goes through DevTools' own code: the CPU profile model, the trace engine the
// Performance panel uses for "Load profile", and the Performance panel itself (a screenshot
// is left in the temp directory). Skipped, loudly, when Chromium is missing and CI is not set;
// in CI a missing Chromium fails.
import { describe, it, expect, afterAll } from "vitest";
import { spawn, spawnSync, ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Engine } from "../../src/engine.js";
import { Cdp } from "./cdp.js";
import { BURN_LUA, expectValidProfile } from "./helpers.js";

function findChromium(): string | undefined {
  if (process.env.CHROMIUM) return process.env.CHROMIUM;
  for (const name of ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]) {
    const r = spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" });
    if (r.status === 0 && r.stdout.trim()) return r.stdout.trim();
  }
  return undefined;
}

const chromium = findChromium();
if (!chromium && !process.env.CI) {
  console.warn(
    "\n*** test/inspect/chromium.test.ts SKIPPED: no Chromium found. `apt-get install -y chromium` (Debian) or set CHROMIUM=/path/to/chrome to check that DevTools opens Moonbox profiles. ***\n",
  );
}

let browser: ChildProcess | undefined;
let profileDir: string | undefined;
afterAll(async () => {
  if (browser?.pid !== undefined && browser.exitCode === null) {
    const exited = new Promise((r) => browser!.once("exit", r));
    try {
      process.kill(-browser.pid, "SIGKILL"); // Chromium and its helper processes (its own process group)
    } catch {
      browser.kill("SIGKILL");
    }
    await exited;
  }
  try {
    if (profileDir) rmSync(profileDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  } catch (e) {
    console.warn(`could not remove ${profileDir}: ${(e as Error).message}`);
  }
});

describe.skipIf(!chromium && !process.env.CI)("Chrome DevTools opens a Moonbox .cpuprofile", () => {
  it("through DevTools' CPU profile model, the Performance panel's trace engine and the Performance panel", async () => {
    if (!chromium) throw new Error("Chromium is required in CI: install the Debian package `chromium`");
    const engine = await Engine.create({ isolation: "inline", poolSize: 1, timeoutMs: 60_000 });
    let profile;
    try {
      profile = (await engine.run(BURN_LUA, { chunkName: "burn.lua", cpuProfile: true })).cpuProfile!;
    } finally {
      await engine.dispose();
    }
    expectValidProfile(profile);
    const out = mkdtempSync(join(tmpdir(), "moonbox-devtools-"));
    writeFileSync(join(out, "burn.cpuprofile"), JSON.stringify(profile));

    profileDir = mkdtempSync(join(tmpdir(), "moonbox-chromium-"));
    browser = spawn(
      chromium,
      [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-default-apps",
        "--disable-sync",
        "--no-first-run",
        "--no-default-browser-check",
        `--user-data-dir=${profileDir}`,
        "--remote-debugging-address=127.0.0.1",
        "--remote-debugging-port=0",
        "about:blank",
      ],
      { stdio: ["ignore", "ignore", "pipe"], detached: true },
    );
    const port = await new Promise<number>((resolve, reject) => {
      let err = "";
      const t = setTimeout(() => reject(new Error(`Chromium did not start:\n${err}`)), 30_000);
      browser!.stderr!.on("data", (d) => {
        err += d;
        const m = err.match(/DevTools listening on ws:\/\/127\.0\.0\.1:(\d+)\//);
        if (m) {
          clearTimeout(t);
          resolve(Number(m[1]));
        }
      });
      browser!.on("exit", (c) => reject(new Error(`Chromium exited (${c}):\n${err}`)));
    });
    const targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
    const page = targets.find((t: any) => t.type === "page");
    const cdp = await Cdp.connect(page.webSocketDebuggerUrl);
    try {
      await cdp.send("Page.enable");
      await cdp.send("Runtime.enable");
      await cdp.send("Emulation.setDeviceMetricsOverride", { width: 1400, height: 900, deviceScaleFactor: 1, mobile: false });
      const loaded = cdp.event("Page.loadEventFired", () => true, 30_000);
      await cdp.send("Page.navigate", { url: "devtools://devtools/bundled/devtools_app.html" });
      await loaded;
      const evaluate = async (expression: string) => {
        const r = await cdp.send("Runtime.evaluate", { expression, awaitPromise: true, returnByValue: true });
        if (r.exceptionDetails) throw new Error(r.exceptionDetails.exception?.description ?? r.exceptionDetails.text);
        return r.result.value;
      };
      const json = JSON.stringify(JSON.stringify(profile));

      // 1. DevTools' CPU profile model (what the JavaScript profiler and VS Code-style tree views build on)
      const model = await evaluate(`(async () => {
        const m = await import('./models/cpu_profile/cpu_profile.js');
        const Model = m.CPUProfileDataModel.CPUProfileDataModel ?? m.CPUProfileDataModel;
        const data = new Model(JSON.parse(${json}));
        const nodes = [];
        const walk = (n) => { nodes.push({ name: n.functionName, url: n.url, line: n.lineNumber, self: n.self }); n.children.forEach(walk); };
        walk(data.profileHead);
        return { samples: data.samples.length, nodes };
      })()`);
      expect(model.samples).toBe(profile.samples.length);
      const burn = model.nodes.filter((n: any) => n.name === "burn");
      expect(burn.length).toBeGreaterThan(0);
      expect(burn[0]).toMatchObject({ url: "burn.lua", line: 4 });
      const topSelf = [...model.nodes].sort((a: any, b: any) => b.self - a.self)[0];
      expect(topSelf.name).toBe("burn");

      // 2. the Performance panel's loader: a .cpuprofile becomes a trace, parsed by the trace engine
      const trace = await evaluate(`(async () => {
        const T = await import('./models/trace/trace.js');
        const file = T.Helpers.SamplesIntegrator.SamplesIntegrator.createFakeTraceFromCpuProfile(JSON.parse(${json}), T.Types.Events.ThreadID(1));
        const model = T.TraceModel.Model.createWithAllHandlers();
        await model.parse(file.traceEvents, { metadata: { dataOrigin: 'CPUProfile' }, isCPUProfile: true, isFreshRecording: false });
        const parsed = model.parsedTrace(0);
        const samples = (parsed.data ?? parsed).Samples;
        const calls = [];
        for (const threads of samples.profilesInProcess.values()) for (const p of threads.values()) for (const c of p.profileCalls) calls.push(c.callFrame.functionName + '@' + c.callFrame.url + ':' + (c.callFrame.lineNumber + 1));
        return [...new Set(calls)];
      })()`);
      expect(trace).toContain("burn@burn.lua:5");
      expect(trace).toContain("main chunk@burn.lua:1");

      // 3. the Performance panel itself, as "Load profile" does
      await evaluate(`(async () => {
        const UI = await import('./ui/legacy/legacy.js');
        const Timeline = await import('./panels/timeline/timeline.js');
        await UI.ViewManager.ViewManager.instance().showView('timeline');
        const file = new File([${json}], 'burn.cpuprofile', { type: 'application/json' });
        await Timeline.TimelinePanel.TimelinePanel.instance().loadFromFile(file);
        return true;
      })()`);
      await new Promise((r) => setTimeout(r, 2000));
      const shot = await cdp.send("Page.captureScreenshot", { format: "png" });
      writeFileSync(join(out, "devtools-performance.png"), Buffer.from(shot.data, "base64"));
      console.log(`DevTools Performance panel with the profile: ${join(out, "devtools-performance.png")}`);
    } finally {
      await cdp.close();
    }
  });
});

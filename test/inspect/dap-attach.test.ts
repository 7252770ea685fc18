// A real Debug Adapter Protocol attach to `moonbox inspect`, through a real CDP debug adapter:
// vscode-chrome-debug-core (the core of VS Code's earlier Node/Chrome debugger, node-debug2),
// driven by vscode-debugadapter-testsupport's DebugClient as VS Code drives an adapter:
// initialize, attach {port}, setBreakpoints in the .lua file, configurationDone, stopped,
// stackTrace, scopes, variables. (VS Code's current debugger, js-debug, is not on the npm
// registry: vscode-attach.test.ts replays its CDP sequence instead.)
//
// Neither package is a dependency of Moonbox; .ci/run installs them (in CI the test fails
// without them), elsewhere it is skipped with a warning unless:
//   npm install --prefix /tmp/dap vscode-chrome-debug-core@6.8.11 vscode-debugadapter-testsupport@1.51.0
//   MOONBOX_DAP_MODULES=/tmp/dap/node_modules npx vitest run test/inspect/dap-attach.test.ts
import { describe, it, expect } from "vitest";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";

const modules = process.env.MOONBOX_DAP_MODULES;
const available = modules !== undefined && existsSync(join(modules, "vscode-chrome-debug-core")) && existsSync(join(modules, "vscode-debugadapter-testsupport"));
const bin = join(__dirname, "..", "..", "bin", "moonbox.js");

const LUA = `local total = 0
local function add(a, b)
  local sum = a + b
  return sum
end
for i = 1, 3 do
  total = add(total, i * 10)
end
print(total)
return total
`;

if (!available && !process.env.CI) {
  console.warn("SKIPPED test/inspect/dap-attach.test.ts: set MOONBOX_DAP_MODULES to a node_modules with vscode-chrome-debug-core and vscode-debugadapter-testsupport (see the header; .ci/run installs them)");
}

describe.skipIf(!available && !process.env.CI)("DAP attach through vscode-chrome-debug-core", () => {
  it("verifies a breakpoint on a Lua line, stops there, shows Lua frames and locals", async () => {
    if (!available) throw new Error("CI needs MOONBOX_DAP_MODULES (installed by .ci/run)");
    const dir = mkdtempSync(join(tmpdir(), "moonbox-dap-"));
    const lua = join(dir, "demo.lua");
    writeFileSync(lua, LUA);
    // the adapter, as node-debug2 builds one: ChromeDebugAdapter attached to a "node" target
    const adapter = join(dir, "adapter.js");
    writeFileSync(
      adapter,
      `const core = require(${JSON.stringify(join(modules!, "vscode-chrome-debug-core"))});
core.ChromeDebugSession.run(core.ChromeDebugSession.getSession({
  adapter: class extends core.ChromeDebugAdapter {},
  extensionName: "moonbox-dap-test",
  targetFilter: (t) => t.type === "node",
}));
`,
    );
    const { DebugClient } = createRequire(join(modules!, "x.js"))("vscode-debugadapter-testsupport");

    const port = 20000 + Math.floor(Math.random() * 20000);
    const mb = spawn(process.execPath, [bin, "inspect", "--port", String(port), "--timeout", "60s", lua], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    mb.stdout.on("data", (d) => (out += d));
    mb.stderr.on("data", (d) => (out += d));
    const exited = new Promise<number | null>((resolve) => mb.on("exit", resolve));
    const dc = new DebugClient(process.execPath, adapter, "node");
    dc.defaultTimeout = 20_000;
    try {
      for (let i = 0; i < 200 && !out.includes("Debugger listening"); i++) await new Promise((r) => setTimeout(r, 50));
      expect(out).toContain(`ws://127.0.0.1:${port}/`);

      await dc.start();
      await dc.initializeRequest({ adapterID: "moonbox", linesStartAt1: true, columnsStartAt1: true, pathFormat: "path" });
      // the adapter releases the waiting target while attaching: `moonbox inspect` stops on line 1
      const entry = dc.waitForEvent("stopped");
      await dc.attachRequest({ port, address: "127.0.0.1", sourceMaps: true });
      const bps = await dc.setBreakpointsRequest({ source: { path: lua }, breakpoints: [{ line: 4 }] });
      expect(bps.body.breakpoints).toMatchObject([{ verified: true, line: 4 }]);
      await dc.configurationDoneRequest();

      const first = await entry;
      const top = async (threadId: number) => (await dc.stackTraceRequest({ threadId })).body.stackFrames;
      expect((await top(first.body.threadId))[0]).toMatchObject({ source: { path: lua }, line: 1 });

      const hit = dc.waitForEvent("stopped");
      await dc.continueRequest({ threadId: first.body.threadId });
      const stop = await hit;
      expect(stop.body.reason).toBe("breakpoint");
      const frames = await top(stop.body.threadId);
      expect(frames[0]).toMatchObject({ source: { path: lua }, line: 4 });
      expect(frames[1]).toMatchObject({ source: { path: lua }, line: 7 });

      const scopes = await dc.scopesRequest({ frameId: frames[0].id });
      const vars = await dc.variablesRequest({ variablesReference: scopes.body.scopes[0].variablesReference });
      const values = Object.fromEntries(vars.body.variables.map((v: { name: string; value: string }) => [v.name, v.value]));
      expect(values).toMatchObject({ a: "0", b: "10", sum: "10" });

      await dc.continueRequest({ threadId: stop.body.threadId });
      for (let i = 0; i < 100 && !out.includes("script finished"); i++) await new Promise((r) => setTimeout(r, 50));
      await dc.disconnectRequest({});
      expect(await exited).toBe(0);
      expect(out).toMatch(/^60$/m); // the script ran to its end
    } finally {
      await dc.stop().catch(() => undefined);
      mb.kill();
    }
  }, 60_000);
});

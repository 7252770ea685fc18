// The inspector endpoint, driven over its WebSocket as DevTools would: discovery endpoints,
// pause before the first Lua line, a breakpoint on a Lua line, reading locals by Lua name.
import { describe, it, expect, afterEach } from "vitest";
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { request } from "node:http";
import { SourceMapConsumer } from "source-map-js";
import { Engine } from "../../src/engine.js";
import { compileDebug } from "../../src/inspect/chunk.js";
import { InspectorServer } from "../../src/inspect/server.js";
import { Cdp } from "./cdp.js";
import { TSX_IMPORT } from "./helpers.js";

const LUA = `local total = 0
local function add(a, b)
  local sum = a + b
  return sum
end
for i = 1, 3 do
  local x = i * 10
  local x = x + 1
  total = add(total, x)
end
print(total)
return total
`;

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

/** Lua name -> emitted name, from the map's names at identifier positions (as DevTools resolves them). */
function emittedNames(code: string, map: string): Map<string, Set<string>> {
  const lines = code.split("\n");
  const out = new Map<string, Set<string>>();
  new SourceMapConsumer(JSON.parse(map)).eachMapping((m) => {
    if (!m.name) return;
    const js = lines[m.generatedLine - 1].slice(m.generatedColumn).match(/^[A-Za-z_$][\w$]*/)?.[0];
    if (js === undefined) return;
    const s = out.get(m.name) ?? new Set();
    s.add(js);
    out.set(m.name, s);
  });
  return out;
}

describe("inspector endpoint", () => {
  it("serves /json/version and /json/list, pauses before the first Lua line, breaks on a Lua line and reads locals by Lua name", async () => {
    const engine = await Engine.create({ inspector: { port: 0 }, timeoutMs: 60_000 });
    cleanup.push(() => engine.dispose());
    const insp = engine.inspector!;
    expect(insp.host).toBe("127.0.0.1");

    const version = await (await fetch(`http://127.0.0.1:${insp.port}/json/version`)).json();
    expect(version).toMatchObject({ "Protocol-Version": "1.3", webSocketDebuggerUrl: insp.webSocketUrl });
    const list = await (await fetch(`http://127.0.0.1:${insp.port}/json/list`)).json();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ type: "node", id: insp.id, webSocketDebuggerUrl: insp.webSocketUrl });
    expect(list[0].devtoolsFrontendUrl).toMatch(/^devtools:\/\/devtools\/bundled\/js_app\.html\?.*ws=127\.0\.0\.1:\d+\//);
    expect(await (await fetch(`http://127.0.0.1:${insp.port}/json`)).json()).toEqual(list);

    // attach as DevTools does
    const cdp = await Cdp.connect(list[0].webSocketDebuggerUrl);
    cleanup.push(() => cdp.close());
    await cdp.send("Runtime.enable");
    await cdp.send("Debugger.enable");
    const waiting = insp.waitForDebugger(5000);
    await cdp.send("Runtime.runIfWaitingForDebugger");
    expect(await waiting).toBe(true);

    const chunk = compileDebug(LUA, "demo.lua", { pauseOnStart: true });
    const map = new SourceMapConsumer(JSON.parse(chunk.map));
    const toLua = (loc: { lineNumber: number; columnNumber: number }) =>
      map.originalPositionFor({ line: loc.lineNumber + 1, column: loc.columnNumber, bias: SourceMapConsumer.GREATEST_LOWER_BOUND });
    const run = engine.run(chunk);

    // the script arrives with its source map: DevTools shows demo.lua
    const parsed = await cdp.event("Debugger.scriptParsed", (p) => p.url === chunk.url);
    expect(parsed.sourceMapURL).toMatch(/^data:application\/json;charset=utf-8;base64,/);
    const inlineMap = JSON.parse(Buffer.from(parsed.sourceMapURL.slice(parsed.sourceMapURL.indexOf(",") + 1), "base64").toString("utf8"));
    expect(inlineMap.sources).toEqual(["demo.lua"]);
    expect(inlineMap.sourcesContent).toEqual([LUA]);

    // paused before the first statement (line 1)
    const first = await cdp.event("Debugger.paused");
    expect(first.callFrames[0].location.scriptId).toBe(parsed.scriptId);
    expect(toLua(first.callFrames[0].location)).toMatchObject({ source: "demo.lua", line: 1 });

    // a breakpoint on Lua line 4 (`return sum`), where DevTools puts it: the first generated position of the line
    const [gen] = map
      .allGeneratedPositionsFor({ source: "demo.lua", line: 4, column: 0 })
      .sort((a, b) => a.line - b.line || a.column - b.column);
    const bp = await cdp.send("Debugger.setBreakpointByUrl", { url: chunk.url, lineNumber: gen.line - 1, columnNumber: gen.column });
    expect(bp.locations).toHaveLength(1);
    expect(toLua(bp.locations[0])).toMatchObject({ line: 4 });
    await cdp.send("Debugger.resume");

    const hit = await cdp.event("Debugger.paused");
    expect(hit.hitBreakpoints).toEqual([bp.breakpointId]);
    const frame = hit.callFrames[0];
    expect(toLua(frame.location)).toMatchObject({ source: "demo.lua", line: 4 });
    expect(frame.functionName).toBe("add$");
    // the caller is the main chunk, paused in the loop at line 9
    expect(toLua(hit.callFrames[1].location)).toMatchObject({ line: 9 });

    // read locals by their Lua names, through the map's names
    const names = emittedNames(chunk.code, chunk.map);
    const local = frame.scopeChain.find((s: any) => s.type === "local");
    const props = await cdp.send("Runtime.getProperties", { objectId: local.object.objectId, ownProperties: true });
    const value = (lua: string) => {
      const js = [...(names.get(lua) ?? [])];
      const p = props.result.find((x: any) => js.includes(x.name));
      return p?.value?.value;
    };
    expect(value("sum")).toBe(11); // a = 0, b = 11 on the first call
    expect(value("a")).toBe(0);
    expect(value("b")).toBe(11);
    const ev = await cdp.send("Debugger.evaluateOnCallFrame", { callFrameId: frame.callFrameId, expression: [...names.get("sum")!][0] });
    expect(ev.result).toMatchObject({ type: "number", value: 11 });

    // the caller's shadowed `x` (emitted x$1) reads by its Lua name too
    const caller = hit.callFrames[1];
    expect(names.get("x")).toEqual(new Set(["x", "x$1"]));
    const blockScopes = caller.scopeChain.filter((s: any) => s.type === "block" || s.type === "local");
    let shadowed: number | undefined;
    for (const s of blockScopes) {
      const ps = await cdp.send("Runtime.getProperties", { objectId: s.object.objectId, ownProperties: true });
      const p = ps.result.find((x: any) => x.name === "x$1");
      if (p) shadowed = p.value.value;
    }
    expect(shadowed).toBe(11);

    await cdp.send("Debugger.removeBreakpoint", { breakpointId: bp.breakpointId });
    await cdp.send("Debugger.resume");
    const r = await run;
    expect(r.ok).toBe(true);
    expect(r.values).toEqual([{ t: "number", v: 63 }]);
    expect(r.stdout).toBe("63\n");
  });

  it("stepping over moves from Lua line to Lua line", async () => {
    const engine = await Engine.create({ inspector: { port: 0 }, timeoutMs: 60_000 });
    cleanup.push(() => engine.dispose());
    const cdp = await Cdp.connect(engine.inspector!.webSocketUrl);
    cleanup.push(() => cdp.close());
    await cdp.send("Debugger.enable");
    await cdp.send("Runtime.runIfWaitingForDebugger");
    const chunk = compileDebug("local a = 1\nlocal b = a + 1\nlocal c = b * 2\nreturn c\n", "step.lua", { pauseOnStart: true });
    const map = new SourceMapConsumer(JSON.parse(chunk.map));
    const line = (p: any) => map.originalPositionFor({ line: p.callFrames[0].location.lineNumber + 1, column: p.callFrames[0].location.columnNumber, bias: SourceMapConsumer.GREATEST_LOWER_BOUND }).line;
    const run = engine.run(chunk);
    const seen: number[] = [line(await cdp.event("Debugger.paused"))];
    // step until the Lua line changes, as DevTools does for source-mapped code
    while (seen.length < 4) {
      await cdp.send("Debugger.stepOver");
      const l = line(await cdp.event("Debugger.paused"));
      if (l !== seen[seen.length - 1]) seen.push(l);
    }
    expect(seen).toEqual([1, 2, 3, 4]);
    await cdp.send("Debugger.resume");
    expect((await run).values).toEqual([{ t: "number", v: 4 }]);
  });

  it("a debugger that disconnects while paused lets the run finish", async () => {
    const engine = await Engine.create({ inspector: { port: 0 }, timeoutMs: 60_000 });
    cleanup.push(() => engine.dispose());
    const cdp = await Cdp.connect(engine.inspector!.webSocketUrl);
    await cdp.send("Debugger.enable");
    const run = engine.run(compileDebug("return 42\n", "bye.lua", { pauseOnStart: true }));
    await cdp.event("Debugger.paused");
    await cdp.close();
    expect((await run).values).toEqual([{ t: "number", v: 42 }]);
  });

  it("refuses non-loopback addresses unless allowed, foreign Host headers and unknown WebSocket paths", async () => {
    await expect(InspectorServer.start({ host: "0.0.0.0", port: 0 })).rejects.toThrow(/non-loopback/);
    const s = await InspectorServer.start({ port: 0 });
    cleanup.push(() => s.close());
    const status = (path: string, host: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request({ host: "127.0.0.1", port: s.port, path, headers: { host } }, (res) => {
          res.resume();
          resolve(res.statusCode!);
        });
        req.on("error", reject);
        req.end();
      });
    expect(await status("/json/list", `127.0.0.1:${s.port}`)).toBe(200);
    expect(await status("/json/list", `localhost:${s.port}`)).toBe(200);
    expect(await status("/json/list", `evil.example:${s.port}`)).toBe(400); // DNS rebinding
    await expect(Cdp.connect(`ws://127.0.0.1:${s.port}/not-the-id`)).rejects.toThrow();
  });
});

describe("moonbox inspect", () => {
  it("prints the URLs, waits for the debugger, pauses on line 1 and runs to the end", async () => {
    const dir = mkdtempSync(join(tmpdir(), "moonbox-inspect-"));
    const file = join(dir, "hello.lua");
    writeFileSync(file, 'local who = "world"\nprint("hello " .. who)\nreturn 7\n');
    const child = spawn(process.execPath, ["--no-node-snapshot", "--import", TSX_IMPORT, join(__dirname, "fixtures", "cli-main.ts"), "inspect", file, "--port", "0"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    cleanup.push(async () => void child.kill());
    const exited = new Promise<number>((resolve) => child.on("exit", (c) => resolve(c ?? -1)));
    let stderr = "";
    let stdout = "";
    child.stdout.on("data", (d) => (stdout += d));
    const ws = await new Promise<string>((resolve, reject) => {
      child.stderr.on("data", (d) => {
        stderr += d;
        const m = stderr.match(/Debugger listening on (ws:\/\/\S+)/);
        if (m && stderr.includes("waiting for the debugger")) resolve(m[1]);
      });
      child.on("exit", () => reject(new Error(stderr)));
    });
    expect(stderr).toMatch(/open in Chrome: devtools:\/\/devtools\/bundled\/js_app\.html\?experiments=true&v8only=true&ws=127\.0\.0\.1:\d+\/[0-9a-f-]+/);
    const cdp = await Cdp.connect(ws);
    await cdp.send("Debugger.enable");
    await cdp.send("Runtime.runIfWaitingForDebugger");
    const parsed = await cdp.event("Debugger.scriptParsed", (p) => p.url.startsWith("moonbox:///lua/"));
    const map = JSON.parse(Buffer.from(parsed.sourceMapURL.split(",")[1], "base64").toString("utf8"));
    expect(map.sources).toEqual([`file://${file}`]);
    const paused = await cdp.event("Debugger.paused");
    const consumer = new SourceMapConsumer(map);
    const loc = paused.callFrames[0].location;
    expect(consumer.originalPositionFor({ line: loc.lineNumber + 1, column: loc.columnNumber, bias: SourceMapConsumer.GREATEST_LOWER_BOUND }).line).toBe(1);
    await cdp.send("Debugger.resume");
    await new Promise((r) => setTimeout(r, 200));
    await cdp.close(); // the command waits for the debugger to disconnect
    expect(await exited).toBe(0);
    expect(stdout).toBe("hello world\n");
  });

  it("--payload runs the script as a webhook transform, paused in the Lua file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "moonbox-inspect-tx-"));
    const file = join(dir, "upper.lua");
    writeFileSync(file, "local body = payload\nrequest.body = body:upper()\n");
    writeFileSync(join(dir, "payload.txt"), "hello");
    const child = spawn(process.execPath, ["--no-node-snapshot", "--import", TSX_IMPORT, join(__dirname, "fixtures", "cli-main.ts"), "inspect", file, "--port", "0", "--payload", join(dir, "payload.txt")], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    cleanup.push(async () => void child.kill());
    const exited = new Promise<number>((resolve) => child.on("exit", (c) => resolve(c ?? -1)));
    let stderr = "";
    let stdout = "";
    child.stdout.on("data", (d) => (stdout += d));
    const ws = await new Promise<string>((resolve, reject) => {
      child.stderr.on("data", (d) => {
        stderr += d;
        const m = stderr.match(/Debugger listening on (ws:\/\/\S+)/);
        if (m && stderr.includes("waiting for the debugger")) resolve(m[1]);
      });
      child.on("exit", () => reject(new Error(stderr)));
    });
    const cdp = await Cdp.connect(ws);
    await cdp.send("Debugger.enable");
    await cdp.send("Runtime.runIfWaitingForDebugger");
    const parsed = await cdp.event("Debugger.scriptParsed", (p) => p.url.startsWith("moonbox:///lua/"));
    const paused = await cdp.event("Debugger.paused");
    expect(paused.callFrames[0].location.scriptId).toBe(parsed.scriptId); // the debug build runs the transform
    await cdp.send("Debugger.resume");
    await new Promise((r) => setTimeout(r, 200));
    await cdp.close();
    expect(await exited).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.ok).toBe(true);
    expect(Buffer.from(out.request.body_base64, "base64").toString()).toBe("HELLO");
  });
});

// VS Code attaching to `moonbox inspect`. VS Code's JavaScript debugger (js-debug) is not
// published on the npm registry (nor as a Debian or Maven package), so this test replays over
// the WebSocket the Chrome DevTools Protocol sequence js-debug sends for a Node.js `attach`
// configuration ({"type": "node", "request": "attach", "port": N}) and checks that every answer
// is what js-debug needs. The sequence follows js-debug's source:
//   - targets/browser/spawn/endpoints.ts getWSEndpoint: GET /json/version and /json/list at
//     once; the WebSocket URL is /json/version's webSocketDebuggerUrl if any, else
//     /json/list[0]'s, with its host replaced by the configured address (fixRemoteUrl).
//   - targets/node/nodeTarget.ts _doAttach (dynamic attach): Debugger.enable, Runtime.enable.
//   - adapter/threads.ts Thread initialisation: Runtime.enable, Debugger.enable,
//     Debugger.setAsyncCallStackDepth, Debugger.setInstrumentationBreakpoint
//     (beforeScriptWithSourceMapExecution: pause before any script with a source map runs, to
//     load the map and bind breakpoints), Debugger.setPauseOnExceptions, then
//     Runtime.runIfWaitingForDebugger.
//   - adapter/breakpoints/breakpointBase.ts: a breakpoint in a file is first set by path
//     (_setByPath: Debugger.setBreakpointByUrl with urlToRegex(file URL) | the path); when a
//     script's source map names the file (updateForSourceMap), by location in that script
//     (_setByScriptId: Debugger.setBreakpoint) at the generated position of the line.
//   - On the instrumentation pause js-debug reads the map from the scriptParsed sourceMapURL
//     (a data: URL here), binds breakpoints, and resumes; on a breakpoint pause it maps call
//     frames through the map and reads each scope with Runtime.getProperties, showing locals
//     by the map's names.
// Not replayable here: js-debug only uses the map of a script whose path matches the launch
// config's resolveSourceMapLocations (a data: map is judged by the script URL, moonbox:///...),
// hence `"resolveSourceMapLocations": null` in the documented launch.json (src/inspect/README.md).
import { describe, it, expect, afterEach } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { SourceMapConsumer } from "source-map-js";
import { Engine } from "../../src/engine.js";
import { compileDebug } from "../../src/inspect/chunk.js";
import { Cdp } from "./cdp.js";

const LUA = `local total = 0
local function add(a, b)
  local sum = a + b
  return sum
end
for i = 1, 3 do
  total = add(total, i * 10)
end
return total
`;

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
/** js-debug's urlToRegex on a case-sensitive file system: the file URL or its path. */
const urlToRegex = (fileUrl: string, path: string) => `${escapeRe(decodeURI(fileUrl))}|${escapeRe(path)}`;

describe("VS Code (js-debug) attach, replayed", () => {
  it("discovers the target, binds a breakpoint on a Lua line through the source map, pauses there and shows Lua locals", async () => {
    const dir = mkdtempSync(join(tmpdir(), "moonbox-vscode-"));
    const luaPath = join(dir, "demo.lua");
    writeFileSync(luaPath, LUA);
    const fileUrl = pathToFileURL(luaPath).href;

    const engine = await Engine.create({ inspector: { port: 0 }, timeoutMs: 60_000 });
    cleanup.push(() => engine.dispose());
    const port = engine.inspector!.port;

    // discovery, as getWSEndpoint (launch.json "address": "localhost" -> Host: localhost)
    const get = async (path: string) => (await fetch(`http://127.0.0.1:${port}${path}`, { headers: { host: "localhost" } })).json();
    const [version, list] = await Promise.all([get("/json/version"), get("/json/list")]);
    const raw: string = version.webSocketDebuggerUrl ?? list[0].webSocketDebuggerUrl;
    expect(raw).toBe(list[0].webSocketDebuggerUrl); // both name the one target
    const ws = new URL(raw);
    ws.host = `127.0.0.1:${port}`; // fixRemoteUrl
    const cdp = await Cdp.connect(ws.toString());
    cleanup.push(() => cdp.close());

    // dynamic attach, then the thread's initialisation
    await cdp.send("Debugger.enable", {});
    await cdp.send("Runtime.enable", {});
    // nodeAttacherBase gatherTelemetry: js-debug retries while `process` is not defined
    const telemetry = await cdp.send("Runtime.evaluate", {
      contextId: 1,
      returnByValue: true,
      expression: "({ processId: process.pid, nodeVersion: process.version, architecture: process.arch })",
    });
    expect(telemetry.exceptionDetails).toBeUndefined();
    expect(telemetry.result.value).toEqual({ processId: process.pid, nodeVersion: process.version, architecture: process.arch });
    // nodeAttacher setEnvironmentVariables (autoAttachChildProcesses): must not throw either
    const env = await cdp.send("Runtime.evaluate", { contextId: 1, returnByValue: true, expression: `Object.assign(process.env, {"NODE_OPTIONS": "--require x"})` });
    expect(env.exceptionDetails).toBeUndefined();
    const [, enabled] = await Promise.all([cdp.send("Runtime.enable", {}), cdp.send("Debugger.enable", { maxScriptsCacheSize: 100_000_000 })]);
    expect(typeof enabled.debuggerId).toBe("string");
    await cdp.send("Debugger.setAsyncCallStackDepth", { maxDepth: 32 });
    const instrumentation = await cdp.send("Debugger.setInstrumentationBreakpoint", { instrumentation: "beforeScriptWithSourceMapExecution" });
    expect(typeof instrumentation.breakpointId).toBe("string");
    await cdp.send("Debugger.setPauseOnExceptions", { state: "none" });
    // the user's breakpoint on demo.lua line 4 (`return sum`), set by path before any script exists
    const byPath = await cdp.send("Debugger.setBreakpointByUrl", { urlRegex: urlToRegex(fileUrl, luaPath), lineNumber: 3, columnNumber: 0 });
    expect(byPath.locations).toEqual([]);
    const waiting = engine.inspector!.waitForDebugger(5000);
    await cdp.send("Runtime.runIfWaitingForDebugger", {});
    expect(await waiting).toBe(true);

    // what `moonbox inspect demo.lua` runs (cli.ts): the source map names the real file
    const chunk = compileDebug(LUA, "demo.lua", { sourcePath: luaPath, pauseOnStart: true });
    const run = engine.run(chunk);

    const parsed = await cdp.event("Debugger.scriptParsed", (p) => p.url === chunk.url);
    expect(parsed.sourceMapURL).toMatch(/^data:application\/json;charset=utf-8;base64,/);
    const map = JSON.parse(Buffer.from(parsed.sourceMapURL.slice(parsed.sourceMapURL.indexOf(",") + 1), "base64").toString("utf8"));
    // js-debug resolves sources against the script URL: an absolute file URL is the file itself
    expect(new URL(map.sources[0], parsed.url).href).toBe(fileUrl);
    expect(map.sourcesContent).toEqual([LUA]);

    // paused before the script runs, so js-debug can bind breakpoints first
    const instr = await cdp.event("Debugger.paused");
    expect(instr.reason).toBe("instrumentation");
    expect(instr.data.scriptId).toBe(parsed.scriptId);
    expect(instr.data.sourceMapURL).toBe(parsed.sourceMapURL);
    const consumer = new SourceMapConsumer(map);
    const toLua = (loc: { lineNumber: number; columnNumber: number }) =>
      consumer.originalPositionFor({ line: loc.lineNumber + 1, column: loc.columnNumber, bias: SourceMapConsumer.GREATEST_LOWER_BOUND });
    // js-debug's compiled position for (line 4, column 1): the first generated position of the line
    const gen = consumer.allGeneratedPositionsFor({ source: map.sources[0], line: 4, column: 0 }).sort((a, b) => a.line - b.line || a.column - b.column)[0];
    expect(gen).toBeDefined();
    const bp = await cdp.send("Debugger.setBreakpoint", { location: { scriptId: parsed.scriptId, lineNumber: gen.line - 1, columnNumber: gen.column } });
    expect(toLua(bp.actualLocation)).toMatchObject({ source: map.sources[0], line: 4 }); // verified on the Lua line
    await cdp.send("Debugger.resume", {});

    // `moonbox inspect` pauses on line 1 (a debugger statement): the user presses Continue
    const entry = await cdp.event("Debugger.paused");
    expect(toLua(entry.callFrames[0].location)).toMatchObject({ line: 1 });
    await cdp.send("Debugger.resume", {});

    const hit = await cdp.event("Debugger.paused");
    expect(hit.reason).toBe("other");
    expect(hit.hitBreakpoints).toEqual([bp.breakpointId]);
    const frame = hit.callFrames[0];
    expect(frame.location.scriptId).toBe(parsed.scriptId);
    expect(toLua(frame.location)).toMatchObject({ source: map.sources[0], line: 4 });
    expect(toLua(hit.callFrames[1].location)).toMatchObject({ line: 7 });

    // the Variables pane: each scope's properties, named through the map
    const local = frame.scopeChain.find((s: any) => s.type === "local");
    const props = await cdp.send("Runtime.getProperties", { objectId: local.object.objectId, ownProperties: true, accessorPropertiesOnly: false, generatePreview: true });
    const luaNames = new Map<string, string>(); // emitted -> Lua, from the map's names
    const codeLines = chunk.code.split("\n");
    consumer.eachMapping((m) => {
      const js = m.name ? codeLines[m.generatedLine - 1].slice(m.generatedColumn).match(/^[A-Za-z_$][\w$]*/)?.[0] : undefined;
      if (js !== undefined) luaNames.set(js, m.name);
    });
    const vars = Object.fromEntries(props.result.filter((p: any) => luaNames.has(p.name)).map((p: any) => [luaNames.get(p.name), p.value?.value]));
    expect(vars).toMatchObject({ a: 0, b: 10, sum: 10 });
    // hover / watch: evaluate on the frame
    const ev = await cdp.send("Debugger.evaluateOnCallFrame", { callFrameId: frame.callFrameId, expression: "sum", objectGroup: "console", includeCommandLineAPI: true, generatePreview: true });
    expect(ev.result).toMatchObject({ type: "number", value: 10 });

    await cdp.send("Debugger.removeBreakpoint", { breakpointId: bp.breakpointId });
    await cdp.send("Debugger.resume", {});
    const r = await run;
    expect(r.ok).toBe(true);
    expect(r.values).toEqual([{ t: "number", v: 60 }]);
  });
});

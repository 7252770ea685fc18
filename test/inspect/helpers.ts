// Shared helpers for the inspect tests: an inspector isolate, and where V8 can break in a
// debug build, in Lua lines (as DevTools maps them through the source map).
import ivm from "isolated-vm";
import { IsolateHost } from "../../src/isolate/host.js";
import { compileDebug, type DebugChunk } from "../../src/inspect/chunk.js";
import { expect } from "vitest";
import { LuaFrameResolver, type CpuProfile } from "../../src/inspect/profile.js";

export class InspectorIsolate {
  private seq = 0;
  private pending = new Map<number, (m: any) => void>();
  private scripts = new Map<string, string>();
  private constructor(
    readonly host: IsolateHost,
    private readonly session: ivm.InspectorSession,
  ) {
    session.onResponse = (id, msg) => {
      const p = this.pending.get(id);
      this.pending.delete(id);
      p?.(JSON.parse(msg));
    };
    session.onNotification = (msg) => {
      const m = JSON.parse(msg);
      if (m.method === "Debugger.scriptParsed") this.scripts.set(m.params.url, m.params.scriptId);
    };
  }

  static async create(): Promise<InspectorIsolate> {
    const host = await IsolateHost.create(64, { inspector: true });
    const ii = new InspectorIsolate(host, host.isolate.createInspectorSession());
    await ii.send("Debugger.enable");
    return ii;
  }

  send(method: string, params: Record<string, unknown> = {}): Promise<any> {
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      this.pending.set(id, (m) => (m.error ? reject(new Error(m.error.message)) : resolve(m.result)));
      this.session.dispatchProtocolMessage(JSON.stringify({ id, method, params }));
    });
  }

  /** Lua line -> number of V8 break locations mapped to it, for the main function and everything in it. */
  async breakLines(lua: string, name = "t.lua"): Promise<{ lines: Map<number, number>; chunk: DebugChunk }> {
    const chunk = compileDebug(lua, name);
    await this.host.load(chunk);
    for (let i = 0; i < 50 && !this.scripts.has(chunk.url); i++) await new Promise((r) => setTimeout(r, 10));
    const scriptId = this.scripts.get(chunk.url)!;
    const code = chunk.code.split("\n");
    const mainLine = code.findIndex((l) => /function \$main\(/.test(l)); // 0-based
    const metaLine = code.findIndex((l) => l.startsWith("$moonbox.meta("));
    const { locations } = await this.send("Debugger.getPossibleBreakpoints", {
      start: { scriptId, lineNumber: mainLine + 1, columnNumber: 0 },
      end: { scriptId, lineNumber: metaLine - 1, columnNumber: 0 },
    });
    const resolver = new LuaFrameResolver().add(chunk);
    const lines = new Map<number, number>();
    for (const l of locations) {
      const pos = resolver.resolve(chunk.url, l.lineNumber + 1, l.columnNumber)!;
      lines.set(pos.line, (lines.get(pos.line) ?? 0) + 1);
    }
    return { lines, chunk };
  }

  dispose(): void {
    this.session.dispose();
    this.host.dispose();
  }
}

/** The Lua lines of a snippet whose text ends with `-- @` (the statements expected to break). */
export function markedLines(lua: string): number[] {
  return lua
    .split("\n")
    .map((l, i) => (/--\s*@\s*$/.test(l) ? i + 1 : 0))
    .filter((n) => n > 0);
}

/** `node --import <tsx>` from any working directory. */
export const TSX_IMPORT = new URL("../../node_modules/tsx/dist/loader.mjs", import.meta.url).href;

/** A script whose `burn` function (line 5) takes most of the CPU time. */
export const BURN_LUA = `local function helper(n)
  return n % 7
end

local function burn(n)
  local acc = 0
  for i = 1, n do
    acc = acc + (i * i) % 13
  end
  return acc
end

local function light(n)
  local s = 0
  for i = 1, n do s = s + helper(i) end
  return s
end

local t = {}
for k = 1, 4 do t[k] = burn(2500000) end
return t[1] + light(1000)
`;

/** Structural checks of the .cpuprofile format (what DevTools' CPUProfileDataModel relies on). */
export function expectValidProfile(p: CpuProfile): void {
  expect(p.nodes[0].callFrame.functionName).toBe("(root)");
  const ids = new Set(p.nodes.map((n) => n.id));
  expect(ids.size).toBe(p.nodes.length);
  const childOf = new Set<number>();
  for (const n of p.nodes) {
    expect(typeof n.callFrame.scriptId).toBe("string");
    expect(Number.isInteger(n.callFrame.lineNumber)).toBe(true);
    for (const c of n.children) {
      expect(ids.has(c)).toBe(true);
      expect(childOf.has(c)).toBe(false); // a tree: one parent each
      childOf.add(c);
    }
  }
  expect(childOf.size).toBe(p.nodes.length - 1);
  expect(p.samples.length).toBe(p.timeDeltas.length);
  for (const s of p.samples) expect(ids.has(s)).toBe(true);
  for (const d of p.timeDeltas) expect(d).toBeGreaterThanOrEqual(0);
  expect(p.nodes.reduce((a, n) => a + n.hitCount, 0)).toBe(p.samples.length);
  expect(p.endTime).toBeGreaterThanOrEqual(p.startTime + p.timeDeltas.reduce((a, b) => a + b, 0) - 1);
}

// CPU profiles in Lua terms. isolated-vm hands back one V8 profile per entry into the isolate
// (ThreadCpuProfile[]); this turns them into one standard `.cpuprofile` (the format Chrome
// DevTools and VS Code open) where:
// - frames of compiled chunks are named by Lua function (`add$` -> `add`, `$main` -> `main
//   chunk`) and positioned on the Lua file and line of the function;
// - runtime-shim frames (moonbox-runtime.js, and isolated-vm's own glue) are grouped into one
//   "(moonbox runtime)" frame per call site, so the Lua code stands out ("fold" instead charges
//   their time to the calling Lua function, "keep" leaves them as they are);
// - time between isolate entries is "(idle)".
import { SourceMapConsumer } from "source-map-js";
import type { ThreadCpuProfile } from "isolated-vm";
import { luaFunctionName } from "./debug-map.js";

export interface CallFrame {
  functionName: string;
  scriptId: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

export interface CpuProfileNode {
  id: number;
  callFrame: CallFrame;
  hitCount: number;
  children: number[];
}

/** The `.cpuprofile` format (Chrome DevTools Protocol `Profiler.Profile`). */
export interface CpuProfile {
  nodes: CpuProfileNode[];
  /** Microseconds (V8's monotonic clock). */
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export type RuntimeFrames = "group" | "fold" | "keep";

export const RUNTIME_FRAME = "(moonbox runtime)";
const RUNTIME_URLS = new Set(["moonbox-runtime.js", "<isolated-vm>"]);

/** A compiled chunk as the resolver needs it (CompiledChunk and DebugChunk both fit). */
export interface ChunkLike {
  id: string;
  chunkName: string;
  sourceMap(luaSource?: string): string;
}

interface ChunkIndex {
  name: string;
  /** Generated line (1-based) -> sorted [col, luaLine, luaCol, ...]. */
  rows: Map<number, number[]>;
  firstLine: number;
}

/** Maps (script URL, generated line, column) of compiled chunks to Lua positions. */
export class LuaFrameResolver {
  private chunks = new Map<string, { chunk: ChunkLike; index?: ChunkIndex; display: string }>();

  /** Register a chunk; `display` is the file name frames show (default: its chunk name). */
  add(chunk: ChunkLike, display?: string): this {
    // V8 knows a chunk by its script name: a debug build's url, else its id
    const key = (chunk as { url?: string }).url ?? chunk.id;
    if (!this.chunks.has(key)) this.chunks.set(key, { chunk, display: display ?? chunk.chunkName });
    return this;
  }

  has(url: string): boolean {
    return this.chunks.has(url);
  }

  private index(url: string): (ChunkIndex & { display: string }) | undefined {
    const e = this.chunks.get(url);
    if (!e) return undefined;
    if (!e.index) {
      const rows = new Map<number, number[]>();
      let firstLine = 0;
      new SourceMapConsumer(JSON.parse(e.chunk.sourceMap())).eachMapping((m) => {
        if (m.originalLine == null) return;
        let r = rows.get(m.generatedLine);
        if (!r) rows.set(m.generatedLine, (r = []));
        r.push(m.generatedColumn, m.originalLine, m.originalColumn ?? 0);
        if (firstLine === 0 || m.originalLine < firstLine) firstLine = m.originalLine;
      });
      for (const [l, r] of rows) {
        const triples: number[][] = [];
        for (let i = 0; i < r.length; i += 3) triples.push([r[i], r[i + 1], r[i + 2]]);
        triples.sort((a, b) => a[0] - b[0]);
        rows.set(l, triples.flat());
      }
      e.index = { name: e.chunk.chunkName, rows, firstLine };
    }
    return { ...e.index, display: e.display };
  }

  /** The Lua position (1-based line, 0-based column) of a generated one (1-based line, 0-based column). */
  resolve(url: string, line: number, column: number): { file: string; line: number; column: number } | undefined {
    const ix = this.index(url);
    if (!ix) return undefined;
    const row = ix.rows.get(line);
    if (row) {
      let best = -1;
      for (let i = 0; i < row.length; i += 3) if (row[i] <= column) best = i;
      if (best >= 0) return { file: ix.display, line: row[best + 1], column: row[best + 2] };
    }
    // nothing at or before the column: the last mapping of an earlier line
    for (let l = line - 1; l > 0; l--) {
      const r = ix.rows.get(l);
      if (r) return { file: ix.display, line: r[r.length - 2], column: r[r.length - 1] };
    }
    return { file: ix.display, line: ix.firstLine || 1, column: 0 };
  }
}

export interface LuaProfileOptions {
  /** What to do with runtime-shim frames (default "group"). */
  runtimeFrames?: RuntimeFrames;
}

interface Out {
  node: CpuProfileNode;
  kids: Map<string, Out>;
}

const keyOf = (f: CallFrame) => `${f.functionName}\u0000${f.url}\u0000${f.lineNumber}\u0000${f.columnNumber}`;

/**
 * isolated-vm profiles (one per isolate entry, with `timeDeltas` holding offsets from
 * `startTime`, and 1-based V8 positions) -> one Lua-aware `.cpuprofile`.
 */
export function luaCpuProfile(threads: readonly ThreadCpuProfile[], resolver: LuaFrameResolver, opts: LuaProfileOptions = {}): CpuProfile {
  const mode = opts.runtimeFrames ?? "group";
  const nodes: CpuProfileNode[] = [];
  const mk = (cf: CallFrame): Out => {
    const node: CpuProfileNode = { id: nodes.length + 1, callFrame: cf, hitCount: 0, children: [] };
    nodes.push(node);
    return { node, kids: new Map() };
  };
  const special = (name: string): CallFrame => ({ functionName: name, scriptId: "0", url: "", lineNumber: -1, columnNumber: -1 });
  const root = mk(special("(root)"));
  const child = (parent: Out, cf: CallFrame): Out => {
    const k = keyOf(cf);
    let c = parent.kids.get(k);
    if (!c) {
      c = mk(cf);
      parent.kids.set(k, c);
      parent.node.children.push(c.node.id);
    }
    return c;
  };
  let idle: Out | undefined;

  const samples: number[] = [];
  const times: number[] = [];
  const sorted = [...threads].map((t) => t.profile).sort((a, b) => a.startTime - b.startTime);
  let startTime = sorted.length ? sorted[0].startTime : 0;
  let endTime = startTime;

  for (const p of sorted) {
    const byId = new Map<number, (typeof p.nodes)[number]>();
    for (const n of p.nodes) byId.set(n.id, n);
    const mapped = new Map<number, Out>();
    const isRuntime = new Map<number, boolean>();
    const visit = (id: number, parent: Out | undefined, parentRuntime: boolean) => {
      const n = byId.get(id);
      if (!n) return;
      const f = n.callFrame as any;
      const url: string = f.url ?? "";
      const line: number = f.lineNumber ?? 0;
      const col: number = f.columnNumber ?? 0;
      let out: Out;
      let runtime = false;
      if (parent === undefined) out = root;
      else if (RUNTIME_URLS.has(url) && mode !== "keep") {
        runtime = true;
        out = parentRuntime || (mode === "fold" && parent !== root) ? parent : child(parent, special(RUNTIME_FRAME));
      } else if (resolver.has(url)) {
        const fn = luaFunctionName(f.functionName || "anonymous$");
        const pos = fn === "main chunk" ? { file: resolver.resolve(url, 1, 0)!.file, line: 1, column: 0 } : resolver.resolve(url, line, Math.max(0, col - 1))!;
        out = child(parent, { functionName: fn, scriptId: String(f.scriptId ?? 0), url: pos.file, lineNumber: pos.line - 1, columnNumber: pos.column });
      } else {
        out = child(parent, {
          functionName: f.functionName ?? "",
          scriptId: String(f.scriptId ?? 0),
          url,
          lineNumber: url ? line - 1 : -1,
          columnNumber: url ? col - 1 : -1,
        });
      }
      mapped.set(id, out);
      isRuntime.set(id, runtime);
      for (const c of n.children ?? []) visit(c, out, runtime);
    };
    if (p.nodes.length) visit(p.nodes[0].id, undefined, false);
    // isolated-vm's timeDeltas are offsets from startTime (V8's are deltas): make them times
    for (let i = 0; i < p.samples.length; i++) {
      const out = mapped.get(p.samples[i]);
      if (!out) continue;
      samples.push(out.node.id);
      times.push(p.startTime + p.timeDeltas[i]);
    }
    // between entries the isolate is idle
    idle ??= child(root, special("(idle)"));
    samples.push(idle.node.id);
    times.push(p.endTime);
    endTime = Math.max(endTime, p.endTime);
  }
  if (sorted.length === 0) startTime = endTime = 0;

  const order = times.map((_, i) => i).sort((a, b) => times[a] - times[b] || a - b);
  const outSamples: number[] = [];
  const deltas: number[] = [];
  let last = startTime;
  for (const i of order) {
    outSamples.push(samples[i]);
    deltas.push(Math.max(0, times[i] - last));
    last = Math.max(last, times[i]);
  }
  const byNode = new Map(nodes.map((n) => [n.id, n]));
  for (const s of outSamples) byNode.get(s)!.hitCount++;
  return { nodes, startTime, endTime, samples: outSamples, timeDeltas: deltas };
}

/** Self time per frame (function and position), most samples first (for reports and tests). */
export function selfTimes(p: CpuProfile): { frame: CallFrame; samples: number; ms: number }[] {
  const ms = new Map<number, number>();
  const count = new Map<number, number>();
  // a sample lasts until the next one
  let t = p.startTime;
  const ts = p.timeDeltas.map((d) => (t += d));
  for (let i = 0; i < p.samples.length; i++) {
    const dur = i + 1 < ts.length ? ts[i + 1] - ts[i] : Math.max(0, p.endTime - ts[i]);
    ms.set(p.samples[i], (ms.get(p.samples[i]) ?? 0) + dur / 1000);
    count.set(p.samples[i], (count.get(p.samples[i]) ?? 0) + 1);
  }
  // one row per frame (a function called from several places has several nodes)
  const rows = new Map<string, { frame: CallFrame; samples: number; ms: number }>();
  for (const n of p.nodes) {
    if (!count.has(n.id)) continue;
    const k = keyOf(n.callFrame);
    const row = rows.get(k) ?? { frame: n.callFrame, samples: 0, ms: 0 };
    row.samples += count.get(n.id)!;
    row.ms += ms.get(n.id)!;
    rows.set(k, row);
  }
  return [...rows.values()].sort((a, b) => b.samples - a.samples || b.ms - a.ms);
}

/** Merge profiles (e.g. sampled runs) into one: trees summed, samples concatenated in time order. */
export function mergeCpuProfiles(profiles: readonly CpuProfile[]): CpuProfile {
  const nodes: CpuProfileNode[] = [];
  const mk = (cf: CallFrame): Out => {
    const node: CpuProfileNode = { id: nodes.length + 1, callFrame: cf, hitCount: 0, children: [] };
    nodes.push(node);
    return { node, kids: new Map() };
  };
  const root = mk({ functionName: "(root)", scriptId: "0", url: "", lineNumber: -1, columnNumber: -1 });
  const timed: { t: number; id: number }[] = [];
  let startTime = Infinity;
  let endTime = -Infinity;
  for (const p of profiles) {
    startTime = Math.min(startTime, p.startTime);
    endTime = Math.max(endTime, p.endTime);
    const byId = new Map(p.nodes.map((n) => [n.id, n]));
    const mapped = new Map<number, Out>();
    const visit = (id: number, parent: Out | undefined) => {
      const n = byId.get(id)!;
      let out = root;
      if (parent) {
        const k = keyOf(n.callFrame);
        out = parent.kids.get(k) ?? mk({ ...n.callFrame });
        if (!parent.kids.has(k)) {
          parent.kids.set(k, out);
          parent.node.children.push(out.node.id);
        }
      }
      mapped.set(id, out);
      for (const c of n.children ?? []) visit(c, out);
    };
    if (p.nodes.length) visit(p.nodes[0].id, undefined);
    let t = p.startTime;
    p.samples.forEach((s, i) => {
      t += p.timeDeltas[i];
      timed.push({ t, id: mapped.get(s)!.node.id });
    });
  }
  if (!Number.isFinite(startTime)) startTime = endTime = 0;
  timed.sort((a, b) => a.t - b.t);
  const byNode = new Map(nodes.map((n) => [n.id, n]));
  let last = startTime;
  const samples: number[] = [];
  const timeDeltas: number[] = [];
  for (const s of timed) {
    samples.push(s.id);
    timeDeltas.push(s.t - last);
    last = s.t;
    byNode.get(s.id)!.hitCount++;
  }
  return { nodes, startTime, endTime, samples, timeDeltas };
}

// Debug builds of Lua chunks: the same code as compileLua() plus an inline source map with the
// Lua source in it, under a URL-like script name, so Chrome DevTools and VS Code show the Lua
// file (breakpoints on Lua lines, stepping through Lua, Lua names for locals and functions).
// Only inspector and profile modes use them: ordinary compiles stay small.
import { createHash } from "node:crypto";
import { pathToFileURL } from "node:url";
import { isAbsolute, resolve } from "node:path";
import { transpile, LuaSyntaxError } from "../transpile/index.js";
import { toByteString, packLines, type CompiledChunk, type LuaSource } from "../compile.js";
import { ScriptError } from "../errors.js";
import { DebugMap } from "./debug-map.js";

export interface DebugCompileOptions {
  /**
   * Where the Lua source lives, for the map's `sources`: an absolute path or URL makes VS Code
   * and DevTools workspaces bind breakpoints to the real file. Default: the chunk name, relative
   * to the script URL.
   */
  sourcePath?: string;
  /** A `debugger;` statement before the first Lua statement (`moonbox inspect` pauses there). */
  pauseOnStart?: boolean;
  /** Instruction-budget checks (default on, as in compileLua). */
  budget?: boolean;
}

/**
 * A debug build. Its `id` is compileLua's (`lua/<hash16>/<chunkName>`), so it stands in for the
 * ordinary chunk: loaded first into an isolate, it is what runs when anything (a webhook
 * transform, a predicate) runs that script there. V8 knows it by `url`.
 */
export interface DebugChunk extends CompiledChunk {
  /** The script URL: `moonbox:///lua/<hash16>[-brk]/<chunkName>.js`. */
  url: string;
  /** The source map (JSON), also inlined in `code`. */
  map: string;
  /** The map's source URL or path of the Lua file. */
  source: string;
}

const cache = new Map<string, DebugChunk>();

/** A chunk name as URL path segments (keeps `/`, escapes the rest). */
function urlPath(chunkName: string): string {
  return chunkName
    .replace(/^[A-Za-z]:/, "")
    .split(/[\\/]+/)
    .filter((s) => s !== "" && s !== "." && s !== "..")
    .map(encodeURIComponent)
    .join("/");
}

/** Lua bytes as text for DevTools (UTF-8 when valid, else latin1). */
function displayText(bytes: string): string {
  const buf = Buffer.from(bytes, "latin1");
  const utf8 = buf.toString("utf8");
  return Buffer.from(utf8, "utf8").equals(buf) ? utf8 : bytes;
}

export function sourceUrlFor(path: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) return path;
  return pathToFileURL(isAbsolute(path) ? path : resolve(path)).href;
}

/** Compile a Lua chunk for debugging. Throws ScriptError script_syntax_error on bad input. */
export function compileDebug(source: LuaSource, chunkName = "script.lua", opts: DebugCompileOptions = {}): DebugChunk {
  const text = toByteString(source);
  const hash = createHash("sha256").update(Buffer.from(text, "latin1")).digest("hex");
  const budget = opts.budget ?? true;
  const variant = (opts.pauseOnStart ? "-brk" : "") + (budget ? "" : "-nobudget");
  const key = `${hash}/${chunkName}/${variant}/${opts.sourcePath ?? ""}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const id = `lua/${hash.slice(0, 16)}${budget ? "" : "-nobudget"}/${chunkName}`;
  const url = `moonbox:///lua/${hash.slice(0, 16)}${variant}/${urlPath(chunkName) || "chunk.lua"}.js`;
  const debug = new DebugMap(text, { pauseOnStart: opts.pauseOnStart });
  const t0 = performance.now();
  let out;
  try {
    out = transpile(text, { chunkName, id, budget, debug });
  } catch (e) {
    if (e instanceof LuaSyntaxError) {
      const err = new ScriptError("script_syntax_error", e.message, e.line);
      (err as any).column = e.column;
      throw err;
    }
    throw e;
  }
  const base = url.slice(url.lastIndexOf("/") + 1).replace(/\.js$/, "");
  const sourceRef = opts.sourcePath !== undefined ? sourceUrlFor(opts.sourcePath) : base;
  const map = debug.sourceMap(out.code, base + ".js", sourceRef, displayText(text));
  const code =
    `${out.code}\n$moonbox.meta(${JSON.stringify(url)}, ${JSON.stringify(chunkName)}, "${packLines(out.lines, out.calls)}");\n` +
    `//# sourceMappingURL=data:application/json;charset=utf-8;base64,${Buffer.from(map, "utf8").toString("base64")}\n`;
  const chunk: DebugChunk = {
    id,
    url,
    hash,
    chunkName,
    code,
    map,
    source: sourceRef,
    transpileMs: performance.now() - t0,
    budget,
    withBudget: (on: boolean) => (on === budget ? chunk : compileDebug(source, chunkName, { ...opts, budget: on })),
    sourceMap: () => map,
  };
  if (cache.size > 1000) cache.clear();
  cache.set(key, chunk);
  return chunk;
}

/**
 * The runtime bundle's source map comment for inspector isolates: an identity map with
 * `x_google_ignoreList`, so DevTools ignore-lists the runtime (no stepping into it, its frames
 * folded in the call stack) and the Lua code stands out.
 */
export function runtimeIgnoreListSuffix(runtimeCode: string): string {
  const n = runtimeCode.split("\n").length;
  const mappings = "AAAA" + ";AACA".repeat(Math.max(0, n - 1));
  const map = JSON.stringify({ version: 3, file: "moonbox-runtime.js", sources: ["moonbox:///runtime/moonbox-runtime.js"], sourcesContent: [runtimeCode], names: [], mappings, x_google_ignoreList: [0] });
  return `\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${Buffer.from(map, "utf8").toString("base64")}\n`;
}

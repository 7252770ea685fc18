// Lua source -> compiled chunk, cached by (source sha256, chunk name, runtime bundle hash).
import { createHash } from "node:crypto";
import { LRUCache } from "lru-cache";
import { transpile, LuaSyntaxError } from "./transpile/index.js";
import { runtimeBundle } from "./isolate/bundle.js";
import { ScriptError } from "./errors.js";

export interface CompiledChunk {
  /** Cache key and V8 script name: `lua/<hash16>/<chunkName>`. */
  id: string;
  /** sha256 of the Lua source bytes (the script hash). */
  hash: string;
  chunkName: string;
  code: string;
  /** V8 code cache for `code`, filled on first compile in an isolate. */
  cachedData?: import("isolated-vm").ExternalCopy<ArrayBuffer>;
  transpileMs: number;
  /** Has instruction-budget checks (only these chunks can enforce an instruction limit). */
  budget: boolean;
  /** The same source compiled with or without budget checks (cached like any compile). */
  withBudget(on: boolean): CompiledChunk;
  sourceMap(luaSource?: string): string;
}

const cache = new LRUCache<string, CompiledChunk>({ max: 10_000 });

/** Lua source as bytes or a latin1 byte string (one char per byte). */
export type LuaSource = Buffer | Uint8Array | string;

export function toByteString(src: LuaSource): string {
  return typeof src === "string" ? src : Buffer.from(src).toString("latin1");
}

/** Transpile (or fetch from cache). Throws ScriptError script_syntax_error on bad input. */
export function compileLua(source: LuaSource, chunkName = "script.lua", opts: { budget?: boolean; coroutines?: boolean; predicate?: boolean } = {}): CompiledChunk {
  const text = toByteString(source);
  const hash = createHash("sha256").update(Buffer.from(text, "latin1")).digest("hex");
  const budget = opts.budget ?? true;
  const variant = (budget ? "" : "-nobudget") + (opts.coroutines === undefined ? "" : opts.coroutines ? "-co" : "-noco") + (opts.predicate ? "-p" : "");
  const key = `${hash}/${chunkName}/${runtimeBundle().hash}${variant}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const id = `lua/${hash.slice(0, 16)}${variant}/${chunkName}`;
  const t0 = performance.now();
  let out;
  try {
    out = transpile(text, { chunkName, id, budget, coroutines: opts.coroutines, predicate: opts.predicate });
  } catch (e) {
    if (e instanceof LuaSyntaxError) {
      const err = new ScriptError("script_syntax_error", e.message, e.line);
      (err as any).column = e.column;
      throw err;
    }
    throw e;
  }
  const code = `${out.code}\n$moonbox.meta(${JSON.stringify(id)}, ${JSON.stringify(chunkName)}, "${packLines(out.lines, out.calls)}");\n`;
  const chunk: CompiledChunk = {
    id,
    hash,
    chunkName,
    code,
    transpileMs: performance.now() - t0,
    budget,
    withBudget: (on: boolean) => (on === budget ? chunk : compileLua(text, chunkName, { ...opts, budget: on })),
    // the mappings are not kept with the (cached) chunk: a source map is rare, and
    // transpiling again gives the same output
    sourceMap: (luaSource?: string) => transpile(text, { chunkName, id, budget, coroutines: opts.coroutines, predicate: opts.predicate }).sourceMap(chunkName, luaSource),
  };
  cache.set(key, chunk);
  return chunk;
}

/**
 * A line table and call-site names as the runtime's compact text form (runtime-shims/errors.ts
 * ChunkInfo.lines): "genLine:col,luaLine,...;genLine:..." then, when the chunk calls
 * anything by name, "|genLine:col,name,...;..." with names %XX-escaped (they are Lua strings
 * and go into a JS string literal).
 */
export function packLines(lines: Record<number, number[]>, calls?: Record<number, (number | string)[]>): string {
  const text = Object.keys(lines)
    .map((l) => `${l}:${lines[Number(l)].join(",")}`)
    .join(";");
  const names = calls ? Object.keys(calls) : [];
  if (names.length === 0) return text;
  const esc = (v: number | string) => (typeof v === "number" ? v : v.replace(/[^\w ()?]/g, (c) => "%" + c.charCodeAt(0).toString(16).padStart(2, "0")));
  return text + "|" + names.map((l) => `${l}:${calls![Number(l)].map(esc).join(",")}`).join(";");
}

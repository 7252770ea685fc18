// Lua text -> JavaScript text + line table + source map. Knows nothing of isolates.
import { generate } from "astring";
import { SourceMapGenerator } from "source-map-js";
import { parseLua, LuaSyntaxError } from "./parse.js";
import { Lowering } from "./lower.js";
import * as J from "./js.js";

export { LuaSyntaxError };

export interface TranspileResult {
  /** A script that calls `$moonbox.define(id, factory)` when evaluated in an isolate. */
  code: string;
  /** Generated line -> flat [column, luaLine, ...]: how errors find their Lua line (negative: tail call). */
  lines: Record<number, number[]>;
  /** The Lua chunk name used in messages ("script.lua"). */
  chunkName: string;
  /** Build a standard source map (v3) back to the Lua source. */
  sourceMap(luaFile: string, luaSource?: string): string;
}

interface Mapping {
  gl: number;
  gc: number;
  ol: number;
  oc: number;
  name?: string;
  /** A tail-call site: error levels skip the frame executing it. */
  tail?: boolean;
}

/**
 * Transpile one Lua chunk.
 *   lua: <chunk>  =>  js: $moonbox.define(id, function ($rt) { const $index = $rt.index, ...; return function $main($G, ...$va) {...}; });
 */
export interface TranspileOptions {
  chunkName: string;
  id: string;
  /** Instruction-budget checks (default on; off only for measuring their cost). */
  budget?: boolean;
  /** Generator twins for coroutines: default only when the source mentions `coroutine`. */
  coroutines?: boolean;
  /** Debugger support (src/inspect/debug-map.ts): off for ordinary compiles. */
  debug?: TranspileDebug;
  /** A predicate chunk (src/predicate): event-method and global-call fast paths (see Lowering). */
  predicate?: boolean;
}

/**
 * Hooks for debugger builds: `prepare` sees the main function's tree before printing (it may
 * add locations or statements); `mapping` sees every mapping printed and returns true for
 * its own debugger-only ones, which stay out of the line table.
 */
export interface TranspileDebug {
  prepare(main: J.Expr): void;
  mapping(m: { gl: number; gc: number; ol: number; oc: number; name?: string; original: object }): boolean;
}

export function transpile(source: string, opts: TranspileOptions): TranspileResult {
  const ast = parseLua(source, opts.chunkName);
  // generator twins only for chunks that can reach `coroutine`: plain code never pays
  const lowering = new Lowering(opts.chunkName, opts.coroutines ?? /\bcoroutine\b/.test(source), opts.budget ?? true, opts.predicate ?? false);
  const main = lowering.chunk(ast);
  opts.debug?.prepare(main);
  const imports = [...lowering.helpers].sort().map((h): [string, J.Expr] => ["$" + h, J.member(J.id("$rt"), h)]);
  for (let i = 1; i <= lowering.caches; i++) imports.push([`$ic${i}`, J.call(J.member(J.id("$rt"), "newCache"), [])]);
  const factory = J.fn(null, [J.id("$rt")], [
    J.exprStmt({ type: "Literal", value: "use strict", raw: '"use strict"' }),
    ...(imports.length ? [J.decl("const", imports)] : []),
    J.ret(main),
  ]);
  const program = {
    type: "Program",
    sourceType: "script",
    body: [J.exprStmt(J.call(J.member(J.id("$moonbox"), "define"), [J.str(opts.id), factory]))],
  };
  const mappings: Mapping[] = [];
  const collector = {
    addMapping(m: { generated: { line: number; column: number }; original: { line: number; column: number; tail?: boolean }; name?: string }) {
      if (opts.debug?.mapping({ gl: m.generated.line, gc: m.generated.column, ol: m.original.line, oc: m.original.column, name: m.name, original: m.original })) return;
      mappings.push({ gl: m.generated.line, gc: m.generated.column, ol: m.original.line, oc: m.original.column, name: m.name, tail: m.original.tail });
    },
  };
  const code = generate(program as any, { sourceMap: collector as any, indent: "  " });
  const lines: Record<number, number[]> = {};
  for (const m of mappings) {
    const row = (lines[m.gl] ??= []);
    const line = m.tail ? -m.ol : m.ol; // negative: a tail-call site
    if (row.length >= 2 && row[row.length - 2] === m.gc) row[row.length - 1] = line;
    else row.push(m.gc, line);
  }
  return {
    code,
    lines,
    chunkName: opts.chunkName,
    sourceMap(luaFile: string, luaSource?: string) {
      const gen = new SourceMapGenerator({ file: luaFile.replace(/\.lua$/, "") + ".js" });
      for (const m of mappings) {
        gen.addMapping({ generated: { line: m.gl, column: m.gc }, original: { line: m.ol, column: m.oc }, source: luaFile, name: m.name });
      }
      if (luaSource !== undefined) gen.setSourceContent(luaFile, luaSource);
      return gen.toString();
    },
  };
}

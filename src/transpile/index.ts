// Lua text -> JavaScript text + line table + source map. Knows nothing of isolates.
import * as astring from "astring";
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
  /**
   * Generated line -> flat [column, name, ...]: the Lua name of the function called at that
   * position (the column V8 reports for the call), for tracebacks that name a frame by how
   * it was called, as Lua 5.1 does.
   */
  calls: Record<number, (number | string)[]>;
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
  const calls: Record<number, (number | string)[]> = {};
  const generator = callSiteGenerator((line, column, name) => (calls[line] ??= []).push(column, name));
  const code = astring.generate(program as any, { sourceMap: collector as any, indent: "  ", generator });
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
    calls,
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

/**
 * astring's generator, recording where V8 positions each Lua call (lower.ts sets `callName`
 * on those CallExpressions): at the callee when it is an identifier, else at the '(' of
 * the arguments (V8 parser: an identifier before '(' is the call's position).
 */
function callSiteGenerator(record: (line: number, column: number, name: string) => void): typeof astring.baseGenerator {
  const base = astring.baseGenerator as any;
  // astring's precedence of expressions that always need parentheses (exported, not typed)
  const NEEDS_PARENTHESES = (astring as any).NEEDS_PARENTHESES as number;
  return Object.assign(Object.create(base), {
    CallExpression(this: any, node: any, state: any) {
      if (node.callName === undefined || node.optional) return base.CallExpression.call(this, node, state);
      const callee = node.callee;
      const precedence = state.expressionsPrecedence[callee.type];
      const parens = precedence === NEEDS_PARENTHESES || precedence < state.expressionsPrecedence.CallExpression;
      if (!parens && callee.type === "Identifier") record(state.line, state.column, node.callName);
      if (parens) state.write("(");
      this[callee.type](callee, state);
      if (parens) state.write(")");
      if (!parens && callee.type === "MemberExpression" && !callee.computed) record(state.line, state.column - callee.property.name.length, node.callName);
      else if (parens || callee.type !== "Identifier") record(state.line, state.column, node.callName);
      // astring's formatSequence (not exported)
      state.write("(");
      node.arguments.forEach((a: any, i: number) => {
        if (i > 0) state.write(", ");
        this[a.type](a, state);
      });
      state.write(")");
    },
  });
}

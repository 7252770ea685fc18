// Source maps for debugger builds: what Chrome DevTools and VS Code need beyond the line
// table that error positions use.
//
// The ordinary map (transpile/index.ts) has entries only where the printer wrote a node with a
// Lua location: enough for errors, not for a debugger. A debug build (transpile option
// `debug`) adds:
// - an entry at every identifier occurrence in the main function, named with its Lua name
//   (`x$1` -> `x`): DevTools shows Lua names in the Scope pane and evaluates Lua names in the
//   console by looking up the entry *at or before* each identifier, so every identifier gets
//   its own entry (a missing one would borrow a neighbour's name);
// - an entry at each function's `(` named with the Lua function name: DevTools names call
//   stack frames from it (`add$` -> `add`, `$main` -> `main chunk`);
// - an entry at the first column of every statement line: V8 breaks at statement starts, and
//   a breakpoint on a Lua line must find a break location inside the ranges mapped to it;
// - optionally a `debugger;` statement before the main chunk's first statement (pause on start).
// Entries that have no Lua location of their own take the next located entry on their line
// (else the previous one), so stepping never lands on a foreign line.
import { SourceMapGenerator } from "source-map-js";
import type { TranspileDebug } from "../transpile/index.js";

/** JS reserved words the lowering renames with a `_` suffix (kept in sync with lower.ts). */
const JS_RESERVED = new Set(
  ("break case catch class const continue debugger default delete do else enum export extends false finally " +
    "for function if import in instanceof new null return super switch this throw true try typeof var void " +
    "while with yield let static implements interface package private protected public await arguments eval " +
    "undefined NaN Infinity globalThis").split(" "),
);

interface Entry {
  gl: number;
  gc: number;
  ol: number;
  oc: number;
  name?: string;
  /** No Lua location of its own yet (resolved from neighbours). */
  synthetic?: boolean;
}

export interface DebugMapOptions {
  /** Put `debugger;` before the main chunk's first statement. */
  pauseOnStart?: boolean;
}

/** Display name of an emitted function: `name$` -> name, `$main` -> main chunk. */
export function luaFunctionName(js: string): string {
  if (js === "$main") return "main chunk";
  if (js === "anonymous$") return "anonymous";
  return js.replace(/\$\d*$/, "");
}

export class DebugMap implements TranspileDebug {
  /** Shared `original` of every synthetic location: identifies our own mappings. */
  private readonly marker = { line: 0, column: 0 };
  /** Locations this map gave to identifiers (statement starts): debugger-only mappings. */
  private readonly locatedStarts = new WeakSet<object>();
  private readonly real: Entry[] = [];
  private readonly synth: Entry[] = [];
  private readonly luaLines: string[];

  constructor(
    luaSource: string,
    private readonly opts: DebugMapOptions = {},
  ) {
    // luaparse's line terminators: \n, \r, \r\n, \n\r
    this.luaLines = luaSource.split(/\r\n|\n\r|\r|\n/);
  }

  prepare(main: any): void {
    const marker = { start: this.marker };
    // A statement's Lua location sits on the statement node, which the printer never maps
    // (it maps leaves): give it to the statement's first unlocated identifier instead.
    const walk = (node: any, parentType: string | undefined, key: string | undefined, stmt: { loc?: any }): void => {
      if (node === null || typeof node !== "object") return;
      if (Array.isArray(node)) {
        for (const n of node) walk(n, parentType, key, stmt);
        return;
      }
      if (typeof node.type !== "string") return;
      if (node.type === "Identifier") {
        // variables only: not property names, labels, or function names (named at their `(`)
        if (key === "property" && parentType === "MemberExpression") return;
        if (key === "label" || (key === "id" && parentType === "FunctionExpression")) return;
        if (node.loc) stmt.loc = undefined;
        else if (stmt.loc) {
          const start = { line: stmt.loc.start.line, column: stmt.loc.start.column };
          this.locatedStarts.add(start);
          node.loc = { start };
          stmt.loc = undefined;
        } else node.loc = marker;
        return;
      }
      if (node.loc && (node.type === "Literal" || node.type === "FunctionExpression")) stmt.loc = undefined;
      if (/Statement$|Declaration$/.test(node.type) && node.loc) stmt = { loc: node.loc };
      for (const k of Object.keys(node)) {
        if (k === "loc" || k === "type") continue;
        if (k === "property" && node.type === "MemberExpression" && node.computed) walk(node[k], node.type, "computed", stmt);
        else walk(node[k], node.type, k, stmt);
      }
    };
    for (const p of main.params) walk(p, main.type, "params", {});
    walk(main.body, main.type, "body", {});
    if (this.opts.pauseOnStart) main.body.body.unshift({ type: "DebuggerStatement", loc: marker });
  }

  mapping(m: { gl: number; gc: number; ol: number; oc: number; name?: string; original: object }): boolean {
    if (m.original === this.marker) {
      this.synth.push({ gl: m.gl, gc: m.gc, ol: 0, oc: 0, name: m.name, synthetic: true });
      return true;
    }
    this.real.push({ gl: m.gl, gc: m.gc, ol: m.ol, oc: m.oc, name: m.name });
    return this.locatedStarts.has(m.original); // debugger-only: not in the line table
  }

  /** The Lua name of an emitted identifier (`x$1` -> `x`, `end_` -> ...); `$` names stay. */
  private luaNames(): (js: string) => string {
    const known = new Map<string, string>();
    for (const e of this.real) {
      if (!e.name || e.name.startsWith("$") || known.has(e.name)) continue;
      const text = this.luaLines[e.ol - 1]?.slice(e.oc).match(/^[A-Za-z_][A-Za-z0-9_]*/)?.[0];
      if (text && (JS_RESERVED.has(text) ? text + "_" : text) === e.name.replace(/\$\d+$/, "")) known.set(e.name, text);
    }
    return (js: string) => {
      if (js.startsWith("$") || js.endsWith("$")) return js;
      const k = known.get(js);
      if (k !== undefined) return k;
      const base = js.replace(/\$\d+$/, "");
      return base.endsWith("_") && JS_RESERVED.has(base.slice(0, -1)) ? base.slice(0, -1) : base;
    };
  }

  /** All entries of the debug map, sorted by generated position. */
  entries(code: string): Entry[] {
    const lines = code.split("\n");
    const mainLine = lines.findIndex((l) => /\bfunction \$main\(/.test(l)) + 1;
    const luaName = this.luaNames();
    const all: Entry[] = [...this.real.map((e) => ({ ...e })), ...this.synth.map((e) => ({ ...e }))];
    const at = new Set(all.map((e) => e.gl * 1e6 + e.gc));
    const byPos = (a: Entry, b: Entry) => a.gl - b.gl || a.gc - b.gc;
    all.sort(byPos);
    const firstReal = all.find((e) => !e.synthetic);
    // function names at their `(` (the Lua location of the function itself)
    const realAt = new Map(this.real.map((e) => [e.gl * 1e6 + e.gc, e]));
    for (let l = Math.max(1, mainLine); l <= lines.length; l++) {
      for (const m of lines[l - 1].matchAll(/\bfunction\*? ([A-Za-z0-9_$]+)\(/g)) {
        const gc = m.index! + m[0].length - 1;
        if (at.has(l * 1e6 + gc)) continue;
        const fn = realAt.get(l * 1e6 + m.index!);
        const origin = fn ?? (m[1] === "$main" ? firstReal : undefined);
        all.push({ gl: l, gc, ol: origin?.ol ?? 1, oc: origin?.oc ?? 0, name: luaFunctionName(m[1]), synthetic: origin === undefined });
        at.add(l * 1e6 + gc);
      }
    }
    all.sort(byPos);
    // synthetic entries: the next located entry on their line, else the previous one
    let prev: Entry | undefined;
    for (let i = 0; i < all.length; i++) {
      const e = all[i];
      if (e.synthetic) {
        let next: Entry | undefined;
        for (let j = i + 1; j < all.length && all[j].gl === e.gl; j++) {
          if (!all[j].synthetic) {
            next = all[j];
            break;
          }
        }
        // a line that only declares (`let a, b;`) belongs to the statement after it
        if (next === undefined && /^\s*let [\w$, ]+;\s*$/.test(lines[e.gl - 1] ?? "")) next = all.slice(i + 1).find((x) => !x.synthetic);
        const from = next ?? prev ?? firstReal;
        e.ol = from?.ol ?? 1;
        e.oc = from?.oc ?? 0;
        e.synthetic = false;
      }
      prev = e;
      if (e.name) e.name = e.name.startsWith("$") || !/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(e.name) ? e.name : luaName(e.name);
    }
    // statement starts inside the main function
    const starts: Entry[] = [];
    let k = 0;
    for (let l = Math.max(1, mainLine + 1); l <= lines.length; l++) {
      while (k < all.length && all[k].gl < l) k++;
      if (k >= all.length || all[k].gl !== l) continue;
      const c0 = lines[l - 1].search(/\S/);
      if (c0 < 0 || lines[l - 1][c0] === "}" || all[k].gc === c0) continue;
      starts.push({ gl: l, gc: c0, ol: all[k].ol, oc: all[k].oc });
    }
    return [...all, ...starts].sort(byPos);
  }

  /**
   * The source map (JSON text). `source` is the Lua file as DevTools should show it: a URL
   * (e.g. file:///abs/path.lua) or a path relative to the compiled script's URL.
   */
  sourceMap(code: string, file: string, source: string, sourceContent?: string): string {
    const gen = new SourceMapGenerator({ file });
    for (const e of this.entries(code)) {
      gen.addMapping({ generated: { line: e.gl, column: e.gc }, original: { line: e.ol, column: e.oc }, source, name: e.name });
    }
    if (sourceContent !== undefined) gen.setSourceContent(source, sourceContent);
    return gen.toString();
  }
}

// Lua source -> luaparse AST. The source is a byte string (latin1: one char per byte)
// and luaparse runs in pseudo-latin1 mode so string literals keep every byte.
// luaparse carries two patches of ours (patches/luaparse+0.3.1.patch): `return "end"`,
// `break;` in 5.1 mode, parentheses recorded as `inParens`, and caller-added features.
import luaparse from "luaparse";

export class LuaSyntaxError extends Error {
  constructor(
    readonly chunkName: string,
    readonly line: number,
    readonly column: number,
    readonly detail: string,
  ) {
    super(`${chunkName}:${line}:${column}: ${detail}`);
    this.name = "LuaSyntaxError";
  }
}

const OPTIONS = {
  luaVersion: "LuaJIT",
  encodingMode: "pseudo-latin1",
  locations: true,
  ranges: false,
  scope: false,
  comments: false,
  // Lua 5.1 as LuaJIT runs it, plus the 5.3 operators luaparse knows (`//`, bitwise).
  features: { integerDivision: true, bitwiseOperators: true, emptyStatement: true },
} as const;

/** Parse a chunk; throws LuaSyntaxError (never a raw luaparse exception). */
export function parseLua(source: string, chunkName: string): any {
  try {
    return (luaparse as any).parse(source, OPTIONS);
  } catch (e: any) {
    if (e instanceof SyntaxError && typeof (e as any).line === "number") {
      const { line, column } = e as unknown as { line: number; column: number };
      // luaparse: "[1:5] unexpected symbol 'x' near 'y'"
      const detail = String(e.message).replace(/^\[\d+:\d+\]\s*/, "");
      throw new LuaSyntaxError(chunkName, line, column + 1, detail);
    }
    throw new LuaSyntaxError(chunkName, 1, 1, String(e?.message ?? e));
  }
}

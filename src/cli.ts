// The `moonbox` command line: run, check, compile.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { Engine, RunResult, LuaResultValue } from "./engine.js";
import { compileLua } from "./compile.js";
import { ScriptError, EXIT_CODES } from "./errors.js";
import { transformCommand } from "./webhook/cli.js";
import { evalCommand } from "./predicate/cli.js";
import { publishCommand } from "./store/cli.js";
import { inspectCommand, profileCommand } from "./inspect/cli.js";
import { credentialCommand } from "./modules/crypto/cli.js";
import { LIMIT_FLAGS, runLimits } from "./cli-flags.js";

/** Commands with their own option parsers (their flags would not pass the strict one here). */
const SUBCOMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  transform: transformCommand,
  eval: evalCommand,
  publish: publishCommand,
  inspect: inspectCommand,
  profile: profileCommand,
  credential: credentialCommand,
};

const USAGE = `usage: moonbox <command> [options] FILE.lua [args...]

commands:
  run FILE.lua [args...]   run a Lua file in an isolate; print() goes to stdout
  check FILE.lua           report syntax errors as FILE.lua:LINE:COL: message
  compile FILE.lua         print the generated JavaScript (--map: the source map)
  transform SCRIPT.lua     run a webhook transform (moonbox transform --help)
  eval RULES... --events F evaluate predicate rules over events (moonbox eval --help)
  publish SCRIPT.lua --id ID  validate and publish a script to Kafka (moonbox publish --help)
  inspect SCRIPT.lua       debug in Chrome DevTools / VS Code on 127.0.0.1 (moonbox inspect --help)
  profile SCRIPT.lua       write a Lua-level .cpuprofile (moonbox profile --help)
  credential keygen|encrypt|decrypt  make keys and envelopes for crypto.decrypt_credential

options:
  --json                   (run) print one JSON object on the last line of stdout
  --timeout DURATION       wall-clock limit, e.g. 500ms, 2s (default 500ms)
  --memory-limit SIZE      memory limit, e.g. 64mb, 1024kb (default 64mb)
  --instruction-limit N    instruction budget (loop iterations + calls; default unlimited)
  --map                    (compile) print the source map instead of the code
`;

function readLua(file: string): string {
  return readFileSync(file).toString("latin1");
}

/** The documented `--json` value shape. */
export function jsonValue(v: LuaResultValue): unknown {
  switch (v.t) {
    case "nil":
      return null;
    case "boolean":
      return (v as any).v;
    case "number": {
      const n = (v as any).v as number;
      if (Number.isFinite(n)) return n;
      return n !== n ? "nan" : n > 0 ? "inf" : "-inf";
    }
    case "string": {
      const bytes = Buffer.from((v as any).v, "latin1");
      const text = bytes.toString("utf8");
      return Buffer.from(text, "utf8").equals(bytes) ? text : { base64: bytes.toString("base64") };
    }
    default:
      return { type: v.t, tostring: (v as any).s };
  }
}

async function run(file: string, args: string[], flags: Record<string, any>): Promise<number> {
  const engine = await Engine.create({ poolSize: 1, ...runLimits(flags, 500) });
  let r: RunResult;
  try {
    r = await engine.run(readLua(file), { chunkName: file, args });
  } finally {
    await engine.dispose();
  }
  if (flags.json) {
    const out = {
      ok: r.ok,
      values: r.values.map(jsonValue),
      stdout: Buffer.from(r.stdout, "latin1").toString("utf8"),
      error: r.error ? { type: r.error.type, message: r.error.message, line: r.error.line ?? null } : null,
      duration_ms: Math.round(r.durationMs * 1000) / 1000,
      heap_bytes: r.heapBytes,
    };
    process.stdout.write(JSON.stringify(out) + "\n");
  } else {
    process.stdout.write(Buffer.from(r.stdout, "latin1"));
    if (r.error) {
      process.stderr.write(`moonbox: ${r.error.message}\n`);
      if (r.error.luaTraceback) process.stderr.write(r.error.luaTraceback + "\n");
    }
  }
  return r.error ? EXIT_CODES[r.error.type] : 0;
}

function check(file: string): number {
  try {
    compileLua(readLua(file), file);
    process.stdout.write(`${file}: ok\n`);
    return 0;
  } catch (e) {
    if (e instanceof ScriptError) {
      process.stderr.write(`${e.message}\n`);
      return EXIT_CODES[e.type];
    }
    throw e;
  }
}

function compile(file: string, flags: Record<string, any>): number {
  try {
    const src = readLua(file);
    const c = compileLua(src, file);
    process.stdout.write(flags.map ? c.sourceMap(src) + "\n" : c.code);
    return 0;
  } catch (e) {
    if (e instanceof ScriptError) {
      process.stderr.write(`${e.message}\n`);
      return EXIT_CODES[e.type];
    }
    throw e;
  }
}

export async function main(argv: string[]): Promise<number> {
  const sub = SUBCOMMANDS[argv[0]];
  if (sub) return sub(argv.slice(1));
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: "boolean" },
        map: { type: "boolean" },
        ...LIMIT_FLAGS,
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (e) {
    process.stderr.write(`moonbox: ${(e as Error).message}\n${USAGE}`);
    return 1;
  }
  const [cmd, file, ...rest] = parsed.positionals;
  if (parsed.values.help || !cmd) {
    process.stdout.write(USAGE);
    return cmd || parsed.values.help ? 0 : 1;
  }
  if (!file) {
    process.stderr.write(`moonbox: ${cmd}: missing FILE.lua\n${USAGE}`);
    return 1;
  }
  try {
    switch (cmd) {
      case "run":
        return await run(file, rest, parsed.values);
      case "check":
        return check(file);
      case "compile":
        return compile(file, parsed.values);
      default:
        process.stderr.write(`moonbox: unknown command '${cmd}'\n${USAGE}`);
        return 1;
    }
  } catch (e) {
    process.stderr.write(`moonbox: ${(e as Error).message}\n`);
    return 1;
  }
}

// `moonbox inspect` and `moonbox profile`: debugging and profiling Lua in Chrome DevTools and
// VS Code. Each returns the process exit code (0, 1 for usage, or the error type's code).
import { readFileSync, writeFileSync, statSync, readdirSync, createReadStream } from "node:fs";
import { basename, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { Engine, RunResult } from "../engine.js";
import { compileLua } from "../compile.js";
import { ScriptError, EXIT_CODES } from "../errors.js";
import { compileDebug, sourceUrlFor, type DebugChunk } from "./chunk.js";
import { luaCpuProfile, mergeCpuProfiles, selfTimes, LuaFrameResolver, type CpuProfile, type RuntimeFrames } from "./profile.js";
import type { InlinePool } from "../isolate/pool.js";
import type { ThreadCpuProfile } from "isolated-vm";
import { UsageError, usageError, parseDuration, posInt, LIMIT_FLAGS, runLimits } from "../cli-flags.js";

export const INSPECT_USAGE = `usage: moonbox inspect SCRIPT.lua [args...] [options]

Run a Lua script with an inspector endpoint that Chrome DevTools and VS Code attach to,
paused before its first line. DevTools shows the Lua file: set breakpoints on Lua lines,
step through Lua, read locals by their Lua names. Prints the devtools:// URL to open and
waits for a debugger (chrome://inspect also lists the target on 127.0.0.1:9229).

options:
  --port N                 inspector port (default 9229; 0: any free port)
  --host ADDR              listen address (default 127.0.0.1)
  --allow-remote           allow a non-loopback --host (whoever connects can run code)
  --wait DURATION          give up when no debugger attaches in time (default: forever)
  --no-pause               do not pause before the first line
  --no-wait-disconnect     exit when the script ends (default: wait for the debugger to leave)
  --timeout DURATION       run time limit, time paused included (default 1h)
  --memory-limit SIZE      memory limit (default 64mb)
  --instruction-limit N    instruction budget (default unlimited)
  --json                   print the result as one JSON object (as 'moonbox run --json')
webhook transform (run SCRIPT.lua as 'moonbox transform' would):
  --payload FILE           the incoming request body ('-': stdin)
  --header 'K: V'          an incoming request header (repeatable)
  --metadata JSON          metadata fields over the defaults
`;

export const PROFILE_USAGE = `usage: moonbox profile SCRIPT.lua [args...] [--out FILE.cpuprofile] [options]
       moonbox profile eval RULES... --events FILE.ndjson [--out FILE.cpuprofile] [options]

Run under the V8 CPU profiler and write a .cpuprofile that Chrome DevTools (Performance
panel: "Load profile") and VS Code open: frames are named by Lua function and placed on
Lua lines; runtime-shim frames are grouped as "(moonbox runtime)" so the Lua code stands
out. Prints the frames with the most self time.

options:
  --out FILE               output file (default SCRIPT.cpuprofile, or eval.cpuprofile)
  --runtime-frames MODE    group (default), fold (charge runtime time to the calling Lua
                           function) or keep (leave runtime-shim frames as they are)
  --repeat N               run the script N times into one profile (default 1)
  --top N                  print the N frames with the most self time (default 10; 0: none)
  --timeout DURATION       run time limit (default 60s)
  --memory-limit SIZE      memory limit (default 64mb)
  --instruction-limit N    instruction budget (default unlimited)
eval (predicate rules over an NDJSON events file, as 'moonbox eval'):
  --events FILE            the events file (required)
  --batch-size N           events per batch (default 10000: every isolate entry under
                           the profiler costs a few ms more than the one before)
  --memory-limit-kb N      allocation limit per evaluation, KB (default 1024)
`;

/** What `moonbox run` prints for a result (stdout, then the error and Lua traceback on stderr). */
function report(r: RunResult, json: boolean): number {
  if (json) {
    process.stdout.write(
      JSON.stringify({
        ok: r.ok,
        values: r.values,
        stdout: Buffer.from(r.stdout, "latin1").toString("utf8"),
        error: r.error ? { type: r.error.type, message: r.error.message, line: r.error.line ?? null, traceback: r.error.luaTraceback ?? null } : null,
        duration_ms: Math.round(r.durationMs * 1000) / 1000,
        heap_bytes: r.heapBytes,
      }) + "\n",
    );
  } else {
    process.stdout.write(Buffer.from(r.stdout, "latin1"));
    if (r.error) {
      process.stderr.write(`moonbox: ${r.error.message}\n`);
      if (r.error.luaTraceback) process.stderr.write(r.error.luaTraceback + "\n");
    }
  }
  return r.error ? EXIT_CODES[r.error.type] : 0;
}

// ---------------------------------------------------------------- inspect

export async function inspectCommand(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      allowNegative: true,
      strict: true,
      options: {
        port: { type: "string" },
        host: { type: "string" },
        "allow-remote": { type: "boolean" },
        wait: { type: "string" },
        pause: { type: "boolean", default: true },
        "wait-disconnect": { type: "boolean", default: true },
        ...LIMIT_FLAGS,
        json: { type: "boolean" },
        payload: { type: "string" },
        header: { type: "string", multiple: true },
        metadata: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (e) {
    return usageError("inspect", INSPECT_USAGE, (e as Error).message);
  }
  const f = parsed.values;
  if (f.help) {
    process.stdout.write(INSPECT_USAGE);
    return 0;
  }
  const [file, ...args] = parsed.positionals;
  if (!file) return usageError("inspect", INSPECT_USAGE, "missing SCRIPT.lua");
  let lim, port, waitMs: number | undefined, source: Buffer;
  try {
    lim = runLimits(f, 3_600_000);
    port = posInt("port", f.port, 9229);
    waitMs = f.wait ? parseDuration(f.wait) : undefined;
    source = readFileSync(file);
  } catch (e) {
    if (e instanceof UsageError || (e as any)?.code === "ENOENT" || (e as any)?.code === "EISDIR") return usageError("inspect", INSPECT_USAGE, (e as Error).message);
    throw e;
  }
  // the chunk name is the file as given (as in `moonbox run` and `moonbox transform`)
  let chunk: DebugChunk;
  try {
    chunk = compileDebug(source, file, { sourcePath: resolve(file), pauseOnStart: f.pause });
  } catch (e) {
    if (e instanceof ScriptError) {
      process.stderr.write(`${e.message}\n`);
      return EXIT_CODES[e.type];
    }
    throw e;
  }
  let engine: Engine;
  try {
    engine = await Engine.create({ inspector: { port, host: f.host, allowRemote: f["allow-remote"], title: basename(file), url: sourceUrlFor(resolve(file)) }, ...lim });
  } catch (e) {
    process.stderr.write(`moonbox inspect: ${(e as Error).message}\n`);
    return 1;
  }
  const insp = engine.inspector!;
  try {
    process.stderr.write(
      `moonbox inspect: Debugger listening on ${insp.webSocketUrl}\n` +
        `moonbox inspect: open in Chrome: ${insp.devtoolsUrl}\n` +
        `moonbox inspect: (or chrome://inspect with ${insp.host}:${insp.port} configured; VS Code: attach to port ${insp.port})\n` +
        `moonbox inspect: waiting for the debugger...\n`,
    );
    if (!(await insp.waitForDebugger(waitMs))) {
      process.stderr.write(`moonbox inspect: no debugger attached within ${f.wait}\n`);
      return 1;
    }
    process.stderr.write(`moonbox inspect: debugger attached\n`);
    let code: number;
    if (f.payload !== undefined) code = await inspectTransform(engine, chunk, source, file, f, lim.timeoutMs);
    else code = report(await engine.run(chunk, { args }), !!f.json);
    if (f["wait-disconnect"] && insp.sessions > 0) {
      process.stderr.write(`moonbox inspect: script finished; waiting for the debugger to disconnect...\n`);
      await insp.waitForDisconnect();
    }
    return code;
  } finally {
    await engine.dispose();
  }
}

/** Run the script as a webhook transform on the inspector engine (the debug build stands in). */
async function inspectTransform(engine: Engine, chunk: DebugChunk, source: Buffer, file: string, f: Record<string, any>, timeoutMs: number): Promise<number> {
  const { WebhookTransformer } = await import("../webhook/transformer.js");
  const { jsonReport, ulid } = await import("../webhook/cli.js");
  const { defaultConfig } = await import("../config.js");
  const payload = readFileSync(f.payload === "-" ? 0 : f.payload);
  const headers = ((f.header as string[] | undefined) ?? []).map((h): [string, string] => {
    const i = h.indexOf(":");
    if (i <= 0) throw new UsageError(`--header: expected 'Name: value', got '${h}'`);
    return [h.slice(0, i).trim(), h.slice(i + 1).trim()];
  });
  const given = f.metadata ? JSON.parse(f.metadata) : {};
  const metadata = { webhook_id: ulid(), config_id: "cli", attempt: 0, max_attempts: 5, created_at: new Date().toISOString(), ...given };
  // the transformer compiles the script itself (same chunk id): load the debug build first
  await engine.pool.invoke("has", [chunk.id], { timeoutMs: 10_000, chunks: [chunk] });
  const t = await WebhookTransformer.create({ engine, config: { ...defaultConfig(), enabled: true, poolSize: 1, timeoutMs }, logger: false });
  try {
    const r = await t.tryTransform({ script: { source, name: file }, payload, headers, metadata });
    process.stdout.write(JSON.stringify(jsonReport(r), null, 2) + "\n");
    return r.error ? EXIT_CODES[r.error.type] : 0;
  } finally {
    await t.dispose();
  }
}

// ---------------------------------------------------------------- profile

function writeProfile(out: string, p: CpuProfile, top: number): void {
  writeFileSync(out, JSON.stringify(p));
  const total = p.samples.length || 1;
  process.stderr.write(`moonbox profile: wrote ${out} (${p.samples.length} samples, ${((p.endTime - p.startTime) / 1000).toFixed(1)} ms)\n`);
  if (top <= 0) return;
  process.stderr.write(`  self ms  samples  function (file:line)\n`);
  for (const s of selfTimes(p).slice(0, top)) {
    const where = s.frame.url ? ` (${s.frame.url}:${s.frame.lineNumber + 1})` : "";
    process.stderr.write(`${s.ms.toFixed(1).padStart(9)} ${((100 * s.samples) / total).toFixed(1).padStart(7)}%  ${s.frame.functionName}${where}\n`);
  }
}

export async function profileCommand(argv: string[]): Promise<number> {
  if (argv[0] === "eval") return profileEval(argv.slice(1));
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        out: { type: "string", short: "o" },
        "runtime-frames": { type: "string" },
        repeat: { type: "string" },
        top: { type: "string" },
        ...LIMIT_FLAGS,
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (e) {
    return usageError("profile", PROFILE_USAGE, (e as Error).message);
  }
  const f = parsed.values;
  if (f.help) {
    process.stdout.write(PROFILE_USAGE);
    return 0;
  }
  const [file, ...args] = parsed.positionals;
  if (!file) return usageError("profile", PROFILE_USAGE, "missing SCRIPT.lua");
  let lim, repeat: number, top: number, mode: RuntimeFrames, source: string;
  try {
    lim = runLimits(f, 60_000);
    repeat = Math.max(1, posInt("repeat", f.repeat, 1));
    top = posInt("top", f.top, 10);
    mode = runtimeFrames(f["runtime-frames"]);
    source = readFileSync(file).toString("latin1");
  } catch (e) {
    if (e instanceof UsageError || (e as any)?.code === "ENOENT" || (e as any)?.code === "EISDIR") return usageError("profile", PROFILE_USAGE, (e as Error).message);
    throw e;
  }
  const out = f.out ?? basename(file).replace(/\.lua$/, "") + ".cpuprofile";
  let chunk;
  try {
    chunk = compileLua(source, file);
  } catch (e) {
    if (e instanceof ScriptError) {
      process.stderr.write(`${e.message}\n`);
      return EXIT_CODES[e.type];
    }
    throw e;
  }
  const engine = await Engine.create({ isolation: "inline", poolSize: 1, ...lim, profileRuntimeFrames: mode });
  const profiles: CpuProfile[] = [];
  let last: RunResult | undefined;
  try {
    for (let i = 0; i < repeat; i++) {
      last = await engine.run(chunk, { args, cpuProfile: true });
      if (last.cpuProfile) profiles.push(last.cpuProfile);
      if (last.error) break;
    }
  } finally {
    await engine.dispose();
  }
  writeProfile(out, profiles.length === 1 ? profiles[0] : mergeCpuProfiles(profiles), top);
  return report(last!, false);
}

function runtimeFrames(v: string | undefined): RuntimeFrames {
  if (v === undefined) return "group";
  if (v === "group" || v === "fold" || v === "keep") return v;
  throw new UsageError(`--runtime-frames: expected group, fold or keep, got '${v}'`);
}

/** `moonbox profile eval RULES... --events F`: the isolate's CPU profile over the whole evaluation. */
async function profileEval(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        events: { type: "string" },
        out: { type: "string", short: "o" },
        "runtime-frames": { type: "string" },
        top: { type: "string" },
        "batch-size": { type: "string" },
        "instruction-limit": { type: "string" },
        "memory-limit-kb": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (e) {
    return usageError("profile eval", PROFILE_USAGE, (e as Error).message);
  }
  const f = parsed.values;
  if (f.help) {
    process.stdout.write(PROFILE_USAGE);
    return 0;
  }
  if (!f.events) return usageError("profile eval", PROFILE_USAGE, "--events FILE is required");
  let batchSize: number, instructionLimit: number, memoryLimitKb: number, top: number, mode: RuntimeFrames;
  const rules: { id: string; script: string; file: string }[] = [];
  try {
    // isolated-vm starts (and never frees) a V8 profiler per isolate entry: few, big batches
    batchSize = Math.max(1, posInt("batch-size", f["batch-size"], 10_000));
    instructionLimit = posInt("instruction-limit", f["instruction-limit"], 1_000_000);
    memoryLimitKb = posInt("memory-limit-kb", f["memory-limit-kb"], 1024);
    top = posInt("top", f.top, 10);
    mode = runtimeFrames(f["runtime-frames"]);
    for (const p of parsed.positionals) {
      const files = statSync(p).isDirectory() ? readdirSync(p).sort().filter((n) => n.endsWith(".lua")).map((n) => join(p, n)) : [p];
      for (const file of files) rules.push({ id: basename(file).replace(/\.lua$/, ""), script: readFileSync(file).toString("latin1"), file });
    }
    if (rules.length === 0) throw new UsageError("no .lua rule files found");
  } catch (e) {
    if (e instanceof UsageError || (e as any)?.code === "ENOENT") return usageError("profile eval", PROFILE_USAGE, (e as Error).message);
    throw e;
  }
  const { LuaEngine } = await import("../predicate/engine.js");
  const { BatchEncoder } = await import("../predicate/batch.js");
  const { addEvent } = await import("../predicate/cli.js");
  // each rule its own script: profiles name frames by script (chunk id)
  const engine = await LuaEngine.create({ instructionLimit, memoryLimitKb }, undefined, { isolation: "inline", poolSize: 1, groupScripts: false });
  const threads: ThreadCpuProfile[] = [];
  let events = 0;
  let errors = 0;
  try {
    const loaded = await engine.loadRules(rules.map(({ id, script }) => ({ id, script })));
    const failed = loaded.find((r) => !r.ok);
    if (failed && !failed.ok) {
      process.stderr.write(`moonbox profile eval: ${failed.ruleId}: ${failed.error.message}\n`);
      return EXIT_CODES[failed.error.type];
    }
    const hosts = (engine.moonbox.pool as InlinePool).startedHosts();
    // an isolate entry that began before the profiler started is not profiled: let it end
    const settle = () => new Promise((r) => setTimeout(r, 20));
    await settle();
    const title = `moonbox-eval-${process.pid}`;
    for (const h of hosts) h.isolate.startCpuProfiler(title);
    try {
      const enc = new BatchEncoder(batchSize);
      const flush = async () => {
        if (enc.length === 0) return;
        const r = await engine.evaluateBatch(enc.finish());
        errors += r.errors.length;
      };
      let rest = "";
      let lineNo = 0;
      for await (const part of createReadStream(f.events) as AsyncIterable<Buffer>) {
        const lines = (rest + part.toString("utf8")).split("\n");
        rest = lines.pop()!;
        for (const line of lines) {
          if (addEvent(enc, line, f.events, ++lineNo)) events++;
          if (enc.length >= batchSize) await flush();
        }
      }
      if (rest.length > 0 && addEvent(enc, rest, f.events, ++lineNo)) events++;
      await flush();
    } finally {
      await settle();
      for (const h of hosts) if (!h.disposed) threads.push(...(await h.isolate.stopCpuProfiler(title)));
    }
  } catch (e) {
    process.stderr.write(`moonbox profile eval: ${(e as Error).message}\n`);
    return 1;
  } finally {
    await engine.dispose();
  }
  const resolver = new LuaFrameResolver();
  for (const r of rules) resolver.add(compileLua(r.script, r.id, { predicate: true }), r.file); // the engine's chunks (cached)
  writeProfile(f.out ?? "eval.cpuprofile", luaCpuProfile(threads, resolver, { runtimeFrames: mode }), top);
  process.stderr.write(`moonbox profile eval: ${events} events, ${rules.length} rules, ${errors} evaluation errors\n`);
  return 0;
}

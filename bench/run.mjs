#!/usr/bin/env node
// Moonbox benchmark harness. See bench/README.md.
//
//   npm run bench -- [--runs N] [--filter NAME[,NAME]] [--json FILE] [--timeout MS]
//                    [--shared-engine] [--no-transpile] [--no-refs] [--no-js]
//
// For each bench/lua/*.lua program: Moonbox time (one Engine, compile once, one warm-up
// run, then N timed runs of engine.run(chunk), performance.now() around the call: isolate
// start-up excluded, runtime shims and per-run globals included), against luajit,
// luajit -joff and lua5.1 timed in the same invocation by a Lua wrapper (os.clock()
// around the loaded chunk, so process start-up and parsing are excluded), and against
// plain JavaScript: bench/js/NAME.js, the same algorithm written by hand, run with
// `node` (it times its own work with performance.now() and prints `ms=...` as the last
// line on stderr). Runs of the different interpreters are interleaved so that a burst of
// load on the (shared) machine hits all of them. Then transpile speed in µs per KB of Lua
// source.
//
// The engine is TypeScript: this file imports src/ through tsx, and re-executes itself
// with `--no-node-snapshot --import tsx` when started without them.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir, cpus, loadavg } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { isolateCpuMs } from "./lib.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");

// ---------------------------------------------------------------- re-exec with the flags we need

const argv0 = process.execArgv;
const hasTsx = argv0.some((a, i) => a === "--import=tsx" || (a === "--import" && argv0[i + 1] === "tsx"));
if (!argv0.includes("--no-node-snapshot") || !hasTsx) {
  const keep = argv0.filter((a, i) => a !== "--no-node-snapshot" && a !== "--import=tsx" && !(a === "--import" && argv0[i + 1] === "tsx") && !(a === "tsx" && argv0[i - 1] === "--import"));
  const r = spawnSync(process.execPath, ["--no-node-snapshot", "--import", "tsx", ...keep, fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: "inherit" });
  process.exit(r.status ?? 1);
}

// ---------------------------------------------------------------- options

const USAGE = `usage: npm run bench -- [options]
  --runs N          timed runs per program and interpreter (default 5)
  --warmup N        untimed Moonbox warm-up runs before them (default 1)
  --filter NAMES    only programs whose name contains one of NAMES (comma-separated)
  --json FILE       also write every figure as JSON to FILE
  --timeout MS      per-run time limit (default 60000)
  --memory MB       isolate heap cap for Moonbox (default 2048)
  --metric M        Moonbox figure used for ratios and verdicts: wall (default) or cpu
                    (CPU time of the isolate thread; steadier on a loaded machine)
  --isolation I     Engine isolation: inline (default; isolates in this process, CPU time
                    measurable) or process (the Engine's default: isolates in child processes)
  --shared-engine   run every program in one Engine/isolate (default: one per program)
  --no-transpile    skip the transpile-speed measurements
  --no-refs         skip the reference interpreters (luajit, lua5.1)
  --no-js           skip the plain-JavaScript references (bench/js/NAME.js under node)`;

function parseArgs(argv) {
  const o = { runs: 5, warmup: 1, filter: [], json: undefined, timeout: 60000, memory: 2048, metric: "wall", isolation: "inline", sharedEngine: false, transpile: true, refs: true, js: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      const v = argv[++i];
      if (v === undefined) fail(`${a} needs a value`);
      return v;
    };
    const int = (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) fail(`${a}: expected a positive integer, got ${v}`);
      return n;
    };
    if (a === "--runs") o.runs = int(val());
    else if (a === "--warmup") o.warmup = int(val());
    else if (a === "--filter") o.filter.push(...val().split(",").filter(Boolean));
    else if (a === "--json") o.json = val();
    else if (a === "--timeout") o.timeout = int(val());
    else if (a === "--memory") o.memory = int(val());
    else if (a === "--metric") {
      o.metric = val();
      if (o.metric !== "wall" && o.metric !== "cpu") fail(`--metric: expected wall or cpu, got ${o.metric}`);
    }
    else if (a === "--isolation") {
      o.isolation = val();
      if (o.isolation !== "inline" && o.isolation !== "process") fail(`--isolation: expected inline or process, got ${o.isolation}`);
    } else if (a === "--shared-engine") o.sharedEngine = true;
    else if (a === "--no-transpile") o.transpile = false;
    else if (a === "--no-refs") o.refs = false;
    else if (a === "--no-js") o.js = false;
    else if (a === "-h" || a === "--help") {
      console.log(USAGE);
      process.exit(0);
    } else fail(`unknown option ${a}\n${USAGE}`);
  }
  if (o.metric === "cpu" && o.isolation !== "inline") fail("--metric cpu needs --isolation inline (CPU time is read from the in-process isolate)");
  return o;
}

function fail(msg) {
  console.error(`bench: ${msg}`);
  process.exit(2);
}

const opts = parseArgs(process.argv.slice(2));
const log = (msg) => process.stderr.write(msg + "\n");

// ---------------------------------------------------------------- engine (TypeScript sources via tsx)

checkBundleFresh();
const { Engine } = await import("../src/engine.ts");
const { transpile } = await import("../src/transpile/index.ts");

/** The runtime bundle is read from dist/: warn when src/runtime-shims is newer. */
function checkBundleFresh() {
  const bundle = join(root, "dist", "runtime-bundle.js");
  if (!existsSync(bundle)) fail("dist/runtime-bundle.js is missing: run `npm run bench` (or `node scripts/build.mjs --bundle-only`) first");
  const built = statSync(bundle).mtimeMs;
  const newer = [];
  const walk = (d) => {
    for (const f of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, f.name);
      if (f.isDirectory()) walk(p);
      else if (statSync(p).mtimeMs > built) newer.push(p.slice(root.length + 1));
    }
  };
  walk(join(root, "src", "runtime-shims"));
  if (newer.length) {
    log(`bench: WARNING: the runtime bundle is older than ${newer.join(", ")}; ` + "run `npm run bench` (it rebuilds the bundle) for current figures");
  }
}

// ---------------------------------------------------------------- reference interpreters

const REFS = [
  { key: "luajit", label: "luajit", cmd: "luajit", args: [] },
  { key: "luajit_joff", label: "luajit -joff", cmd: "luajit", args: ["-joff"] },
  { key: "lua51", label: "lua5.1", cmd: "lua5.1", args: [] },
];

const workDir = mkdtempSync(join(tmpdir(), "moonbox-bench-"));
process.on("exit", () => rmSync(workDir, { recursive: true, force: true }));
const wrapper = join(workDir, "wrapper.lua");
// Load (parse) outside the timed region, like Moonbox's compile; os.clock() is CPU time.
writeFileSync(
  wrapper,
  `local f = assert(loadfile(arg[1]))
local t0 = os.clock()
f()
local t1 = os.clock()
io.stdout:flush()
io.stderr:write(string.format("\\n@@moonbox-bench-time %.9f\\n", t1 - t0))
`,
);

const refsAvailable = {};
for (const ref of REFS) {
  if (!opts.refs) {
    refsAvailable[ref.key] = false;
    continue;
  }
  const r = spawnSync(ref.cmd, [...ref.args, "-e", "io.write(_VERSION)"], { encoding: "utf8", timeout: 10000 });
  refsAvailable[ref.key] = !r.error && r.status === 0;
  if (!refsAvailable[ref.key]) {
    const why = r.error ? r.error.code ?? r.error.message : `exit ${r.status}: ${(r.stderr || "").trim()}`;
    log(`\n!!!!! bench: reference interpreter \`${ref.label}\` is NOT AVAILABLE (${why}); its column is skipped !!!!!\n`);
  }
}

/** One timed run of a reference interpreter: { ms, stdout } or { error }. */
function runRef(ref, file) {
  const r = spawnSync(ref.cmd, [...ref.args, wrapper, file], {
    encoding: "latin1",
    timeout: opts.timeout,
    killSignal: "SIGKILL",
    maxBuffer: 256 * 1024 * 1024,
    cwd: dirname(file),
  });
  if (r.error) {
    const timedOut = r.error.code === "ETIMEDOUT";
    return { error: timedOut ? `timeout (${opts.timeout} ms)` : String(r.error.message) };
  }
  const m = /\n@@moonbox-bench-time ([0-9.eE+-]+)\n$/.exec(r.stderr);
  if (r.status !== 0 || !m) {
    const msg = r.stderr.replace(/\n@@moonbox-bench-time.*\n$/, "").trim().split("\n")[0];
    return { error: r.signal ? `killed by ${r.signal}` : `exit ${r.status}: ${msg}` };
  }
  return { ms: Number(m[1]) * 1000, stdout: r.stdout };
}

// ---------------------------------------------------------------- plain JavaScript reference

const jsDir = join(here, "js");

/**
 * One timed run of bench/js/NAME.js under this node (no flags): { ms, stdout } or
 * { error }. The program times its own work and ends stderr with `ms=<milliseconds>`,
 * so node start-up and module parsing are excluded, JIT warm-up is included.
 */
function runJs(file) {
  const r = spawnSync(process.execPath, [file], {
    encoding: "latin1",
    timeout: opts.timeout,
    killSignal: "SIGKILL",
    maxBuffer: 256 * 1024 * 1024,
    cwd: dirname(file),
  });
  if (r.error) {
    const timedOut = r.error.code === "ETIMEDOUT";
    return { error: timedOut ? `timeout (${opts.timeout} ms)` : String(r.error.message) };
  }
  const m = /(?:^|\n)ms=([0-9.eE+-]+)\n?$/.exec(r.stderr);
  if (r.status !== 0 || !m) {
    const msg = r.stderr.trim().split("\n")[0] || "no ms=... line on stderr";
    return { error: r.signal ? `killed by ${r.signal}` : `exit ${r.status}: ${msg}` };
  }
  return { ms: Number(m[1]), stdout: r.stdout };
}

// ---------------------------------------------------------------- Moonbox

async function newEngine(isolation = opts.isolation) {
  return Engine.create({ poolSize: 1, memoryLimitMb: opts.memory, timeoutMs: opts.timeout, isolation });
}

async function runMoonbox(engine, chunk) {
  const c0 = isolateCpuMs(engine);
  const t0 = performance.now();
  const res = await engine.run(chunk);
  const ms = performance.now() - t0;
  const c1 = isolateCpuMs(engine);
  if (!res.ok) {
    const e = res.error;
    return { error: `${e?.type ?? "error"}: ${e?.message ?? "unknown"}`, ms };
  }
  return { ms, cpuMs: c0 !== undefined && c1 !== undefined ? c1 - c0 : undefined, stdout: res.stdout };
}

// ---------------------------------------------------------------- statistics and formatting

function median(xs) {
  if (!xs.length) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function spread(xs) {
  if (xs.length < 2) return 0;
  const m = median(xs);
  return (Math.max(...xs) - Math.min(...xs)) / m;
}

const fmtMs = (x) => (x === undefined ? "-" : x >= 100 ? x.toFixed(0) : x.toFixed(1));
const fmtRatio = (x) => (x === undefined || !isFinite(x) ? "-" : x.toFixed(2) + "x");

function oneLine(s, max = 70) {
  s = String(s).replace(/\s+/g, " ").trim();
  return s.length > max ? s.slice(0, max - 1) + "…" : s;
}

function printTable(header, rows, align) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) =>
    cells
      .map((c, i) => (align[i] === "r" ? String(c).padStart(widths[i]) : i === cells.length - 1 ? String(c) : String(c).padEnd(widths[i])))
      .join(" | ");
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("-|-"));
  for (const r of rows) console.log(line(r));
}

// ---------------------------------------------------------------- programs

const luaDir = join(here, "lua");
let programs = readdirSync(luaDir)
  .filter((f) => f.endsWith(".lua"))
  .sort()
  .map((f) => ({ name: basename(f, ".lua"), file: join(luaDir, f) }))
  .map((p) => ({ ...p, jsFile: existsSync(join(jsDir, p.name + ".js")) ? join(jsDir, p.name + ".js") : undefined }));
if (opts.filter.length) programs = programs.filter((p) => opts.filter.some((f) => p.name.includes(f)));
if (!programs.length) fail(`no program matches --filter ${opts.filter.join(",")}`);

log(
  `bench: ${programs.length} programs, ${opts.runs} runs each; node ${process.version}, ${cpus().length} CPUs, ` +
    `load ${loadavg().map((x) => x.toFixed(2)).join(" ")}`,
);

const results = [];
let shared;
for (const prog of programs) {
  const source = readFileSync(prog.file);
  const r = {
    name: prog.name,
    bytes: source.length,
    status: "ok",
    notes: [],
    moonbox: { runs: [], cpuRuns: [], coldMs: undefined, transpileMs: undefined },
    refs: Object.fromEntries(REFS.map((ref) => [ref.key, { available: refsAvailable[ref.key], runs: [], error: undefined, stdout: undefined }])),
    js: { available: opts.js && prog.jsFile !== undefined, file: prog.jsFile && "bench/js/" + basename(prog.jsFile), runs: [], error: undefined, stdout: undefined },
  };
  results.push(r);
  log(`\n[${prog.name}] ${source.length} bytes`);

  // -- Moonbox: engine, compile, warm-up
  let engine, chunk, mbOut;
  try {
    engine = opts.sharedEngine ? (shared ??= await newEngine()) : await newEngine();
    chunk = engine.compile(source, basename(prog.file));
    r.moonbox.transpileMs = chunk.transpileMs;
    const warmMs = [];
    for (let w = 0; w < opts.warmup; w++) {
      const warm = await runMoonbox(engine, chunk);
      warmMs.push(warm.ms);
      if (warm.error) throw new Error(warm.error);
      if (w === 0) {
        r.moonbox.coldMs = warm.ms;
        mbOut = warm.stdout;
      }
    }
    r.moonbox.warmupRuns = warmMs;
    log(`[${prog.name}] moonbox warm-up ${warmMs.map(fmtMs).join(", ")} ms`);
  } catch (e) {
    r.status = "unsupported";
    r.moonbox.error = oneLine(e?.message ?? e, 200);
    log(`[${prog.name}] moonbox: UNSUPPORTED: ${r.moonbox.error}`);
  }

  // -- timed runs, interleaved across interpreters
  for (let i = 1; i <= opts.runs; i++) {
    const parts = [];
    if (r.status === "ok") {
      const m = await runMoonbox(engine, chunk);
      if (m.error) {
        r.status = "unsupported";
        r.moonbox.error = oneLine(m.error, 200);
        parts.push(`moonbox FAILED (${r.moonbox.error})`);
      } else {
        r.moonbox.runs.push(m.ms);
        if (m.cpuMs !== undefined) r.moonbox.cpuRuns.push(m.cpuMs);
        if (m.stdout !== mbOut) r.notes.push(`moonbox output differs between runs (run ${i})`);
        parts.push(`moonbox ${fmtMs(m.ms)}`);
      }
    }
    for (const ref of REFS) {
      const rr = r.refs[ref.key];
      if (!rr.available || rr.error) continue;
      const x = runRef(ref, prog.file);
      if (x.error) {
        rr.error = oneLine(x.error, 200);
        parts.push(`${ref.label} FAILED (${rr.error})`);
        continue;
      }
      rr.runs.push(x.ms);
      if (rr.stdout === undefined) rr.stdout = x.stdout;
      parts.push(`${ref.label} ${fmtMs(x.ms)}`);
    }
    if (r.js.available && !r.js.error) {
      const x = runJs(prog.jsFile);
      if (x.error) {
        r.js.error = oneLine(x.error, 200);
        parts.push(`js FAILED (${r.js.error})`);
      } else {
        r.js.runs.push(x.ms);
        if (r.js.stdout === undefined) r.js.stdout = x.stdout;
        else if (x.stdout !== r.js.stdout) r.notes.push(`js output differs between runs (run ${i})`);
        parts.push(`js ${fmtMs(x.ms)}`);
      }
    }
    log(`[${prog.name}] run ${i}/${opts.runs}: ${parts.length ? parts.join(", ") + " (ms)" : "nothing left to run"}`);
  }
  if (engine && !opts.sharedEngine) await engine.dispose();

  // -- outputs: Moonbox must print what lua5.1 prints (luajit when lua5.1 is missing)
  const refOut = r.refs.lua51.stdout ?? r.refs.luajit.stdout ?? r.refs.luajit_joff.stdout;
  const refName = r.refs.lua51.stdout !== undefined ? "lua5.1" : r.refs.luajit.stdout !== undefined ? "luajit" : "luajit -joff";
  r.checksum = (refOut ?? mbOut ?? "").trim().replace(/\s+/g, " ");
  // -- the plain-JS reference must print the same (against the Lua reference, else Moonbox)
  const jsExpected = refOut ?? mbOut;
  if (r.js.stdout !== undefined && jsExpected !== undefined && r.js.stdout !== jsExpected) {
    r.js.mismatch = true;
    const who = refOut !== undefined ? refName : "moonbox";
    r.notes.push(`js (${r.js.file}) printed ${JSON.stringify(oneLine(r.js.stdout, 80))}, ${who} printed ${JSON.stringify(oneLine(jsExpected, 80))}: its time is not for the same work`);
    log(`\n!!!!! [${prog.name}] js OUTPUT MISMATCH: ${r.js.file} ${JSON.stringify(r.js.stdout)} vs ${who} ${JSON.stringify(jsExpected)} !!!!!\n`);
  }
  if (refOut === undefined) {
    r.notes.push("no reference output: Moonbox's output is NOT verified");
  } else {
    for (const ref of REFS) {
      const o = r.refs[ref.key].stdout;
      if (o !== undefined && o !== refOut) r.notes.push(`${ref.label} output differs from ${refName}: ${JSON.stringify(oneLine(o, 60))}`);
    }
    if (r.status === "ok" && mbOut !== refOut) {
      r.status = "MISMATCH";
      r.moonbox.stdout = mbOut;
      r.notes.push(`moonbox printed ${JSON.stringify(oneLine(mbOut, 80))}, ${refName} printed ${JSON.stringify(oneLine(refOut, 80))}`);
      log(`\n!!!!! [${prog.name}] OUTPUT MISMATCH: moonbox ${JSON.stringify(mbOut)} vs ${refName} ${JSON.stringify(refOut)} !!!!!\n`);
    }
  }

  // -- figures
  r.moonbox.median = median(r.moonbox.runs);
  r.moonbox.cpuMedian = median(r.moonbox.cpuRuns);
  r.moonbox.spread = spread(r.moonbox.runs);
  for (const ref of REFS) {
    const rr = r.refs[ref.key];
    rr.median = median(rr.runs);
    rr.spread = spread(rr.runs);
  }
  r.js.median = median(r.js.runs);
  r.js.spread = spread(r.js.runs);
  let mb = r.status !== "ok" ? undefined : opts.metric === "cpu" ? r.moonbox.cpuMedian : r.moonbox.median;
  if (mb === undefined && r.status === "ok") {
    mb = r.moonbox.median;
    r.notes.push("moonbox CPU time not available: ratios use wall time");
  }
  const lj = r.refs.luajit.median, l51 = r.refs.lua51.median;
  r.ratioLuajit = mb !== undefined && lj ? mb / lj : undefined;
  r.ratioLua51 = mb !== undefined && l51 ? mb / l51 : undefined;
  r.ratioJs = mb !== undefined && r.js.median && !r.js.mismatch ? mb / r.js.median : undefined;
  r.targets = {
    atMost2xLuajit: r.ratioLuajit === undefined ? undefined : r.ratioLuajit <= 2,
    fasterThanLua51: r.ratioLua51 === undefined ? undefined : r.ratioLua51 < 1,
  };
}
if (shared) await shared.dispose();

// ---------------------------------------------------------------- per-run overhead

/** engine.run() of a trivial chunk: what every run pays on top of the script itself. */
async function measureOverhead() {
  const out = [];
  for (const isolation of ["inline", "process"]) {
    let engine;
    try {
      engine = await newEngine(isolation);
      const chunk = engine.compile("local x = 1\nreturn x", "overhead.lua");
      for (let i = 0; i < 50; i++) await engine.run(chunk);
      const times = [];
      const t1 = performance.now();
      while (times.length < 300 && performance.now() - t1 < 3000) {
        const t0 = performance.now();
        const r = await engine.run(chunk);
        times.push(performance.now() - t0);
        if (!r.ok) throw new Error(r.error?.message);
      }
      out.push({ isolation, runs: times.length, medianUs: median(times) * 1000 });
      log(`[overhead] ${isolation}: ${(median(times) * 1000).toFixed(0)} µs median per engine.run() of a trivial chunk`);
    } catch (e) {
      out.push({ isolation, error: oneLine(e?.message ?? e, 200) });
      log(`[overhead] ${isolation}: FAILED ${oneLine(e?.message ?? e, 200)}`);
    } finally {
      await engine?.dispose();
    }
  }
  return out;
}
log("\n[overhead] measuring");
const overhead = await measureOverhead();

// ---------------------------------------------------------------- transpile speed

let transpileResults;
if (opts.transpile) {
  log("\n[transpile] measuring");
  transpileResults = measureTranspile();
}

/** Median µs per KB of transpile() (parse + lower + generate), warm, over many repetitions. */
function measureTranspile() {
  const out = [];
  const sources = programs.map((p) => ({ name: p.name, text: readFileSync(p.file, "latin1") }));
  // a larger synthetic source: every bench program (and then some) inside its own function
  const all = readdirSync(luaDir).filter((f) => f.endsWith(".lua")).sort().map((f) => readFileSync(join(luaDir, f), "latin1"));
  let big = "-- synthetic transpile input: bench programs wrapped in functions\n";
  for (let k = 0; big.length < 300 * 1024; k++) {
    const src = all[k % all.length];
    big += `do\n  local function bench_${k}(...)\n${src}\n  end\n  _G["bench_${k}"] = bench_${k}\nend\n`;
  }
  sources.push({ name: `synthetic ${Math.round(big.length / 1024)} KB`, text: big });
  for (const s of sources) {
    const kb = s.text.length / 1024;
    try {
      const once = () => {
        const t0 = performance.now();
        transpile(s.text, { chunkName: s.name + ".lua", id: "bench/" + s.name });
        return performance.now() - t0;
      };
      const first = once();
      // warm up for ~100 ms, then time for at least ~300 ms and 10 repetitions
      let spent = 0;
      while (spent < 100) spent += once();
      const times = [];
      spent = 0;
      while (times.length < 10 || (spent < 300 && times.length < 2000)) {
        const t = once();
        times.push(t);
        spent += t;
      }
      const med = median(times);
      out.push({ name: s.name, bytes: s.text.length, reps: times.length, firstMs: first, medianMs: med, usPerKB: (med * 1000) / kb });
      log(`[transpile] ${s.name}: ${(med * 1000).toFixed(0)} µs median of ${times.length} (${((med * 1000) / kb).toFixed(0)} µs/KB; first run ${(first * 1000).toFixed(0)} µs)`);
    } catch (e) {
      out.push({ name: s.name, bytes: s.text.length, error: oneLine(e?.message ?? e, 200) });
      log(`[transpile] ${s.name}: FAILED ${oneLine(e?.message ?? e, 200)}`);
    }
  }
  return out;
}

// ---------------------------------------------------------------- report

const refLabel = (ref) => (refsAvailable[ref.key] ? ref.label : `${ref.label} (missing)`);
console.log(
  `\nMoonbox benchmarks: median of ${opts.runs} runs, ms. moonbox = wall time of engine.run() after ${opts.warmup} warm-up run${opts.warmup > 1 ? "s" : ""}; ` +
    `mb cpu = CPU time of the isolate thread in those runs; mb 1st = the first (cold) run; references = os.clock() around the loaded chunk; ` +
    `js = hand-written JavaScript (bench/js/) in a fresh node, performance.now() around its work (JIT warm-up included, node start-up not). ` +
    `Ratios and verdicts use moonbox ${opts.metric === "cpu" ? "CPU" : "wall"} time.\n`,
);
const header = ["program", "moonbox", "mb cpu", "mb 1st", ...REFS.map(refLabel), "js", "mb/luajit", "mb/lua5.1", "mb/js", "verdict"];
const rows = results.map((r) => {
  const ok = r.status === "ok";
  let verdict;
  if (r.status === "unsupported") verdict = `unsupported (${oneLine(r.moonbox.error, 90)})`;
  else if (r.status === "MISMATCH") verdict = "OUTPUT MISMATCH";
  else {
    const miss = [];
    if (r.targets.atMost2xLuajit === false) miss.push(">2x luajit");
    if (r.targets.fasterThanLua51 === false) miss.push("slower than lua5.1");
    const unknown = r.targets.atMost2xLuajit === undefined || r.targets.fasterThanLua51 === undefined;
    verdict = miss.length ? "MISS: " + miss.join(", ") : unknown ? "meets known targets (reference missing)" : "meets targets";
  }
  return [
    r.name,
    ok ? fmtMs(r.moonbox.median) : r.status === "MISMATCH" ? fmtMs(r.moonbox.median) + "!" : "-",
    ok ? fmtMs(r.moonbox.cpuMedian) : "-",
    fmtMs(r.moonbox.coldMs),
    ...REFS.map((ref) => {
      const rr = r.refs[ref.key];
      return !rr.available ? "n/a" : rr.error ? "failed" : fmtMs(rr.median);
    }),
    !r.js.available ? "-" : r.js.error ? "failed" : fmtMs(r.js.median) + (r.js.mismatch ? "!" : ""),
    fmtRatio(r.ratioLuajit),
    fmtRatio(r.ratioLua51),
    fmtRatio(r.ratioJs),
    verdict,
  ];
});
printTable(header, rows, ["l", "r", "r", "r", "r", "r", "r", "r", "r", "r", "r", "l"]);

const notes = results.flatMap((r) => [
  ...r.notes.map((n) => `${r.name}: ${n}`),
  ...REFS.filter((ref) => r.refs[ref.key].error).map((ref) => `${r.name}: ${ref.label} failed: ${r.refs[ref.key].error}`),
  ...(r.js.error ? [`${r.name}: js (${r.js.file}) failed: ${r.js.error}`] : []),
  ...(opts.js && r.js.file === undefined ? [`${r.name}: no bench/js/${r.name}.js: no plain-JS reference`] : []),
  ...(r.moonbox.spread > 0.25 ? [`${r.name}: moonbox runs spread ${(r.moonbox.spread * 100).toFixed(0)}% (noisy)`] : []),
]);
for (const ref of REFS) if (!refsAvailable[ref.key] && opts.refs) notes.unshift(`${ref.label} is NOT INSTALLED: its column and the targets that need it are skipped`);
if (notes.length) {
  console.log("\nNotes:");
  for (const n of notes) console.log("  - " + n);
}

const measured = results.filter((r) => r.status === "ok");
const missing = results.filter((r) => r.status !== "ok" || r.targets.atMost2xLuajit === false || r.targets.fasterThanLua51 === false);
console.log(
  `\nTargets (Moonbox <= 2x luajit and faster than lua5.1 on every program): ` +
    (missing.length ? `MISSED by ${missing.map((r) => r.name).join(", ")}` : "met on every program") +
    ` (${measured.length}/${results.length} programs measured)`,
);
const gm = (xs) => (xs.length ? Math.exp(xs.reduce((a, x) => a + Math.log(x), 0) / xs.length) : undefined);
const gmLj = gm(measured.map((r) => r.ratioLuajit).filter((x) => x !== undefined));
const gm51 = gm(measured.map((r) => r.ratioLua51).filter((x) => x !== undefined));
const gmJsRs = measured.filter((r) => r.ratioJs !== undefined);
const gmJs = gm(gmJsRs.map((r) => r.ratioJs));
console.log(
  `Geometric mean over measured programs: moonbox/luajit ${fmtRatio(gmLj)}, moonbox/lua5.1 ${fmtRatio(gm51)}` +
    (opts.js ? `, moonbox/js ${fmtRatio(gmJs)}${gmJsRs.length < measured.length ? ` (${gmJsRs.length} programs with a js figure)` : ""}` : ""),
);

console.log(
  `\nPer-run overhead (engine.run() of a trivial chunk, median): ` +
    overhead.map((o) => `${o.isolation} ${o.error ? "failed (" + o.error + ")" : (o.medianUs / 1000).toFixed(3) + " ms"}`).join(", ") +
    (overhead.some((o) => o.isolation === opts.isolation) ? ` (the table above used ${opts.isolation})` : ""),
);

if (transpileResults) {
  console.log(`\nTranspile speed (transpile(): parse + lower + generate, warm, median):\n`);
  printTable(
    ["source", "KB", "median µs", "µs/KB", "reps", "first µs"],
    transpileResults.map((t) =>
      t.error
        ? [t.name, (t.bytes / 1024).toFixed(1), "failed", oneLine(t.error, 60), "", ""]
        : [t.name, (t.bytes / 1024).toFixed(1), (t.medianMs * 1000).toFixed(0), t.usPerKB.toFixed(0), t.reps, (t.firstMs * 1000).toFixed(0)],
    ),
    ["l", "r", "r", "r", "r", "r"],
  );
  const ok = transpileResults.filter((t) => !t.error);
  const tot = ok.reduce((a, t) => a + t.medianMs, 0), kb = ok.reduce((a, t) => a + t.bytes / 1024, 0);
  if (ok.length) console.log(`\nOverall: ${((tot * 1000) / kb).toFixed(0)} µs/KB (total median time / total size); median per source ${median(ok.map((t) => t.usPerKB)).toFixed(0)} µs/KB`);
}

if (opts.json) {
  const json = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    loadavg: loadavg(),
    options: opts,
    references: {
      ...Object.fromEntries(REFS.map((ref) => [ref.key, { command: [ref.cmd, ...ref.args].join(" "), available: refsAvailable[ref.key] }])),
      js: { command: `${process.execPath} bench/js/NAME.js`, available: opts.js },
    },
    programs: results,
    geomean: { moonboxOverLuajit: gmLj, moonboxOverLua51: gm51, moonboxOverJs: gmJs },
    overhead,
    transpile: transpileResults,
  };
  writeFileSync(opts.json, JSON.stringify(json, null, 2) + "\n");
  log(`\nbench: wrote ${opts.json}`);
}
process.exitCode = results.some((r) => r.status === "MISMATCH") ? 1 : 0;

#!/usr/bin/env node
// Coroutines must not slow plain code. Programs that never mention `coroutine` compile to
// exactly the code they had before coroutine support (no generator twins): this prints the
// core programs' times with twins forced on next to the normal compile (plain functions
// still run their plain versions; only closure creation attaches a twin), medians of
// several runs in one process. The resume/yield round-trip cost against luajit and lua5.1
// is bench/lua/coroutine_roundtrip.lua in `npm run bench`.
//
//   node bench/coroutines.mjs [--runs N]
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

if (!process.execArgv.includes("--no-node-snapshot") || !process.execArgv.includes("tsx")) {
  const r = spawnSync(process.execPath, ["--no-node-snapshot", "--import", "tsx", fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: "inherit" });
  process.exit(r.status ?? 1);
}
const runsArg = process.argv.indexOf("--runs");
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 7;
const { Engine } = await import("../src/engine.ts");
const { compileLua } = await import("../src/compile.ts");
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const engine = await Engine.create({ poolSize: 1, isolation: "inline", timeoutMs: 120_000, memoryLimitMb: 1024 });
console.log(`median of ${RUNS} runs, inline isolate\n`);
console.log("program      | normal compile | twins forced | ratio | same code?");
for (const name of ["fib", "methods", "closures", "numloop", "table_fields"]) {
  const src = readFileSync(new URL(`./lua/${name}.lua`, import.meta.url));
  const normal = compileLua(src, `${name}.lua`);
  const twins = compileLua(src, `${name}.lua`, { coroutines: true });
  const sameAsNoCo = normal.code.replace(/lua\/[^"]*/g, "") === compileLua(src, `${name}.lua`, { coroutines: false }).code.replace(/lua\/[^"]*/g, "");
  const t = { normal: [], twins: [] };
  for (const c of [normal, twins]) await engine.run(c);
  for (let i = 0; i < RUNS; i++) {
    for (const [k, c] of [["normal", normal], ["twins", twins]]) {
      const t0 = performance.now();
      const r = await engine.run(c);
      if (r.error) throw new Error(`${name}: ${r.error.message}`);
      t[k].push(performance.now() - t0);
    }
    process.stderr.write(`  ${name}: run ${i + 1}/${RUNS}\n`);
  }
  const a = median(t.normal), b = median(t.twins);
  console.log(`${name.padEnd(12)} | ${a.toFixed(1).padStart(11)} ms | ${b.toFixed(1).padStart(9)} ms | ${(b / a).toFixed(2)}x | ${sameAsNoCo ? "yes" : "NO"}`);
}
await engine.dispose();

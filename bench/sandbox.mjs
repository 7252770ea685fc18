#!/usr/bin/env node
// Sandbox costs: pool fill (cold isolate start), warm latency of a trivial run (p50/p99),
// and what the injected instruction-budget checks cost on CPU-bound programs (the same
// program compiled with and without the checks, medians of several runs, same process).
//
//   node bench/sandbox.mjs [--runs N] [--budget-only]   (re-executes itself with the flags it needs)
import { readFileSync } from "node:fs";
import { cpus } from "node:os";
import { reexecUnderTsx, opt, isolateCpuMs, median, quant } from "./lib.mjs";

reexecUnderTsx(import.meta.url);
const RUNS = Number(opt("runs", 7));
const { Engine } = await import("../src/engine.ts");
const { compileLua } = await import("../src/compile.ts");
const log = (m) => process.stderr.write(m + "\n");

// ---------------------------------------------------------------- pool fill and trivial-run latency
if (!process.argv.includes("--budget-only")) {
  const poolSize = cpus().length;
  console.log(`pool of ${poolSize} isolates (one per core); ${RUNS} fills per mode; 5000 trivial runs after 1000 warm-up\n`);
  console.log("isolation | pool fill median | trivial run p50 | p99");
  for (const isolation of ["inline", "process"]) {
    const fills = [];
    let engine;
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      const e = await Engine.create({ poolSize, isolation });
      fills.push(performance.now() - t0);
      if (i < RUNS - 1) await e.dispose();
      else engine = e;
      log(`  ${isolation}: fill ${i + 1}/${RUNS}`);
    }
    const chunk = engine.compile("return 1", "trivial.lua");
    for (let i = 0; i < 1000; i++) await engine.run(chunk);
    const lat = [];
    for (let i = 0; i < 5000; i++) {
      const t0 = performance.now();
      await engine.run(chunk);
      lat.push(performance.now() - t0);
    }
    await engine.dispose();
    console.log(`${isolation.padEnd(9)} | ${median(fills).toFixed(1).padStart(10)} ms | ${(quant(lat, 0.5) * 1000).toFixed(0).padStart(10)} µs | ${(quant(lat, 0.99) * 1000).toFixed(0).padStart(5)} µs`);
  }
}

// ---------------------------------------------------------------- budget checks on and off
// Ratios use the isolate's CPU time (wall time swings with machine load); both are printed.
console.log(`\nbudget checks (inline isolate, median of ${RUNS} interleaved runs; cost from isolate CPU time; target: under 10% slower with them)\n`);
console.log("program        | checks off: cpu (wall) | checks on, limit 1e15: cpu (wall) | cost");
const engine = await Engine.create({ poolSize: 1, isolation: "inline", timeoutMs: 120_000, memoryLimitMb: 1024 });
const costs = [];
for (const name of ["fib", "numloop", "methods", "closures", "queens", "table_fields"]) {
  const src = readFileSync(new URL(`./lua/${name}.lua`, import.meta.url));
  const on = compileLua(src, `${name}.lua`);
  const off = compileLua(src, `${name}.lua`, { budget: false });
  const wall = { on: [], off: [] };
  const cpu = { on: [], off: [] };
  await engine.run(on, { instructionLimit: 1e15 });
  await engine.run(off);
  for (let i = 0; i < RUNS; i++) {
    // interleave so a burst of machine load hits both variants
    for (const [k, c, limit] of [["off", off, undefined], ["on", on, 1e15]]) {
      const c0 = isolateCpuMs(engine);
      const t0 = performance.now();
      const r = await engine.run(c, { instructionLimit: limit });
      if (r.error) throw new Error(`${name}: ${r.error.message}`);
      wall[k].push(performance.now() - t0);
      cpu[k].push(isolateCpuMs(engine) - c0);
    }
    log(`  ${name}: run ${i + 1}/${RUNS}`);
  }
  const cost = (median(cpu.on) / median(cpu.off) - 1) * 100;
  // the fastest run of each: load only ever adds time, so this ratio is the least noisy one
  const minCost = (Math.min(...cpu.on) / Math.min(...cpu.off) - 1) * 100;
  costs.push(cost);
  const fig = (k) => `${median(cpu[k]).toFixed(1)} ms (${median(wall[k]).toFixed(1)})`;
  const pc = (x) => `${x >= 0 ? "+" : ""}${x.toFixed(1)}%`;
  console.log(`${name.padEnd(14)} | ${fig("off").padStart(22)} | ${fig("on").padStart(33)} | ${pc(cost).padStart(6)} ${cost < 10 ? "ok" : "MISSES TARGET"} (fastest runs: ${pc(minCost)})`);
}
const worst = Math.max(...costs);
console.log(`\nworst cost ${worst.toFixed(1)}%: ${worst < 10 ? "meets" : "misses"} the target (under 10% on every program)`);
await engine.dispose();

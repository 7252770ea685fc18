// Shared by the benchmark scripts: re-running the script under `--no-node-snapshot --import tsx`
// (isolated-vm needs the former, the engine's TypeScript sources the latter), the `--name value`
// flag reader, statistics, and the CPU time of an engine's isolate.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/**
 * Unless this process already runs with --no-node-snapshot and tsx, run the script at
 * `scriptUrl` (its import.meta.url) again that way, with the same arguments, and exit with
 * its status. Call it before importing any TypeScript.
 */
export function reexecUnderTsx(scriptUrl) {
  const argv0 = process.execArgv;
  const hasTsx = argv0.some((a, i) => a === "--import=tsx" || (a === "--import" && argv0[i + 1] === "tsx"));
  if (!argv0.includes("--no-node-snapshot") || !hasTsx) {
    const r = spawnSync(process.execPath, ["--no-node-snapshot", "--import", "tsx", ...argv0, fileURLToPath(scriptUrl), ...process.argv.slice(2)], { stdio: "inherit" });
    process.exit(r.status ?? 1);
  }
}

/** The value after `--name` on the command line, or `def`. */
export function opt(name, def) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** The q-quantile (0..1) of xs, nearest rank. */
export const quant = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

/**
 * CPU time (ms) consumed so far by the only isolate of an inline Engine (isolated-vm's
 * Isolate#cpuTime): under machine load it moves far less than wall time. Undefined when not
 * reachable (process isolation, or Engine internals changed: this peeks at them).
 */
export function isolateCpuMs(engine) {
  try {
    const pool = engine?.pool;
    const host = pool?.slots?.[0]?.host ?? pool?.idle?.[0] ?? engine?.idle?.[0];
    const t = host?.isolate?.cpuTime;
    return typeof t === "bigint" ? Number(t) / 1e6 : undefined;
  } catch {
    return undefined;
  }
}

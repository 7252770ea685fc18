// Redis for tests: whether the shared Redis answers (skip loudly outside CI, fail in CI), and
// a private redis-server child process on a fixed port, to kill and restart for outage tests.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { portOpen, sleep } from "./net.js";

export const IN_CI = !!process.env.CI;

/**
 * Whether a Redis answers at `url`. When none does: in CI (CI set) this throws; elsewhere it
 * prints a loud banner saying that `what` is skipped and returns false.
 */
export async function redisAnswers(url: string, what: string): Promise<boolean> {
  const u = new URL(url);
  if (await portOpen(Number(u.port || 6379), u.hostname)) return true;
  const why = `no Redis answers on ${u.host} (start one: redis-server --daemonize yes)`;
  if (IN_CI) throw new Error(why);
  const banner = "!".repeat(100);
  console.warn(`\n${banner}\n!!! SKIPPING ${what}: ${why}\n!!! (in CI, with CI set, this is a failure)\n${banner}\n`);
  return false;
}

interface Lock {
  /** The test process that runs (or is starting) the server. */
  owner: number;
  /** The redis-server's pid (absent while it is being started). */
  redis?: number;
}

export interface TestRedisOptions {
  /** The environment variable that chooses the port (named in the "port in use" error). */
  portEnv?: string;
}

/**
 * A redis-server child of this test process on a fixed port (no persistence), to kill and
 * restart. A lock file in the temp dir records who runs it, so that:
 * - a leftover of an aborted earlier run (its owner process is dead) is killed by its pid
 *   before starting;
 * - a live concurrent run that holds the port is waited for (up to a minute);
 * - a lock whose owner is dead, or whose server is no longer running, is taken over;
 * - destroy() drops the lock; so does a normal exit of this process (the "exit" event, which
 *   also kills a server still running), though a vitest worker may end without one.
 */
export class TestRedis {
  private proc: ChildProcess | undefined;
  private readonly lock: string;
  private readonly onExit = () => this.cleanupSync();
  private exitHooked = false;
  constructor(
    readonly port: number,
    private readonly opts: TestRedisOptions = {},
  ) {
    this.lock = join(tmpdir(), `moonbox-test-redis-${port}.json`);
  }
  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }
  /** Whether a redis-server binary is on the PATH. */
  static available(): boolean {
    return spawnSync("redis-server", ["--version"], { stdio: "ignore" }).status === 0;
  }

  private isOurRedis(pid: number): boolean {
    try {
      // redis-server retitles itself "redis-server 127.0.0.1:PORT"
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
      return cmd.includes("redis-server") && new RegExp(`\\b${this.port}\\b`).test(cmd);
    } catch {
      return false;
    }
  }
  private readLock(): Lock | undefined {
    try {
      return JSON.parse(readFileSync(this.lock, "utf8"));
    } catch {
      return undefined;
    }
  }
  private writeLock(lock: Lock, exclusive: boolean): boolean {
    try {
      writeFileSync(this.lock, JSON.stringify(lock), { flag: exclusive ? "wx" : "w" });
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
      throw e;
    }
  }
  /** Take the lock: kill a dead run's leftover server, wait for a live run's. */
  private async acquire(): Promise<void> {
    const giveUp = Date.now() + 60_000;
    let unreadableSince: number | undefined;
    while (!this.writeLock({ owner: process.pid }, true)) {
      const lock = this.readLock();
      if (!lock) {
        // being written by its creator this instant (or garbage): give it a moment, then take it
        unreadableSince ??= Date.now();
        if (Date.now() - unreadableSince < 1000) {
          await sleep(25);
          continue;
        }
      } else if (lock.owner !== process.pid && alive(lock.owner)) {
        // a live run holds the port while it starts its server and while that server runs
        if (lock.redis === undefined || this.isOurRedis(lock.redis)) {
          if (Date.now() > giveUp) throw new Error(`another test run (pid ${lock.owner}) holds redis-server on port ${this.port}`);
          await sleep(500);
          continue;
        }
      } else if (lock.owner !== process.pid && lock.redis !== undefined && this.isOurRedis(lock.redis)) {
        process.kill(lock.redis, "SIGKILL"); // left over from an aborted run (its owner is dead)
        for (let i = 0; i < 100 && (await portOpen(this.port)); i++) await sleep(50);
      }
      rmSync(this.lock, { force: true }); // stale, or our own from before a stop(): take it
      unreadableSince = undefined;
    }
  }

  async start(): Promise<void> {
    if (this.proc) return;
    await this.acquire();
    if (await portOpen(this.port)) {
      rmSync(this.lock, { force: true });
      const hint = this.opts.portEnv ? ` (set ${this.opts.portEnv})` : "";
      throw new Error(`port ${this.port} is in use: cannot start a test redis-server there${hint}`);
    }
    const p = spawn("redis-server", ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
    this.proc = p;
    const state: { exited?: string } = {};
    p.once("exit", (code, signal) => (state.exited ??= `exited (${signal ?? code})`));
    p.once("error", (e) => (state.exited ??= `failed: ${e.message}`));
    this.writeLock({ owner: process.pid, redis: p.pid }, false);
    if (!this.exitHooked) process.once("exit", this.onExit);
    this.exitHooked = true;
    for (let i = 0; i < 100 && state.exited === undefined; i++) {
      if (await portOpen(this.port)) {
        if (state.exited === undefined) return; // our child is up and answering
        break;
      }
      await sleep(50);
    }
    this.proc = undefined;
    p.kill("SIGKILL");
    rmSync(this.lock, { force: true });
    throw new Error(`redis-server on ${this.port} did not start${state.exited ? `: it ${state.exited}` : ""}`);
  }

  /** Kill it (an outage: its data is gone, as after a crash without persistence). */
  async stop(): Promise<void> {
    const p = this.proc;
    if (!p) return;
    this.proc = undefined;
    const exited = p.exitCode !== null || p.signalCode !== null ? Promise.resolve() : new Promise((r) => p.once("exit", r));
    p.kill("SIGKILL");
    await exited;
    for (let i = 0; i < 100 && (await portOpen(this.port)); i++) await sleep(50);
  }

  /** Stop it and drop the lock. */
  async destroy(): Promise<void> {
    await this.stop();
    process.removeListener("exit", this.onExit);
    this.exitHooked = false;
    if (this.readLock()?.owner === process.pid) rmSync(this.lock, { force: true });
  }

  private cleanupSync(): void {
    this.proc?.kill("SIGKILL");
    this.proc = undefined;
    if (this.readLock()?.owner === process.pid) rmSync(this.lock, { force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

// Test environment for the script store: a REAL Kafka broker (scripts/kafka/broker.sh) and
// REAL Redis servers.
//
// - The shared broker (port MOONBOX_KAFKA_PORT or 9092) is found running or started.
// - Tests that stop a broker or Redis get their own: a second broker on its own port and
//   state dir, a redis-server child process on its own port; the shared ones stay up.
// - Outside CI (CI unset), a broker that cannot be started makes the Kafka tests skip with a
//   loud message; in CI they fail.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { portOpen, sleep } from "../helpers/net.js";
import { IN_CI, TestRedis } from "../helpers/redis-server.js";

export { IN_CI, portOpen, sleep };

const ROOT = new URL("../..", import.meta.url).pathname;
export const BROKER_SH = join(ROOT, "scripts/kafka/broker.sh");

export function brokerSh(args: string[], timeoutMs = 240_000): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile("bash", [BROKER_SH, ...args], { timeout: timeoutMs, env: process.env }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as any).code ?? 1) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

export interface BrokerHandle {
  port: number;
  bootstrap: string;
  /** Why the broker is missing (undefined: it is there). */
  missing?: string;
}

let shared: Promise<BrokerHandle> | undefined;

/**
 * The shared broker: running on its port, or started with scripts/kafka/broker.sh. (Also
 * checks that the shared Redis answers: both are needed.)
 */
export function sharedBroker(): Promise<BrokerHandle> {
  if (!shared) {
    shared = (async () => {
      const port = Number(process.env.MOONBOX_KAFKA_PORT ?? 9092);
      const bootstrap = `127.0.0.1:${port}`;
      const redisUrl = new URL(process.env.MOONBOX_TEST_REDIS_URL ?? "redis://127.0.0.1:6379");
      const r = await brokerSh(["start", "--port", String(port)]);
      let why: string | undefined;
      if (r.code !== 0 || !(await portOpen(port))) {
        why = `could not start a Kafka broker on ${bootstrap} with scripts/kafka/broker.sh (exit ${r.code}): ${r.stderr.trim().split("\n").slice(-5).join(" | ")}`;
      } else if (!(await portOpen(Number(redisUrl.port || 6379), redisUrl.hostname))) {
        why = `no Redis answers on ${redisUrl.host} (start one: redis-server --daemonize yes)`;
      }
      if (why === undefined) return { port, bootstrap };
      if (IN_CI) throw new Error(why);
      const banner = "!".repeat(100);
      console.warn(`\n${banner}\n!!! SKIPPING the Kafka script-store tests: ${why}\n!!! (in CI, with CI set, this is a failure)\n${banner}\n`);
      return { port, bootstrap, missing: why };
    })();
  }
  return shared;
}

/** A broker of this test's own (to stop and restart): its own ports and state dir. */
export class OwnBroker {
  readonly state: string;
  constructor(readonly port: number) {
    this.state = mkdtempSync(join(tmpdir(), `moonbox-kafka-test-${port}-`));
  }
  get bootstrap(): string {
    return `127.0.0.1:${this.port}`;
  }
  async start(): Promise<void> {
    const r = await brokerSh(["start", "--port", String(this.port), "--state", this.state]);
    if (r.code !== 0) throw new Error(`broker ${this.port} did not start: ${r.stderr}`);
  }
  async stop(): Promise<void> {
    const r = await brokerSh(["stop", "--port", String(this.port), "--state", this.state]);
    if (r.code !== 0) throw new Error(`broker ${this.port} did not stop: ${r.stderr}`);
  }
  async destroy(): Promise<void> {
    await this.stop().catch(() => undefined);
    rmSync(this.state, { recursive: true, force: true });
  }
}

/**
 * A redis-server child process on its own port (no persistence), to stop and start: the shared
 * test helper, whose lock file makes it kill a leftover of an aborted run on that port.
 */
export class OwnRedis extends TestRedis {}

export function uniq(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;
}

/** Wait until `cond()` holds (polling), or fail after timeoutMs. */
export async function until(cond: () => boolean | Promise<boolean>, timeoutMs = 15_000, what = "condition"): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await cond()) return;
    await sleep(25);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

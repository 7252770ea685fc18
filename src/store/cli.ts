// `moonbox publish SCRIPT.lua --id ID [options]`: validate a Lua script and publish it to the
// compacted scripts topic; `moonbox publish --delete --id ID` publishes a tombstone.
//
// Prints `published ID version V hash H (topic T, partition P)`; with --json one JSON object
// on the last line of stdout: {"ok", "id", "hash", "version", "partition", "topic",
// "updated_at", "bytes"} (a delete: {"ok", "id", "deleted": true, "version", ...}; an error:
// {"ok": false, "error": {"type", "message", "line"}}).
// Exit code: 0; 11 (script_syntax_error) when the script does not validate (nothing is
// published); 1 for usage errors and when Kafka cannot be reached.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { EXIT_CODES, ScriptError } from "../errors.js";
import { checkId, validateScript } from "./record.js";
import { ScriptPublisher } from "./publisher.js";
import { defaultBrokers, DEFAULT_TOPIC } from "./kafka.js";

export const PUBLISH_USAGE = `usage: moonbox publish SCRIPT.lua --id ID [options]
       moonbox publish --delete --id ID [options]

Validate a Lua script (syntax, and that it compiles) and publish it to the scripts
topic (a compacted Kafka topic keyed by script id) that every worker follows. A script
that does not validate is never published.

options:
  --id ID             the script id (a webhook config_id or a predicate rule_id)
  --name NAME         chunk name shown in error messages (default: the engines' own)
  --delete            delete the id (a tombstone) instead of publishing a script
  --check             only validate the script; do not publish
  --brokers LIST      Kafka bootstrap brokers, comma-separated
                      (default: $MOONBOX_KAFKA_BROKERS or 127.0.0.1:9092)
  --topic TOPIC       scripts topic (default: $MOONBOX_SCRIPTS_TOPIC or ${DEFAULT_TOPIC})
  --redis URL         also store the source in Redis first (default: $MOONBOX_REDIS_URL if set)
  --no-redis          do not touch Redis
  --timeout DURATION  give up on Kafka after this long (default 30s)
  --json              print one JSON object on the last line of stdout
`;

class UsageError extends Error {}

function parseMs(s: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(s.trim());
  if (!m) throw new UsageError(`invalid duration '${s}' (use e.g. 500ms, 10s)`);
  return Number(m[1]) * ({ ms: 1, s: 1000, m: 60_000 } as Record<string, number>)[m[2] ?? "ms"];
}

export async function publishCommand(argv: string[]): Promise<number> {
  let json = false;
  const out = (o: Record<string, unknown>, text: string) => {
    if (json) process.stdout.write(JSON.stringify(o) + "\n");
    else process.stdout.write(text + "\n");
  };
  const fail = (code: number, type: string, message: string, line?: number) => {
    if (json) process.stdout.write(JSON.stringify({ ok: false, error: { type, message, line: line ?? null } }) + "\n");
    process.stderr.write(`moonbox publish: ${message}\n`);
    return code;
  };
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        id: { type: "string" },
        name: { type: "string" },
        delete: { type: "boolean" },
        check: { type: "boolean" },
        brokers: { type: "string" },
        topic: { type: "string" },
        redis: { type: "string" },
        "no-redis": { type: "boolean" },
        timeout: { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }) as { values: Record<string, string | boolean | undefined>; positionals: string[] });
  } catch (e) {
    process.stderr.write(`moonbox publish: ${(e as Error).message}\n${PUBLISH_USAGE}`);
    return 1;
  }
  json = values.json === true;
  if (values.help) {
    process.stdout.write(PUBLISH_USAGE);
    return 0;
  }
  const del = values.delete === true;
  let id: string;
  let file: string | undefined;
  let timeoutMs: number;
  try {
    if (typeof values.id !== "string") throw new UsageError("--id ID is required");
    id = checkId(values.id);
    if (del && positionals.length > 0) throw new UsageError("--delete takes no script file");
    if (!del && positionals.length !== 1) throw new UsageError("one SCRIPT.lua is required");
    file = positionals[0];
    timeoutMs = values.timeout ? parseMs(values.timeout as string) : 30_000;
  } catch (e) {
    if (e instanceof UsageError || e instanceof TypeError) {
      process.stderr.write(`moonbox publish: ${e.message}\n${PUBLISH_USAGE}`);
      return 1;
    }
    throw e;
  }

  let source: Buffer | undefined;
  if (!del) {
    try {
      source = file === "-" ? readFileSync(0) : readFileSync(file!);
    } catch (e) {
      return fail(1, "usage", `cannot read ${file}: ${(e as Error).message}`);
    }
    try {
      // the file name as chunk name: messages read FILE:LINE:COL: ..., as `moonbox check` prints them
      validateScript(source, file === "-" ? "stdin" : file!);
    } catch (e) {
      if (e instanceof ScriptError) {
        return fail(EXIT_CODES[e.type] ?? 1, e.type, `${e.message} (not published)`, e.line);
      }
      throw e;
    }
    if (values.check) {
      out({ ok: true, id, checked: true }, `${file}: ok (not published: --check)`);
      return 0;
    }
  }

  const redisUrl = values["no-redis"] ? undefined : ((values.redis as string | undefined) ?? process.env.MOONBOX_REDIS_URL);
  const brokers = values.brokers ? (values.brokers as string).split(",").map((s) => s.trim()).filter(Boolean) : defaultBrokers();
  const pub = new ScriptPublisher({
    brokers,
    topic: values.topic as string | undefined,
    redis: redisUrl ? { url: redisUrl } : false,
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Kafka (${brokers.join(",")}) did not answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    if (del) {
      const r = await Promise.race([pub.delete(id), timeout]);
      out({ ok: true, id, deleted: true, version: r.version, partition: r.partition, topic: r.topic }, `deleted ${id} version ${r.version} (topic ${r.topic}, partition ${r.partition})`);
    } else {
      const r = await Promise.race([pub.publish(id, source!, { name: values.name as string | undefined }), timeout]);
      out(
        { ok: true, id, hash: r.hash, version: r.version, partition: r.partition, topic: r.topic, updated_at: new Date(r.updatedAt).toISOString(), bytes: r.bytes },
        `published ${id} version ${r.version} hash ${r.hash} (topic ${r.topic}, partition ${r.partition})`,
      );
    }
    return 0;
  } catch (e) {
    if (e instanceof ScriptError) return fail(EXIT_CODES[e.type] ?? 1, e.type, e.message, e.line);
    return fail(1, "kafka", (e as Error).message ?? String(e));
  } finally {
    clearTimeout(timer);
    await Promise.race([pub.close(), new Promise((r) => setTimeout(r, 2000).unref())]);
  }
}

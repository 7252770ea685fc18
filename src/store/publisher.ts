// The producer side: validate a script, then publish it to the compacted topic keyed by its
// id (a delete is a tombstone: the id with a null value).
//
//   const pub = new ScriptPublisher({ brokers: ["127.0.0.1:9092"] });
//   const r = await pub.publish("rule-42", source);   // { id, hash, version, partition, ... }
//   await pub.delete("rule-42");
//   await pub.close();
import { Partitioners, type Admin, type Kafka, type Producer } from "kafkajs";
import { checkId, encodeWire, sha256Hex, sourceBuffer, validateScript } from "./record.js";
import { RedisTier, type RedisTierOptions } from "./redis-tier.js";
import { DEFAULT_TOPIC, ensureScriptTopic, makeKafka, type KafkaConnectOptions, type TopicOptions, type EnsureTopicResult } from "./kafka.js";

export interface PublisherOptions extends KafkaConnectOptions {
  topic?: string;
  topicOptions?: TopicOptions;
  /**
   * Also store the source in Redis before it is published (so a job naming the new hash finds
   * it even on a worker that has not read the record yet). A RedisTier, its options, or
   * false/undefined for none. A Redis failure does not stop the publish.
   */
  redis?: RedisTier | RedisTierOptions | false;
}

export interface PublishOptions {
  /** Chunk name used in error messages (default: the engines' own). */
  name?: string;
  /** Publisher's timestamp (default now). */
  updatedAt?: number;
}

export interface PublishResult {
  id: string;
  hash: string;
  /** The record's Kafka offset: the version every worker will hold. */
  version: number;
  partition: number;
  updatedAt: number;
  bytes: number;
  topic: string;
}

export interface DeleteResult {
  id: string;
  version: number;
  partition: number;
  topic: string;
}

export class ScriptPublisher {
  readonly topic: string;
  private readonly kafka: Kafka;
  private producer: Producer | undefined;
  private connecting: Promise<Producer> | undefined;
  private readonly redis: RedisTier | undefined;
  private readonly ownRedis: boolean;
  private topicChecked: EnsureTopicResult | undefined;

  constructor(private readonly opts: PublisherOptions = {}) {
    this.topic = opts.topic ?? process.env.MOONBOX_SCRIPTS_TOPIC ?? DEFAULT_TOPIC;
    this.kafka = makeKafka(opts, "moonbox-publisher");
    if (opts.redis instanceof RedisTier) {
      this.redis = opts.redis;
      this.ownRedis = false;
    } else if (opts.redis) {
      this.redis = new RedisTier(opts.redis);
      this.ownRedis = true;
    } else {
      this.redis = undefined;
      this.ownRedis = false;
    }
  }

  /** Create the topic (compacted) when missing; refuse a topic that is not compacted. */
  async ensureTopic(): Promise<EnsureTopicResult> {
    if (this.topicChecked) return this.topicChecked;
    const admin: Admin = this.kafka.admin();
    await admin.connect();
    try {
      const t = await ensureScriptTopic(admin, this.topic, this.opts.topicOptions);
      if (!t.cleanupPolicy.split(",").includes("compact")) {
        throw new Error(`topic ${this.topic} has cleanup.policy=${t.cleanupPolicy}, not compact: refusing to publish scripts to it`);
      }
      this.topicChecked = t;
      return t;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  private async connect(): Promise<Producer> {
    if (this.producer) return this.producer;
    if (!this.connecting) {
      this.connecting = (async () => {
        await this.ensureTopic();
        const p = this.kafka.producer({
          createPartitioner: Partitioners.DefaultPartitioner,
          allowAutoTopicCreation: false,
          idempotent: true,
          maxInFlightRequests: 1,
        });
        await p.connect();
        this.producer = p;
        return p;
      })();
      this.connecting.catch(() => (this.connecting = undefined));
    }
    return this.connecting;
  }

  /**
   * Validate (syntax, and that it compiles) then publish. Rejects with ScriptError
   * script_syntax_error before anything is sent when the script is not valid.
   */
  async publish(id: string, source: Buffer | Uint8Array | string, o: PublishOptions = {}): Promise<PublishResult> {
    checkId(id);
    const bytes = sourceBuffer(source);
    validateScript(bytes, o.name ?? id);
    const hash = sha256Hex(bytes);
    const updatedAt = o.updatedAt ?? Date.now();
    if (this.redis) {
      try {
        if (await this.redis.connect(1000)) await this.redis.putSource(hash, bytes);
      } catch {
        // Redis is a backup tier: the topic is the truth, workers write it through later
      }
    }
    const producer = await this.connect();
    let meta;
    try {
      [meta] = await producer.send({
        topic: this.topic,
        acks: -1,
        messages: [{ key: id, value: encodeWire(id, bytes, updatedAt, o.name) }],
      });
    } catch (e) {
      if ((e as { type?: string }).type === "MESSAGE_TOO_LARGE") {
        throw new Error(`script ${id} (${bytes.length} bytes) is larger than the topic accepts (max.message.bytes): not published`);
      }
      throw e;
    }
    return { id, hash, version: Number(meta.baseOffset), partition: meta.partition, updatedAt, bytes: bytes.length, topic: this.topic };
  }

  /** Delete a script id: a tombstone (null value) for its key. */
  async delete(id: string): Promise<DeleteResult> {
    checkId(id);
    const producer = await this.connect();
    const [meta] = await producer.send({ topic: this.topic, acks: -1, messages: [{ key: id, value: null }] });
    return { id, version: Number(meta.baseOffset), partition: meta.partition, topic: this.topic };
  }

  async close(): Promise<void> {
    const p = this.producer;
    this.producer = undefined;
    this.connecting = undefined;
    await p?.disconnect().catch(() => undefined);
    if (this.redis && this.ownRedis) await this.redis.close();
  }
}

/** One-shot publish (connects, publishes, disconnects). */
export async function publishScript(id: string, source: Buffer | Uint8Array | string, opts: PublisherOptions & PublishOptions = {}): Promise<PublishResult> {
  const pub = new ScriptPublisher(opts);
  try {
    return await pub.publish(id, source, opts);
  } finally {
    await pub.close();
  }
}

/** One-shot delete. */
export async function deleteScript(id: string, opts: PublisherOptions = {}): Promise<DeleteResult> {
  const pub = new ScriptPublisher(opts);
  try {
    return await pub.delete(id);
  } finally {
    await pub.close();
  }
}

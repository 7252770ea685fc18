// kafkajs plumbing shared by the publisher and the workers: client options, the compacted
// scripts topic.
import { Kafka, logLevel, type Admin, type KafkaConfig, type ITopicConfig } from "kafkajs";

export const DEFAULT_TOPIC = "moonbox.scripts";

export interface KafkaConnectOptions {
  /** Bootstrap brokers (default: MOONBOX_KAFKA_BROKERS, comma-separated, or 127.0.0.1:9092). */
  brokers?: string[];
  clientId?: string;
  /** kafkajs's own log level (default: nothing; the store logs its state changes itself). */
  kafkaLogLevel?: logLevel;
  /** Extra kafkajs client settings (ssl, sasl, ...). */
  kafka?: Partial<KafkaConfig>;
}

export function defaultBrokers(): string[] {
  const env = process.env.MOONBOX_KAFKA_BROKERS;
  return env ? env.split(",").map((s) => s.trim()).filter(Boolean) : ["127.0.0.1:9092"];
}

export function makeKafka(o: KafkaConnectOptions, clientId: string): Kafka {
  return new Kafka({
    clientId: o.clientId ?? clientId,
    brokers: o.brokers ?? defaultBrokers(),
    logLevel: o.kafkaLogLevel ?? logLevel.NOTHING,
    connectionTimeout: 2000,
    requestTimeout: 10_000,
    retry: { retries: 4, initialRetryTime: 200, maxRetryTime: 2000 },
    ...o.kafka,
  });
}

export interface TopicOptions {
  /** Partitions when the topic is created (default 1; per-id order needs a fixed count). */
  partitions?: number;
  /** Replication factor when created (default: the broker's default.replication.factor). */
  replicationFactor?: number;
  /** Topic configs added at creation (cleanup.policy=compact is always set). */
  configs?: Record<string, string>;
}

/** Default configs of the scripts topic: compacted; segments roll hourly so compaction happens. */
export const TOPIC_CONFIGS: Record<string, string> = {
  "cleanup.policy": "compact",
  "segment.ms": String(60 * 60 * 1000),
  "min.cleanable.dirty.ratio": "0.1",
  // tombstones stay readable a day, so a worker that was away less than that sees deletes
  "delete.retention.ms": String(24 * 60 * 60 * 1000),
};

export interface EnsureTopicResult {
  created: boolean;
  cleanupPolicy: string;
  partitions: number;
}

/**
 * Create the scripts topic with cleanup.policy=compact when it is missing; report its
 * cleanup policy and partition count when it exists.
 */
export async function ensureScriptTopic(admin: Admin, topic: string, o: TopicOptions = {}): Promise<EnsureTopicResult> {
  const existing = await admin.listTopics();
  let created = false;
  if (!existing.includes(topic)) {
    const configs = { ...TOPIC_CONFIGS, ...o.configs, "cleanup.policy": "compact" };
    const t: ITopicConfig = {
      topic,
      numPartitions: o.partitions ?? 1,
      replicationFactor: o.replicationFactor ?? -1,
      configEntries: Object.entries(configs).map(([name, value]) => ({ name, value })),
    };
    // false: someone else created it meanwhile (fine)
    created = await admin.createTopics({ topics: [t], waitForLeaders: true });
  }
  const cfg = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: 2 /* TOPIC */, name: topic, configNames: ["cleanup.policy"] }] });
  const cleanupPolicy = cfg.resources[0]?.configEntries.find((e) => e.configName === "cleanup.policy")?.configValue ?? "?";
  const md = await admin.fetchTopicMetadata({ topics: [topic] });
  return { created, cleanupPolicy, partitions: md.topics[0]?.partitions.length ?? 0 };
}

// The script store: local compiled LRU, Redis backup tier, Kafka compacted-topic sync, hot reload.
export { ScriptSync } from "./sync.js";
export type { ScriptSyncOptions, StartOptions, SyncStatus, SyncStats, KafkaState, Subscriber, SubscribeOptions, Subscription, DeleteInfo } from "./sync.js";
export { ScriptPublisher, publishScript, deleteScript } from "./publisher.js";
export type { PublisherOptions, PublishOptions, PublishResult, DeleteResult } from "./publisher.js";
export { bindRuleEngine } from "./bind.js";
export type { RuleEngineLike, RuleBinding, RuleBindingEvent, BindOptions } from "./bind.js";
export { RedisTier } from "./redis-tier.js";
export type { RedisTierOptions, IndexEntry } from "./redis-tier.js";
export { CompiledCache, runtimeKey } from "./compiled-cache.js";
export type { CompiledEntry, CompiledCacheOptions, CodeCacheIO } from "./compiled-cache.js";
export { validateScript, sha256Hex, encodeWire, decodeWire, BadRecordError } from "./record.js";
export type { ScriptRecord, ScriptMeta, WireRecord } from "./record.js";
export { DEFAULT_TOPIC, TOPIC_CONFIGS, ensureScriptTopic, defaultBrokers } from "./kafka.js";
export type { TopicOptions, KafkaConnectOptions, EnsureTopicResult } from "./kafka.js";
export { publishCommand, PUBLISH_USAGE } from "./cli.js";

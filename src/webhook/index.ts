// The webhook transform engine's public API (host side).
export { WebhookTransformer, TransformError, createTransformer, isolateCapMb } from "./transformer.js";
export type {
  TransformJob,
  TransformOutcome,
  TransformerOptions,
  OutgoingRequest,
  WebhookMetadata,
  PreviousError,
  ScriptRef,
  HeadersInput,
  TransformLog,
  JsonValue,
} from "./transformer.js";
export { MemoryScriptStore, scriptHash } from "./store.js";
export type { ScriptStore, StoredScript } from "./store.js";
export { loadConfig, parseConfig, validateConfig, defaultConfig, parseDuration, ConfigError } from "../config.js";
export type { LuaConfig as WebhookLuaConfig } from "../config.js";
export { transformCommand } from "./cli.js";

// The predicate runtime: the predicate-runtime spec's API (documented in examples/predicates/README.md).
export { LuaEngine, LuaRuntimeError, luaConfig, DEFAULT_LUA_CONFIG } from "./engine.js";
export type { LuaConfig, LuaEngineOptions, RuleInfo, RuleLoadResult, BatchOptions } from "./engine.js";
export { SchemaRegistry, FIELD_TYPES } from "./schema.js";
export type { FieldType, FieldDef } from "./schema.js";
export { Event, EventBuilder, EventBuildError, TypedValue, toLuaBytes } from "./event.js";
export { EventBatch, BatchEncoder } from "./batch.js";
export { BatchResult } from "./result.js";
export type { Alert, RuleEvalError } from "./result.js";
export { evalCommand } from "./cli.js";

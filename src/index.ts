// Moonbox public API.
export { Engine } from "./engine.js";
export type { EngineOptions, RunOptions, RunResult, LuaResultValue } from "./engine.js";
export { ScriptError, SCRIPT_ERROR_TYPES, EXIT_CODES } from "./errors.js";
export type { ScriptErrorType } from "./errors.js";
export { compileLua } from "./compile.js";
export type { CompiledChunk, LuaSource } from "./compile.js";
export { transpile, LuaSyntaxError } from "./transpile/index.js";

import { Engine, EngineOptions } from "./engine.js";
/** Create an engine (a pool of isolates). */
export function createEngine(opts?: EngineOptions): Promise<Engine> {
  return Engine.create(opts);
}

// The webhook transform engine (specs/webhook-transform-engine.md)
export * from "./webhook/index.js";
// The predicate evaluator (specs/predicate-runtime.md)
export * from "./predicate/index.js";
// The script store: local cache, Redis backup, Kafka compacted-topic sync
export * from "./store/index.js";

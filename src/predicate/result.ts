// The result of evaluating a batch: which rules matched which events, alerts, errors.
import type { ScriptErrorType } from "../errors.js";

/** An alert from `alert.emit(rule_id, message)`. */
export interface Alert {
  /** The rule id the script passed to alert.emit. */
  ruleId: string;
  message: string;
  /** Index of the event in the batch. */
  eventIndex: number;
  /** The loaded rule whose predicate emitted it. */
  sourceRule: string;
}

/** One rule failing on one event (the rest of the batch is unaffected). */
export interface RuleEvalError {
  ruleId: string;
  eventIndex: number;
  type: ScriptErrorType;
  message: string;
  line?: number;
}

/**
 * Matches are kept per rule as sorted event indices (compact when matches are sparse);
 * the per-event view (`matches(i)`, `matchSet()`) is built on first use.
 */
export class BatchResult {
  private byRule = new Map<string, Int32Array>();
  private csr: { offsets: Uint32Array; rules: Uint32Array } | undefined;
  private errCounts: Map<string, number> | undefined;

  /** @internal */
  constructor(
    /** Number of events in the batch. */
    readonly events: number,
    /** The rules evaluated, in order (matchSet() refers to them by index). */
    readonly rules: readonly string[],
    ruleMatches: Int32Array[],
    readonly alerts: Alert[],
    readonly errors: RuleEvalError[],
    /** print() output of rules during this batch (capped at 64 KB per rule and isolate). */
    readonly output: { ruleId: string; text: string }[],
    readonly durationMs: number,
  ) {
    rules.forEach((r, i) => this.byRule.set(r, ruleMatches[i]));
  }

  /** Sorted indices of the events rule `ruleId` matched. */
  ruleMatches(ruleId: string): Int32Array {
    return this.byRule.get(ruleId) ?? new Int32Array(0);
  }

  /** Matches of one rule, or of all rules (event x rule pairs). */
  matchCount(ruleId?: string): number {
    if (ruleId !== undefined) return this.ruleMatches(ruleId).length;
    let n = 0;
    for (const m of this.byRule.values()) n += m.length;
    return n;
  }

  errorCount(ruleId?: string): number {
    if (ruleId === undefined) return this.errors.length;
    if (this.errCounts === undefined) {
      this.errCounts = new Map();
      for (const e of this.errors) this.errCounts.set(e.ruleId, (this.errCounts.get(e.ruleId) ?? 0) + 1);
    }
    return this.errCounts.get(ruleId) ?? 0;
  }

  /**
   * The compact per-event match set: the rules event i matched are
   * rules[set.rules[set.offsets[i] .. set.offsets[i + 1])].
   */
  matchSet(): { offsets: Uint32Array; rules: Uint32Array } {
    if (this.csr) return this.csr;
    const counts = new Uint32Array(this.events + 1);
    const lists = this.rules.map((r) => this.ruleMatches(r));
    for (const l of lists) for (let i = 0; i < l.length; i++) counts[l[i] + 1]++;
    for (let i = 0; i < this.events; i++) counts[i + 1] += counts[i];
    const rules = new Uint32Array(counts[this.events]);
    const fill = counts.slice(0, this.events);
    lists.forEach((l, r) => {
      for (let i = 0; i < l.length; i++) rules[fill[l[i]]++] = r;
    });
    this.csr = { offsets: counts, rules };
    return this.csr;
  }

  /** Ids of the rules that matched event i. */
  matches(eventIndex: number): string[] {
    const s = this.matchSet();
    const out: string[] = [];
    for (let j = s.offsets[eventIndex]; j < s.offsets[eventIndex + 1]; j++) out.push(this.rules[s.rules[j]]);
    return out;
  }

  /** Did rule `ruleId` match event i? */
  matched(eventIndex: number, ruleId: string): boolean {
    const m = this.ruleMatches(ruleId);
    let lo = 0, hi = m.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (m[mid] === eventIndex) return true;
      if (m[mid] < eventIndex) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  /** Errors of event i (any rule). */
  errorsOf(eventIndex: number): RuleEvalError[] {
    return this.errors.filter((e) => e.eventIndex === eventIndex);
  }
}

// The predicate entry points inside the isolate (see src/predicate for the host side):
//
//   $moonbox.predicateSetup({ver, names, lim})      schema field names (by version), limits
//   $moonbox.predicateLoad({specs, lim, unload})    instantiate rules (chunks already defined)
//   $moonbox.predicateUnload(keys)                  drop instances
//   $moonbox.evaluateBatch(req)                      run rules over a batch of events
//   $moonbox.evaluateBatches(reqs)                   several queued batches in one call
//   $moonbox.evaluateOne(key, buf, blob, nf, ns, v)  one rule, one event, flat arguments (latency)
//   $moonbox.evaluateScript(req)                     a one-shot script over a batch (no state kept)
//   $moonbox.predicateStats({gc})                    counts, for tests and metrics
//
// A loaded rule ("instance") is its chunk run once in globals of its own: fresh copies of
// the libraries plus string.glob_match, regex and alert, and an event table of its own. The
// chunk's result is the predicate function, called once per event. What a rule keeps
// (globals, upvalues) lives as long as the instance: until the rule is replaced or removed,
// or the isolate is replaced. No rule can reach another rule's globals, libraries, event
// table or upvalues; see examples/predicates/README.md, "Isolation between evaluations".
//
// Evaluation is rule-major: for each rule, a tight loop over the batch's events, so the
// predicate's call site sees one function and V8 can inline it. Per evaluation the loop
// resets the instruction budget and the memory accounting (two stores) and catches any
// error for that rule and event alone.
import { entries, mains, toRunError, RunError } from "./run.js";
import { freshGlobals } from "./lib/index.js";
import { io } from "./lib/base.js";
import { resetCoroutines } from "./lib/coroutine.js";
import { argString } from "./lib/format.js";
import { state } from "./ops.js";
import { budget, memory, alloc, setBudget } from "./limits.js";
import { errState, rtError } from "./errors.js";
import { LuaTable, LuaAbort, Multi, NONE, first, type } from "./value.js";
import { cursor, setBatch, clearBatch, makeEventTable, setFieldNames } from "./predicate/event.js";
import { WireBatch } from "./predicate/layout.js";
import { glob_match } from "./predicate/glob.js";
import { compileRegex } from "./predicate/regex.js";

/** Limits for every evaluation (and for running a rule's chunk at load). */
export interface Limits {
  /** Instruction budget per evaluation. */
  instructions: number;
  /** Moonbox's allocation accounting limit per evaluation, bytes. */
  memoryBytes: number;
  /** The isolate's heap cap: no single allocation may exceed it. */
  memoryCap: number;
  /** Alerts one evaluation may emit. */
  maxAlerts: number;
  /** Wall-clock time one rule may spend on one batch; its remaining events then fail. */
  ruleBatchTimeMs: number;
}

/** [instance key, rule id, chunk id] */
export type RuleSpec = [string, string, string];

interface Instance {
  key: string;
  ruleId: string;
  fn: (ev: LuaTable) => unknown;
  ev: LuaTable;
  stringMeta: LuaTable | undefined;
}

const instances = new Map<string, Instance>();
let schemaVer = 0;

// ---------------------------------------------------------------- regex / alert libraries

function regexMatch(pattern: unknown, text: unknown): boolean {
  const nargs = arguments.length;
  const p = typeof pattern === "string" ? pattern : argString(pattern, 1, "match", nargs);
  const s = typeof text === "string" ? text : argString(text, 2, "match", nargs);
  return compileRegex(p).test(s);
}

/** Alerts of the current call: parallel arrays, truncated when an evaluation fails. */
const alerts = { k: [] as number[], e: [] as number[], id: [] as string[], msg: [] as string[] };
let evaluating = false;
let curRule = 0;
let alertsThisEval = 0;
let lim: Limits = { instructions: 1_000_000, memoryBytes: 1 << 20, memoryCap: Infinity, maxAlerts: 100, ruleBatchTimeMs: 2000 };

function emit(ruleId: unknown, message: unknown): unknown {
  const nargs = arguments.length;
  if (!evaluating) throw rtError("alert.emit: alerts can only be emitted while a predicate evaluates an event");
  const id = typeof ruleId === "string" ? ruleId : argString(ruleId, 1, "emit", nargs);
  const msg = message === undefined ? "" : typeof message === "string" ? message : argString(message, 2, "emit", nargs);
  if (alertsThisEval >= lim.maxAlerts) throw rtError(`alert.emit: more than ${lim.maxAlerts} alerts for one event`);
  alloc(64 + id.length + msg.length);
  alertsThisEval++;
  alerts.k.push(curRule);
  alerts.e.push(cursor.e);
  alerts.id.push(id);
  alerts.msg.push(msg);
  return NONE;
}

function truncateAlerts(n: number): void {
  alerts.k.length = n;
  alerts.e.length = n;
  alerts.id.length = n;
  alerts.msg.length = n;
}

function resetAlerts(): void {
  alerts.k = [];
  alerts.e = [];
  alerts.id = [];
  alerts.msg = [];
}

/** The rule's globals: fresh libraries plus the predicate functions. */
function ruleGlobals(): LuaTable {
  const G = freshGlobals();
  const S = G.strs.string as LuaTable;
  S.set("glob_match", glob_match);
  const re = new LuaTable();
  re.set("match", regexMatch);
  G.set("regex", re);
  const al = new LuaTable();
  al.set("emit", emit);
  G.set("alert", al);
  return G;
}

function startCall(l: Limits): void {
  lim = l;
  memory.limit = l.memoryBytes;
  memory.cap = l.memoryCap;
  io.out = [];
  io.outBytes = 0;
  errState.pcallDepth = 0;
  resetCoroutines();
}

function endCall(): void {
  evaluating = false;
  errState.pcallDepth = 0;
  resetCoroutines();
  clearBatch();
  io.out = [];
  io.outBytes = 0;
  setBudget(Infinity);
  memory.used = 0;
}

type LoadResult = { ok: true } | { ok: false; error: RunError };

/** Run a rule's chunk in fresh globals; its result must be the predicate function. */
function instantiate(spec: RuleSpec): { inst?: Instance; error?: RunError } {
  const [key, ruleId, chunkId] = spec;
  const main = mains.get(chunkId);
  if (main === undefined) return { error: { type: "script_not_found", message: `chunk ${chunkId} is not defined in this isolate`, line: 0 } };
  const G = ruleGlobals();
  const stringMeta = state.stringMeta;
  const ev = makeEventTable();
  setBudget(lim.instructions);
  memory.used = 0;
  let r: unknown;
  try {
    r = first(main(G));
  } catch (e) {
    return { error: toRunError(e) };
  } finally {
    setBudget(Infinity);
  }
  if (typeof r !== "function") {
    return {
      error: {
        type: "script_invalid_output",
        message: `${ruleId}: the chunk must return the predicate function (return function(event) ... end), got ${r === undefined ? "nil" : type(r)}`,
        line: 0,
      },
    };
  }
  return { inst: { key, ruleId, fn: r as Instance["fn"], ev, stringMeta } };
}

entries.predicateSetup = function predicateSetup(req: { ver: number; names: Record<string, number>; lim: Limits }): void {
  setFieldNames(req.names);
  schemaVer = req.ver;
  lim = req.lim;
};

entries.predicateLoad = function predicateLoad(req: { specs: RuleSpec[]; lim: Limits; unload?: string[] }): LoadResult[] {
  for (const k of req.unload ?? []) instances.delete(k);
  startCall(req.lim);
  const out: LoadResult[] = [];
  try {
    for (const spec of req.specs) {
      const { inst, error } = instantiate(spec);
      if (inst) {
        instances.set(inst.key, inst);
        out.push({ ok: true });
      } else out.push({ ok: false, error: error! });
    }
  } finally {
    endCall();
  }
  return out;
};

entries.predicateUnload = function predicateUnload(keys: string[]): number {
  for (const k of keys) instances.delete(k);
  return instances.size;
};

entries.predicateStats = function predicateStats(req?: { gc?: boolean }): { instances: number; keys: string[]; schemaVer: number } {
  // a full collection first, only where V8 exposes one (node --expose-gc: benchmarks)
  const g = (globalThis as any).gc;
  if (req?.gc && typeof g === "function") g();
  return { instances: instances.size, keys: [...instances.keys()], schemaVer };
};

// ---------------------------------------------------------------- evaluation

/** Errors of one call: event and rule per error, messages deduplicated. */
interface ErrorLog {
  k: number[];
  e: number[];
  m: number[];
  msgs: [string, string, number][];
  seen: Map<string, number> | undefined;
}

let mbuf = new Int32Array(1024);
let mlen = 0;

function addMatch(e: number): void {
  if (mlen === mbuf.length) {
    const b = new Int32Array(mbuf.length * 2);
    b.set(mbuf);
    mbuf = b;
  }
  mbuf[mlen++] = e;
}

function logError(log: ErrorLog, k: number, e: number, err: unknown): void {
  const re = toRunError(err);
  const key = re.type + "\u0000" + re.line + "\u0000" + re.message;
  const seen = (log.seen ??= new Map());
  let m = seen.get(key);
  if (m === undefined) {
    m = log.msgs.length;
    log.msgs.push([re.type, re.message, re.line]);
    seen.set(key, m);
  }
  log.k.push(k);
  log.e.push(e);
  log.m.push(m);
}

/** print() output kept per rule and call (the rest is dropped). */
const OUTPUT_CAP = 64 * 1024;

function runRule(inst: Instance, k: number, from: number, to: number, log: ErrorLog, output: [number, string][]): void {
  state.stringMeta = inst.stringMeta;
  curRule = k;
  const fn = inst.fn;
  const ev = inst.ev;
  const instr = lim.instructions;
  // the budget per evaluation: a small-integer counter and a reserve (see limits.ts)
  setBudget(instr);
  const n0 = budget.n;
  const reserve0 = budget.reserve;
  const heavy = n0 - 100_000;
  const deadline = Date.now() + lim.ruleBatchTimeMs;
  for (let e = from; e < to; e++) {
    cursor.e = e;
    budget.n = n0;
    budget.reserve = reserve0;
    memory.used = 0;
    alertsThisEval = 0;
    try {
      const v = fn(ev);
      if (v !== undefined && v !== false && (!(v instanceof Multi) || (v.v[0] !== undefined && v.v[0] !== false))) addMatch(e);
    } catch (err) {
      if (alertsThisEval > 0) truncateAlerts(alerts.k.length - alertsThisEval);
      errState.pcallDepth = 1;
      resetCoroutines();
      logError(log, k, e, err);
    }
    if (io.outBytes > OUTPUT_CAP) takeOutput(k, output);
    // a rule may spend ruleBatchTimeMs on one batch; then its remaining events fail
    if ((budget.n < heavy || (e & 255) === 255) && Date.now() > deadline) {
      const err = new LuaAbort("script_timeout", `rule exceeded its time share of the batch (${lim.ruleBatchTimeMs} ms)`);
      for (let r = e + 1; r < to; r++) logError(log, k, r, err);
      break;
    }
  }
  if (io.out.length > 0) takeOutput(k, output);
}

function takeOutput(k: number, output: [number, string][]): void {
  const have = output.length > 0 && output[output.length - 1][0] === k ? output[output.length - 1] : undefined;
  const text = io.out.join("\n") + "\n";
  io.out = [];
  io.outBytes = 0;
  if (have === undefined) output.push([k, text.slice(0, OUTPUT_CAP)]);
  else if (have[1].length < OUTPUT_CAP) have[1] = (have[1] + text).slice(0, OUTPUT_CAP);
}

export interface EvalRequest {
  batch: WireBatch;
  keys: string[];
  lim: Limits;
  schemaVer: number;
  /** Event range (default: the whole batch). */
  from?: number;
  to?: number;
  /** Instances to drop first (replaced or removed rules no batch needs any more). */
  unload?: string[];
}

/** Errors, alerts and output of one call (absent from the result when there are none). */
export interface EvalExtra {
  /** Errors: keys[eK[i]] failed on event eE[i] with msgs[eM[i]] = [type, message, line]. */
  eK: number[];
  eE: number[];
  eM: number[];
  msgs: [string, string, number][];
  /** Alerts: keys[aK[i]] on event aE[i] emitted (aId[i], aMsg[i]). */
  aK: number[];
  aE: number[];
  aId: string[];
  aMsg: string[];
  /** print() output per rule index (capped). */
  out: [number, string][];
}

export interface EvalResult {
  /** Instances this isolate does not have (it was replaced): nothing was evaluated. */
  missing?: string[];
  /** The isolate's schema names are out of date: nothing was evaluated. */
  stale?: boolean;
  /**
   * Matches, one Int32Array: m[0] = K (number of rules), m[1 .. K + 1] offsets, then the
   * event indices: rule k matched events m[K + 2 + m[1 + k] .. K + 2 + m[2 + k]).
   */
  m: Int32Array;
  x?: EvalExtra;
}

function evaluate(insts: Instance[], batch: WireBatch, from: number, to: number): EvalResult {
  setBatch(batch);
  const K = insts.length;
  const base = K + 2;
  mlen = base;
  if (mbuf.length < base + 1024) mbuf = new Int32Array(base + 1024);
  mbuf[0] = K;
  resetAlerts();
  const log: ErrorLog = { k: [], e: [], m: [], msgs: [], seen: undefined };
  const output: [number, string][] = [];
  // errors raised during evaluation are caught here, per rule and event: no traceback text
  errState.pcallDepth = 1;
  evaluating = true;
  for (let k = 0; k < K; k++) {
    mbuf[1 + k] = mlen - base;
    runRule(insts[k], k, from, to, log, output);
  }
  mbuf[1 + K] = mlen - base;
  const res: EvalResult = { m: mbuf.slice(0, mlen) };
  if (log.k.length > 0 || alerts.k.length > 0 || output.length > 0) {
    res.x = { eK: log.k, eE: log.e, eM: log.m, msgs: log.msgs, aK: alerts.k, aE: alerts.e, aId: alerts.id, aMsg: alerts.msg, out: output };
  }
  resetAlerts();
  if (mbuf.length > 1 << 16) mbuf = new Int32Array(1024);
  return res;
}

const EMPTY: EvalResult = { m: new Int32Array(1) };

entries.evaluateBatch = function evaluateBatch(req: EvalRequest): EvalResult {
  for (const k of req.unload ?? []) instances.delete(k);
  const insts: Instance[] = [];
  let missing: string[] | undefined;
  for (const key of req.keys) {
    const inst = instances.get(key);
    if (inst === undefined) (missing ??= []).push(key);
    else insts.push(inst);
  }
  const stale = req.schemaVer !== schemaVer;
  if (missing !== undefined || stale) return { ...EMPTY, missing, stale };
  startCall(req.lim);
  try {
    return evaluate(insts, req.batch, req.from ?? 0, req.to ?? req.batch.n);
  } finally {
    endCall();
  }
};

/** Several batches in one call (requests that queued for this isolate): one result each. */
entries.evaluateBatches = function evaluateBatches(reqs: EvalRequest[]): EvalResult[] {
  return reqs.map((r) => (entries.evaluateBatch as (r: EvalRequest) => EvalResult)(r));
};

/**
 * One event against one rule with flat arguments (the cheapest crossing, for latency):
 * 1 (match) or 0, or an EvalResult when there is more to say (an error, alerts, output),
 * or when nothing was evaluated (missing, stale). Limits are the last ones set up.
 */
entries.evaluateOne = function evaluateOne(key: string, buf: ArrayBuffer, blob: string, nf: number, ns: number, ver: number): number | EvalResult {
  const inst = instances.get(key);
  if (inst === undefined || ver !== schemaVer) return { ...EMPTY, missing: inst === undefined ? [key] : undefined, stale: ver !== schemaVer };
  startCall(lim);
  try {
    const batch = { buf, blob, n: 1, nf, ns };
    // the common case without allocating a result: no error, no alert, no output
    setBatch(batch);
    state.stringMeta = inst.stringMeta;
    curRule = 0;
    cursor.e = 0;
    setBudget(lim.instructions);
    memory.used = 0;
    alertsThisEval = 0;
    errState.pcallDepth = 1;
    evaluating = true;
    resetAlerts();
    let v: unknown;
    try {
      v = inst.fn(inst.ev);
    } catch (err) {
      // the rare path: the error (alerts of a failed evaluation are dropped)
      resetAlerts();
      errState.pcallDepth = 1;
      resetCoroutines();
      const log: ErrorLog = { k: [], e: [], m: [], msgs: [], seen: undefined };
      logError(log, 0, 0, err);
      const out: [number, string][] = [];
      if (io.out.length > 0) takeOutput(0, out);
      return { m: Int32Array.of(1, 0, 0), x: { eK: log.k, eE: log.e, eM: log.m, msgs: log.msgs, aK: [], aE: [], aId: [], aMsg: [], out } };
    }
    if (alerts.k.length > 0 || io.out.length > 0) return evaluateResultFrom(v); // alerts, output
    return v !== undefined && v !== false && (!(v instanceof Multi) || (v.v[0] !== undefined && v.v[0] !== false)) ? 1 : 0;
  } finally {
    endCall();
  }
};

/** An EvalResult for the single evaluation just done by evaluateOne (with its alerts and output). */
function evaluateResultFrom(v: unknown): EvalResult {
  const matched = v !== undefined && v !== false && (!(v instanceof Multi) || (v.v[0] !== undefined && v.v[0] !== false));
  const m = matched ? Int32Array.of(1, 0, 1, 0) : Int32Array.of(1, 0, 0);
  const out: [number, string][] = [];
  if (io.out.length > 0) takeOutput(0, out);
  const res: EvalResult = { m, x: { eK: [], eE: [], eM: [], msgs: [], aK: alerts.k, aE: alerts.e, aId: alerts.id, aMsg: alerts.msg, out } };
  resetAlerts();
  return res;
}

/** A script evaluated once over a batch, in an instance of its own that is then dropped. */
entries.evaluateScript = function evaluateScript(req: { spec: RuleSpec; batch: WireBatch; lim: Limits; schemaVer: number }): EvalResult & { loadError?: RunError } {
  if (req.schemaVer !== schemaVer) return { ...EMPTY, stale: true };
  startCall(req.lim);
  try {
    const { inst, error } = instantiate(req.spec);
    if (inst === undefined) return { ...EMPTY, loadError: error };
    return evaluate([inst], req.batch, 0, req.batch.n);
  } finally {
    endCall();
  }
};

// The predicate entry points inside the isolate (see src/predicate for the host side):
//
//   $moonbox.predicateSetup({ver, names, lim})      schema field names (by version), limits
//   $moonbox.predicateLoad({specs, unload})         instantiate rules (chunks already defined)
//   $moonbox.predicateUnload(handles)               drop instances
//   $moonbox.evaluateBatch(req)                      run rules over a batch of events
//   $moonbox.evaluateBatches(reqs)                   several queued batches in one call
//   $moonbox.evaluateFlat(blob, at, gen, ...)        one batch in the shared buffer, primitive arguments
//   $moonbox.evaluateOne(h, buf, blob, nf, ns, v)    one rule, one event, flat arguments (latency)
//   $moonbox.predicateShare(sab)                     the host's buffer for evaluateShared
//   $moonbox.evaluateShared()                        one rule, one event, read from that buffer
//   $moonbox.evaluateSharedRaw(strings)              the same, a number only (raw sync call)
//   $moonbox.predicateTakeResult()                   the full result of the last raw call
//   $moonbox.evaluateScript(req)                     a one-shot script over a batch (no state kept)
//   $moonbox.predicateStats({gc})                    counts, for tests and metrics
//
// Rules are named by handles: small integers the host picks (its version numbers), so a
// request carries numbers, not strings. Limits are set once per isolate (predicateSetup).
//
// A loaded rule ("instance") is its chunk run once in globals of its own (a copy of the
// pristine globals with string.glob_match, regex and alert). The library tables are shared
// copy-on-write: a rule that writes one (`string.contains = f`, `getmetatable("").__index =
// t`) gets that table's contents back as its own version, which is put in place around its
// evaluations only (takeShared / putShared); every other rule sees the pristine libraries.
// The event table is one immutable table for all rules (predicate/event.ts). The chunk's
// result is the predicate function, called once per event. What a rule keeps (globals,
// upvalues, its library versions) lives as long as the instance: until the rule is replaced
// or removed, or the isolate is replaced. No rule can reach another rule's globals,
// libraries or upvalues; see examples/predicates/README.md, "Isolation between evaluations".
//
// Evaluation is rule-major: for each rule, a tight loop over the batch's events, so the
// predicate's call site sees one function and V8 can inline it. Per evaluation the loop
// resets the instruction budget and the memory accounting (two stores) and catches any
// error for that rule and event alone.
import { entries, mains, toRunError, RunError } from "./run.js";
import { freshGlobals, extendLibrary, share, takeShared, putShared, type GlobalsKind, type SharedState } from "./lib/index.js";
import { io } from "./lib/base.js";
import { resetCoroutines } from "./lib/coroutine.js";
import { argString } from "./lib/format.js";
import { budget, memory, alloc, setBudget } from "./limits.js";
import { errState, rtError, registerChunkGroup } from "./errors.js";
import { LuaTable, LuaAbort, Multi, NONE, first, type } from "./value.js";
import { cursor, setBatch, setSharedEvent, clearBatch, setFieldNames, EV, eventMethods, type SharedViews } from "./predicate/event.js";
import { WireBatch, SHARED_HEADER } from "./predicate/layout.js";
import { cache, methodOf, gv } from "./predicate/calls.js";
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

/** [instance handle, rule id, chunk id] */
export type RuleSpec = [number, string, string];

interface Instance {
  h: number;
  ruleId: string;
  fn: (ev: LuaTable) => unknown;
  /** The rule's own versions of the shared library tables it wrote (see takeShared). */
  libs: SharedState | undefined;
}

const instances = new Map<number, Instance>();
let schemaVer = 0;

/** What emitted predicate code imports from `$rt` (see Lowering.predicateCallee). */
export const predicateRt = { EV, ...eventMethods, cache, methodOf, gv };

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

/** A library table shared (copy-on-write) by every rule. */
function library(fns: Record<string, unknown>): LuaTable {
  const t = new LuaTable();
  for (const k of Object.keys(fns)) t.set(k, fns[k]);
  share(t);
  return t;
}

/** A rule's globals: the standard ones plus regex and alert (and string.glob_match). */
const predicateGlobals: GlobalsKind = {
  extend(P: LuaTable): void {
    P.set("regex", library({ match: regexMatch }));
    P.set("alert", library({ emit }));
  },
};
let librariesExtended = false;

function ruleGlobals(): LuaTable {
  if (!librariesExtended) {
    extendLibrary("string", { glob_match });
    librariesExtended = true;
  }
  return freshGlobals(predicateGlobals);
}

function startCall(l: Limits): void {
  lim = l;
  memory.limit = l.memoryBytes;
  memory.cap = l.memoryCap;
  if (io.out.length > 0) io.out = [];
  io.outBytes = 0;
  errState.pcallDepth = 0;
  resetCoroutines();
}

function endCall(): void {
  evaluating = false;
  errState.pcallDepth = 0;
  resetCoroutines();
  clearBatch();
  if (io.out.length > 0) io.out = [];
  io.outBytes = 0;
  setBudget(Infinity);
  memory.used = 0;
}

type LoadResult = { ok: true } | { ok: false; error: RunError };

/** Run a rule's chunk in fresh globals; its result must be the predicate function. */
function instantiate(spec: RuleSpec): { inst?: Instance; error?: RunError } {
  const [h, ruleId, chunkId] = spec;
  const main = mains.get(chunkId);
  if (main === undefined) return { error: { type: "script_not_found", message: `chunk ${chunkId} is not defined in this isolate`, line: 0 } };
  const G = ruleGlobals();
  setBudget(lim.instructions);
  memory.used = 0;
  let r: unknown;
  let libs: SharedState | undefined;
  try {
    r = first(main(G));
  } catch (e) {
    return { error: toRunError(e) };
  } finally {
    setBudget(Infinity);
    libs = takeShared();
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
  return { inst: { h, ruleId, fn: r as Instance["fn"], libs } };
}

function instanceKey(inst: Instance): string {
  return `${inst.ruleId}#${inst.h}`;
}

/** A script of several chunks (engine.ts chunkGroups): where each starts, for error lines. */
entries.chunkGroup = function chunkGroup(file: string, starts: number[], ids: string[]): void {
  registerChunkGroup(file, starts, ids);
};

entries.predicateSetup = function predicateSetup(req: { ver: number; names: Record<string, number>; lim: Limits }): void {
  setFieldNames(req.names);
  schemaVer = req.ver;
  lim = req.lim;
};

entries.predicateLoad = function predicateLoad(req: { specs: RuleSpec[]; unload?: number[] }): LoadResult[] | number {
  if (req.unload !== undefined) for (const k of req.unload) instances.delete(k);
  startCall(lim);
  const out: LoadResult[] = [];
  let failed = false;
  try {
    for (const spec of req.specs) {
      const { inst, error } = instantiate(spec);
      if (inst) {
        instances.set(inst.h, inst);
        out.push(OK);
      } else {
        out.push({ ok: false, error: error! });
        failed = true;
      }
    }
  } finally {
    endCall();
  }
  // all loaded: the count says it (nothing to copy out per rule)
  return failed ? out : out.length;
};
const OK: LoadResult = { ok: true };

entries.predicateUnload = function predicateUnload(handles: number[]): number {
  for (const k of handles) instances.delete(k);
  return instances.size;
};

entries.predicateStats = function predicateStats(req?: { gc?: boolean }): { instances: number; keys: string[]; schemaVer: number } {
  // a full collection first, only where V8 exposes one (node --expose-gc: benchmarks)
  const g = (globalThis as any).gc;
  if (req?.gc && typeof g === "function") g();
  return { instances: instances.size, keys: [...instances.values()].map(instanceKey), schemaVer };
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
  curRule = k;
  const fn = inst.fn;
  const instr = lim.instructions;
  // the budget per evaluation: a small-integer counter and a reserve (see limits.ts)
  setBudget(instr);
  const n0 = budget.n;
  const reserve0 = budget.reserve;
  const heavy = n0 - 100_000;
  const deadline = Date.now() + lim.ruleBatchTimeMs;
  if (inst.libs !== undefined) putShared(inst.libs);
  try {
    for (let e = from; e < to; e++) {
      cursor.e = e;
      budget.n = n0;
      budget.reserve = reserve0;
      memory.used = 0;
      alertsThisEval = 0;
      try {
        const v = fn(EV);
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
  } finally {
    // what the rule wrote to the shared libraries stays its own (see takeShared)
    inst.libs = takeShared(inst.libs);
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
  /** Instance handles, in the order of the result's rules. */
  keys: number[];
  schemaVer: number;
  /** Event range (default: the whole batch). */
  from?: number;
  to?: number;
  /** Instances to drop first (replaced or removed rules no batch needs any more). */
  unload?: number[];
  /** Where in the shared buffer a plain result may be written (byte offset, capacity). */
  out?: { at: number; cap: number };
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
  missing?: number[];
  /** The isolate's schema names are out of date: nothing was evaluated. */
  stale?: boolean;
  /** The batch was in a shared buffer this isolate does not have: nothing was evaluated. */
  reshare?: boolean;
  /**
   * Matches, one Int32Array: m[0] = K (number of rules), m[1 .. K + 1] offsets, then the
   * event indices: rule k matched events m[K + 2 + m[1 + k] .. K + 2 + m[2 + k]).
   */
  m: Int32Array;
  x?: EvalExtra;
}

/**
 * Run `insts` over events from..to. With `out` (a region of the shared buffer: byte offset
 * and capacity), a result without errors, alerts or output is written there and its length
 * returned instead (nothing to copy out of the isolate but a small integer).
 */
function evaluate(insts: Instance[], from: number, to: number, out?: { at: number; cap: number }): EvalResult | number {
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
  const extra = log.k.length > 0 || alerts.k.length > 0 || output.length > 0;
  if (out !== undefined && !extra && mlen * 4 <= out.cap && shared !== undefined) {
    shared.i32.set(mbuf.subarray(0, mlen), out.at >> 2);
    if (mbuf.length > 1 << 16) mbuf = new Int32Array(1024);
    return mlen;
  }
  const res: EvalResult = { m: mbuf.slice(0, mlen) };
  if (extra) {
    res.x = { eK: log.k, eE: log.e, eM: log.m, msgs: log.msgs, aK: alerts.k, aE: alerts.e, aId: alerts.id, aMsg: alerts.msg, out: output };
  }
  resetAlerts();
  if (mbuf.length > 1 << 16) mbuf = new Int32Array(1024);
  return res;
}

const EMPTY: EvalResult = { m: new Int32Array(1) };

/** The instances of `keys`, or a result saying what is missing or stale. */
function lookup(keys: ArrayLike<number>, ver: number): Instance[] | EvalResult {
  const insts: Instance[] = [];
  let missing: number[] | undefined;
  for (let i = 0; i < keys.length; i++) {
    const inst = instances.get(keys[i]);
    if (inst === undefined) (missing ??= []).push(keys[i]);
    else insts.push(inst);
  }
  const stale = ver !== schemaVer;
  if (missing !== undefined || stale) return { ...EMPTY, missing, stale };
  return insts;
}

entries.evaluateBatch = function evaluateBatch(req: EvalRequest): EvalResult | number {
  if (req.unload !== undefined) for (const k of req.unload) instances.delete(k);
  const insts = lookup(req.keys, req.schemaVer);
  if (!Array.isArray(insts)) return insts;
  // written into a shared buffer this isolate does not have (it was replaced): copy it
  if (req.batch.buf === undefined && (shared === undefined || shared.gen !== req.batch.gen)) return { ...EMPTY, reshare: true };
  startCall(lim);
  try {
    setBatch(req.batch, shared);
    return evaluate(insts, req.from ?? 0, req.to ?? req.batch.n, req.out);
  } finally {
    endCall();
  }
};

/**
 * evaluateBatch for a batch in the shared buffer, with primitive arguments only (the host's
 * synchronous path: nothing to deserialize but a string and numbers). No arguments: a probe
 * (returns 0).
 */
entries.evaluateFlat = function evaluateFlat(blob?: string, at?: number, gen?: number, n?: number, nf?: number, ns?: number, ver?: number, outAt?: number, outCap?: number, keys?: number | number[]): EvalResult | number {
  if (blob === undefined) return 0;
  return (entries.evaluateBatch as (r: EvalRequest) => EvalResult | number)({
    batch: { at, gen, blob, n: n!, nf: nf!, ns: ns! },
    keys: typeof keys === "number" ? [keys] : keys!,
    schemaVer: ver!,
    out: { at: outAt!, cap: outCap! },
  });
};

/** Several batches in one call (requests that queued for this isolate): one result each. */
entries.evaluateBatches = function evaluateBatches(reqs: EvalRequest[]): (EvalResult | number)[] {
  return reqs.map((r) => (entries.evaluateBatch as (r: EvalRequest) => EvalResult | number)(r));
};

/**
 * One rule on the current (single) event: 1 (match) or 0, or an EvalResult when there is
 * more to say (an error, alerts, output). The batch is set up; limits are the last ones set.
 */
function evaluateSingle(inst: Instance): number | EvalResult {
  startCall(lim);
  try {
    // the common case without allocating a result: no error, no alert, no output
    curRule = 0;
    cursor.e = 0;
    setBudget(lim.instructions);
    memory.used = 0;
    alertsThisEval = 0;
    errState.pcallDepth = 1;
    evaluating = true;
    // (no result holds the current arrays: evaluate and evaluateResultFrom hand theirs out
    // and then start new ones; leaving empty ones in place keeps this path allocation-free)
    if (alerts.k.length > 0) resetAlerts();
    if (inst.libs !== undefined) putShared(inst.libs);
    let v: unknown;
    try {
      v = inst.fn(EV);
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
    } finally {
      inst.libs = takeShared(inst.libs);
    }
    if (alerts.k.length > 0 || io.out.length > 0) return evaluateResultFrom(v); // alerts, output
    return v !== undefined && v !== false && (!(v instanceof Multi) || (v.v[0] !== undefined && v.v[0] !== false)) ? 1 : 0;
  } finally {
    endCall();
  }
}

function missingOrStale(h: number, found: boolean, ver: number): EvalResult {
  return { ...EMPTY, missing: found ? undefined : [h], stale: ver !== schemaVer };
}

/** One event against one rule with flat arguments (process pools; see evaluateShared). */
entries.evaluateOne = function evaluateOne(h: number, buf: ArrayBuffer, blob: string, nf: number, ns: number, ver: number): number | EvalResult {
  const inst = instances.get(h);
  if (inst === undefined || ver !== schemaVer) return missingOrStale(h, inst !== undefined, ver);
  setBatch({ buf, blob, n: 1, nf, ns });
  return evaluateSingle(inst);
};

/**
 * The latency path of inline isolates: the host writes one event's numbers (and the rule
 * handle and schema version) into a buffer it shares with this isolate (predicateShare, once
 * per isolate) and calls evaluateShared(strings) with the event's string blob as the only
 * argument, and one small integer comes back. The host writes the buffer only when no call
 * that reads it is in flight; no script can reach it. Layout: layout.ts SHARED_HEADER.
 */
let shared: SharedViews | undefined;

entries.predicateShare = function predicateShare(sab: SharedArrayBuffer, gen: number): boolean {
  shared = { gen, i32: new Int32Array(sab), f64: new Float64Array(sab), u8: new Uint8Array(sab) };
  return true;
};

/**
 * -1: no shared buffer in this isolate (it was replaced): the host shares it again.
 * `strings`: the event's string blob; `probe` (true): return at once without reading the
 * buffer (the host's first, asynchronous call).
 */
entries.evaluateShared = function evaluateShared(strings: string, probe?: boolean): number | EvalResult {
  const sh = shared;
  if (probe === true) return sh === undefined ? -1 : 0;
  if (sh === undefined) return -1;
  const i32 = sh.i32;
  if (i32[5] !== sh.gen) return -1;
  const h = i32[0], ver = i32[1];
  const inst = instances.get(h);
  if (inst === undefined || ver !== schemaVer) return missingOrStale(h, inst !== undefined, ver);
  setSharedEvent(sh, SHARED_HEADER, i32[2], i32[3], strings);
  return evaluateSingle(inst);
};

/**
 * evaluateShared for the host's raw synchronous call (no copy options, no timeout; only with
 * an instruction limit, which bounds the evaluation): the result is always a number. 1 / 0:
 * match or not; -1: reshare; -2: there is more to say (an error, alerts, output, a missing
 * or stale rule): the host fetches that EvalResult with predicateTakeResult.
 */
let pending: EvalResult | undefined;
entries.evaluateSharedRaw = function evaluateSharedRaw(strings: string): number {
  pending = undefined;
  const r = (entries.evaluateShared as (s: string) => number | EvalResult)(strings);
  if (typeof r === "number") return r;
  pending = r;
  return -2;
};

entries.predicateTakeResult = function predicateTakeResult(): EvalResult | undefined {
  const r = pending;
  pending = undefined;
  return r;
};

/** An EvalResult for the single evaluation just done by evaluateSingle (with its alerts and output). */
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
entries.evaluateScript = function evaluateScript(req: { spec: RuleSpec; batch: WireBatch; schemaVer: number }): EvalResult & { loadError?: RunError } {
  if (req.schemaVer !== schemaVer) return { ...EMPTY, stale: true };
  startCall(lim);
  try {
    const { inst, error } = instantiate(req.spec);
    if (inst === undefined) return { ...EMPTY, loadError: error };
    setBatch(req.batch);
    return evaluate([inst], 0, req.batch.n) as EvalResult;
  } finally {
    endCall();
  }
};

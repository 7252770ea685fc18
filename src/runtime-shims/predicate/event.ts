// The `event` a predicate receives, inside the isolate. One batch is decoded at a time:
// `setBatch` makes typed-array views over the batch buffer (no copy), and `cursor.e` names
// the current event. The event table's methods read the current event's fields lazily:
// get_str slices the batch's string blob on first access and memoizes the slice, numbers
// and booleans are read straight from the Float64 section. Nothing is allocated per event.
//
// One event table serves every rule (EV): its methods are ordinary string keys (rawget and
// pairs see them), it cannot be written (raw writes included: nothing a rule does to it can
// reach another rule), and its protected metatable serves event.type, ts_mono, ts_wall and
// entity_key from the current event's header. Because it is one immutable object, predicate
// chunks call its methods directly when the receiver is EV (see Lowering.predicateCallee).
import { LuaTable, type } from "../value.js";
import { rtError } from "../errors.js";
import { argError } from "../lib/args.js";
import { batchLayout, WireBatch, HEADER_SLOTS, TAG_I64, TAG_F64, TAG_STR, TAG_BOOL, TAG_BYTES } from "./layout.js";

/** The current event in the current batch. */
export const cursor = { e: 0, n: 0 };

// Three views over the whole batch buffer and the base index of each section in them.
const EMPTY = new ArrayBuffer(8);
let f64: Float64Array<ArrayBufferLike> = new Float64Array(EMPTY);
let i32: Int32Array<ArrayBufferLike> = new Int32Array(EMPTY);
let u8: Uint8Array<ArrayBufferLike> = new Uint8Array(EMPTY);
let hdr = 0; // f64: event_type, ts_mono, ts_wall, entity_key per event
let fval = 0; // f64
let fstart = 0; // i32 (i32[0] and i32[1] are 0 in the empty batch)
let fid = 0; // i32
let soff = 0; // i32
let ftag = 0; // u8
let blob = "";
let strs: (string | undefined)[] = [];

/** Field names from the host's SchemaRegistry: event:get_str("exe"). */
let fieldNames = new Map<string, number>();
export function setFieldNames(names: Record<string, number>): void {
  fieldNames = new Map(Object.entries(names));
}

/** Views over the buffer shared with the host (predicate.ts predicateShare). */
export interface SharedViews {
  gen: number;
  f64: Float64Array<ArrayBufferLike>;
  i32: Int32Array<ArrayBufferLike>;
  u8: Uint8Array<ArrayBufferLike>;
}

/**
 * The batch to read: its own buffer (b.buf), or (b.buf undefined) the bytes at b.at of the
 * buffer shared with the host, `sh` (the caller checked it is the one the host wrote).
 */
export function setBatch(b: WireBatch, sh?: SharedViews): void {
  const L = batchLayout(b.n, b.nf, b.ns);
  if (b.buf !== undefined) {
    const buf = b.buf;
    point(new Float64Array(buf), new Int32Array(buf), new Uint8Array(buf), 0, L);
  } else point(sh!.f64, sh!.i32, sh!.u8, b.at!, L);
  blob = b.blob;
  strs = b.ns > 0 ? new Array(b.ns) : [];
  cursor.e = 0;
  cursor.n = b.n;
}

/** Read from these views, the batch laid out as `L` starting at byte `base`. */
function point(f: Float64Array<ArrayBufferLike>, i: Int32Array<ArrayBufferLike>, u: Uint8Array<ArrayBufferLike>, base: number, L: ReturnType<typeof batchLayout>): void {
  f64 = f;
  i32 = i;
  u8 = u;
  hdr = (base + L.hdr) >> 3;
  fval = (base + L.fval) >> 3;
  fstart = (base + L.fstart) >> 2;
  fid = (base + L.fid) >> 2;
  soff = (base + L.soff) >> 2;
  ftag = base + L.ftag;
}

const singleStrs: (string | undefined)[] = [];

/**
 * One event laid out (batchLayout(1, nf, ns)) at byte `base` of a buffer shared with the
 * host, its strings in `strings` (see predicate.ts evaluateShared).
 */
export function setSharedEvent(sh: SharedViews, base: number, nf: number, ns: number, strings: string): void {
  point(sh.f64, sh.i32, sh.u8, base, batchLayout(1, nf, ns));
  blob = strings;
  // one event's string memo, reused (cleared) call after call: nothing allocated per call
  for (let k = 0; k < ns; k++) singleStrs[k] = undefined;
  strs = singleStrs;
  cursor.e = 0;
  cursor.n = 1;
}

/** Drop the batch (so nothing of it stays reachable between calls). */
export function clearBatch(): void {
  f64 = EMPTY_F64;
  i32 = EMPTY_I32;
  u8 = EMPTY_U8;
  hdr = fval = fstart = fid = soff = ftag = 0;
  blob = "";
  if (strs === singleStrs) singleStrs.fill(undefined);
  strs = [];
  cursor.e = 0;
  cursor.n = 0;
}
const EMPTY_F64 = f64, EMPTY_I32 = i32, EMPTY_U8 = u8;

function str(x: number): string {
  const k = x | 0;
  let s = strs[k];
  if (s === undefined) {
    s = blob.slice(i32[soff + k], i32[soff + k + 1]);
    strs[k] = s;
  }
  return s;
}

/** A field id argument: an integer, or a field name the schema knows. */
function idArg(id: unknown, fname: string): number {
  if (typeof id === "string") {
    const n = fieldNames.get(id);
    if (n === undefined) throw rtError(`${fname}: unknown field name '${id}'`);
    return n;
  }
  return argError(1, fname, `field id expected, got ${type(id)}`);
}

/** Index (into fid/ftag/fval) of field `id` of the current event, or -1. */
function find(id: number): number {
  const e = fstart + cursor.e;
  for (let j = i32[e], end = i32[e + 1]; j < end; j++) if (i32[fid + j] === id) return j;
  return -1;
}

function get_str(_self: unknown, id: unknown): unknown {
  const j = find(typeof id === "number" ? id : idArg(id, "get_str"));
  return j >= 0 && u8[ftag + j] === TAG_STR ? str(f64[fval + j]) : undefined;
}

function get_i64(_self: unknown, id: unknown): unknown {
  const j = find(typeof id === "number" ? id : idArg(id, "get_i64"));
  return j >= 0 && u8[ftag + j] === TAG_I64 ? f64[fval + j] : undefined;
}

function get_bool(_self: unknown, id: unknown): unknown {
  const j = find(typeof id === "number" ? id : idArg(id, "get_bool"));
  return j >= 0 && u8[ftag + j] === TAG_BOOL ? f64[fval + j] !== 0 : undefined;
}

function get_f64(_self: unknown, id: unknown): unknown {
  const j = find(typeof id === "number" ? id : idArg(id, "get_f64"));
  return j >= 0 && u8[ftag + j] === TAG_F64 ? f64[fval + j] : undefined;
}

function get_bytes(_self: unknown, id: unknown): unknown {
  const j = find(typeof id === "number" ? id : idArg(id, "get_bytes"));
  return j >= 0 && u8[ftag + j] === TAG_BYTES ? str(f64[fval + j]) : undefined;
}

/** Any field as its Lua value (number, string, boolean), whatever its type. */
function get(_self: unknown, id: unknown): unknown {
  const j = find(typeof id === "number" ? id : idArg(id, "get"));
  if (j < 0) return undefined;
  const t = u8[ftag + j];
  return t === TAG_STR || t === TAG_BYTES ? str(f64[fval + j]) : t === TAG_BOOL ? f64[fval + j] !== 0 : f64[fval + j];
}

function has_field(_self: unknown, id: unknown): boolean {
  return find(typeof id === "number" ? id : idArg(id, "has_field")) >= 0;
}

const TYPE_NAMES = ["", "i64", "f64", "string", "bool", "bytes"];

function field_type(_self: unknown, id: unknown): unknown {
  const j = find(typeof id === "number" ? id : idArg(id, "field_type"));
  return j < 0 ? undefined : TYPE_NAMES[u8[ftag + j]];
}

/** The current event's header values, for event.type / event.ts_mono / ... */
function header(k: unknown): unknown {
  const base = hdr + cursor.e * HEADER_SLOTS;
  if (cursor.e >= cursor.n) return undefined;
  switch (k) {
    case "type":
    case "event_type":
      return f64[base];
    case "ts_mono":
      return f64[base + 1];
    case "ts_wall":
      return f64[base + 2];
    case "entity_key":
      return f64[base + 3];
  }
  return undefined;
}

const METHODS: Record<string, (...a: any[]) => unknown> = { get_str, get_i64, get_bool, get_f64, get_bytes, get, has_field, field_type };

/** The event methods for emitted code's direct calls: `$ev_get_str(e, 1)`. */
export const eventMethods = {
  ev_get_str: get_str,
  ev_get_i64: get_i64,
  ev_get_bool: get_bool,
  ev_get_f64: get_f64,
  ev_get_bytes: get_bytes,
  ev_get: get,
  ev_has_field: has_field,
  ev_field_type: field_type,
};

let eventMeta: LuaTable | undefined;

function meta(): LuaTable {
  if (eventMeta !== undefined) return eventMeta;
  const mt = new LuaTable();
  mt.set("__index", (_t: unknown, k: unknown) => header(k));
  mt.set("__newindex", (_t: unknown, k: unknown) => readOnly(k));
  mt.set("__metatable", "event");
  mt.set("__tostring", () => `event ${cursor.e + 1} of ${cursor.n}`);
  eventMeta = mt;
  return mt;
}

/** The event table: every raw write is refused (its metatable refuses the others). */
class EventTable extends LuaTable {
  private sealed = false;
  seal(): void {
    this.sealed = true;
  }
  override set(k: unknown, v: unknown): void {
    if (this.sealed) readOnly(k);
    super.set(k, v);
  }
  override setInt(k: number, v: unknown): void {
    if (this.sealed) readOnly(k);
    super.setInt(k, v);
  }
}

function readOnly(k: unknown): never {
  throw rtError(`the event is read-only (cannot set field '${typeof k === "string" ? k : type(k)}')`);
}

function makeEventTable(): LuaTable {
  const t = new EventTable();
  for (const k of Object.keys(METHODS)) t.set(k, METHODS[k]);
  t.mt = meta();
  // writes to an existing key skip emitted code's inline store (it requires proto 0)
  t.proto = 1;
  t.seal();
  return t;
}

/** The one event table every predicate receives. */
export const EV: LuaTable = makeEventTable();


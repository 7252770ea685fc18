// The `event` a predicate receives, inside the isolate. One batch is decoded at a time:
// `setBatch` makes typed-array views over the batch buffer (no copy), and `cursor.e` names
// the current event. The event table's methods read the current event's fields lazily:
// get_str slices the batch's string blob on first access and memoizes the slice, numbers
// and booleans are read straight from the Float64 section. Nothing is allocated per event.
//
// Every rule has its own event table (its methods are ordinary string keys, looked up like
// any table field); they share a protected metatable that serves event.type, ts_mono,
// ts_wall and entity_key from the current event's header and refuses assignments.
import { LuaTable, type } from "../value.js";
import { rtError } from "../errors.js";
import { argError } from "../lib/args.js";
import { batchLayout, WireBatch, HEADER_SLOTS, TAG_I64, TAG_F64, TAG_STR, TAG_BOOL, TAG_BYTES } from "./layout.js";

/** The current event in the current batch. */
export const cursor = { e: 0, n: 0 };

let hdr = new Float64Array(0);
let fval = new Float64Array(0);
let fstart = new Int32Array(1);
let fid = new Int32Array(0);
let soff = new Int32Array(1);
let ftag = new Uint8Array(0);
let blob = "";
let strs: (string | undefined)[] = [];

/** Field names from the host's SchemaRegistry: event:get_str("exe"). */
let fieldNames = new Map<string, number>();
export function setFieldNames(names: Record<string, number>): void {
  fieldNames = new Map(Object.entries(names));
}

export function setBatch(b: WireBatch): void {
  const L = batchLayout(b.n, b.nf, b.ns);
  const buf = b.buf;
  hdr = new Float64Array(buf, L.hdr, HEADER_SLOTS * b.n);
  fval = new Float64Array(buf, L.fval, b.nf);
  fstart = new Int32Array(buf, L.fstart, b.n + 1);
  fid = new Int32Array(buf, L.fid, b.nf);
  soff = new Int32Array(buf, L.soff, b.ns + 1);
  ftag = new Uint8Array(buf, L.ftag, b.nf);
  blob = b.blob;
  strs = new Array(b.ns);
  cursor.e = 0;
  cursor.n = b.n;
}

/** Drop the batch (so nothing of it stays reachable between calls). */
export function clearBatch(): void {
  hdr = new Float64Array(0);
  fval = new Float64Array(0);
  fstart = new Int32Array(1);
  fid = new Int32Array(0);
  soff = new Int32Array(1);
  ftag = new Uint8Array(0);
  blob = "";
  strs = [];
  cursor.e = 0;
  cursor.n = 0;
}

function str(k: number): string {
  let s = strs[k];
  if (s === undefined) {
    s = blob.slice(soff[k], soff[k + 1]);
    strs[k] = s;
  }
  return s;
}

/** A field id argument: an integer, or a field name the schema knows. */
function idArg(id: unknown, fname: string, nargs: number): number {
  if (typeof id === "string") {
    const n = fieldNames.get(id);
    if (n === undefined) throw rtError(`${fname}: unknown field name '${id}'`);
    return n;
  }
  if (nargs < 2 || id === undefined) argError(1, fname, `field id expected, got ${nargs < 2 ? "no value" : "nil"}`);
  return argError(1, fname, `field id expected, got ${type(id)}`);
}

/** Index (into fid/ftag/fval) of field `id` of the current event, or -1. */
function find(id: number): number {
  const e = cursor.e;
  for (let j = fstart[e], end = fstart[e + 1]; j < end; j++) if (fid[j] === id) return j;
  return -1;
}

function get_str(_self: unknown, id: unknown): unknown {
  const j = find(typeof id === "number" ? id : idArg(id, "get_str", arguments.length));
  return j >= 0 && ftag[j] === TAG_STR ? str(fval[j]) : undefined;
}

function get_i64(_self: unknown, id: unknown): unknown {
  const j = find(typeof id === "number" ? id : idArg(id, "get_i64", arguments.length));
  return j >= 0 && ftag[j] === TAG_I64 ? fval[j] : undefined;
}

function get_bool(_self: unknown, id: unknown): unknown {
  const j = find(typeof id === "number" ? id : idArg(id, "get_bool", arguments.length));
  return j >= 0 && ftag[j] === TAG_BOOL ? fval[j] !== 0 : undefined;
}

function get_f64(_self: unknown, id: unknown): unknown {
  const j = find(typeof id === "number" ? id : idArg(id, "get_f64", arguments.length));
  return j >= 0 && ftag[j] === TAG_F64 ? fval[j] : undefined;
}

function get_bytes(_self: unknown, id: unknown): unknown {
  const j = find(typeof id === "number" ? id : idArg(id, "get_bytes", arguments.length));
  return j >= 0 && ftag[j] === TAG_BYTES ? str(fval[j]) : undefined;
}

/** Any field as its Lua value (number, string, boolean), whatever its type. */
function get(_self: unknown, id: unknown): unknown {
  const j = find(typeof id === "number" ? id : idArg(id, "get", arguments.length));
  if (j < 0) return undefined;
  const t = ftag[j];
  return t === TAG_STR || t === TAG_BYTES ? str(fval[j]) : t === TAG_BOOL ? fval[j] !== 0 : fval[j];
}

function has_field(_self: unknown, id: unknown): boolean {
  return find(typeof id === "number" ? id : idArg(id, "has_field", arguments.length)) >= 0;
}

const TYPE_NAMES = ["", "i64", "f64", "string", "bool", "bytes"];

function field_type(_self: unknown, id: unknown): unknown {
  const j = find(typeof id === "number" ? id : idArg(id, "field_type", arguments.length));
  return j < 0 ? undefined : TYPE_NAMES[ftag[j]];
}

/** The current event's header values, for event.type / event.ts_mono / ... */
function header(k: unknown): unknown {
  const base = cursor.e * HEADER_SLOTS;
  if (cursor.e >= cursor.n) return undefined;
  switch (k) {
    case "type":
    case "event_type":
      return hdr[base];
    case "ts_mono":
      return hdr[base + 1];
    case "ts_wall":
      return hdr[base + 2];
    case "entity_key":
      return hdr[base + 3];
  }
  return undefined;
}

const METHODS: Record<string, (...a: any[]) => unknown> = { get_str, get_i64, get_bool, get_f64, get_bytes, get, has_field, field_type };

let eventMeta: LuaTable | undefined;

function meta(): LuaTable {
  if (eventMeta !== undefined) return eventMeta;
  const mt = new LuaTable();
  mt.set("__index", (_t: unknown, k: unknown) => header(k));
  mt.set("__newindex", (_t: unknown, k: unknown) => {
    throw rtError(`the event is read-only (cannot set field '${typeof k === "string" ? k : type(k)}')`);
  });
  mt.set("__metatable", "event");
  mt.set("__tostring", () => `event ${cursor.e + 1} of ${cursor.n}`);
  eventMeta = mt;
  return mt;
}

/** A new event table (one per loaded rule). */
export function makeEventTable(): LuaTable {
  const t = new LuaTable();
  for (const k of Object.keys(METHODS)) t.set(k, METHODS[k]);
  t.mt = meta();
  return t;
}

/** Host-side mirror of an event's values, for tests: the field ids of event e. */
export function fieldIdsOf(e: number): number[] {
  const out: number[] = [];
  for (let j = fstart[e]; j < fstart[e + 1]; j++) out.push(fid[j]);
  return out;
}

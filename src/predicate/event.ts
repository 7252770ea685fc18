// Events and typed values (the spec's kestrel-event), built host-side and encoded into
// batches (batch.ts) for the isolates.
import { SchemaRegistry, FieldType, MAX_FIELD_ID } from "./schema.js";
import { TAG_I64, TAG_F64, TAG_STR, TAG_BOOL, TAG_BYTES } from "../runtime-shims/predicate/layout.js";

/** A field value. i64 accepts a bigint or an integer number; bytes a Uint8Array. */
export type TypedValue =
  | { type: "i64"; value: bigint | number }
  | { type: "f64"; value: number }
  | { type: "string"; value: string }
  | { type: "bool"; value: boolean }
  | { type: "bytes"; value: Uint8Array };

/** Constructors, after the spec's `TypedValue::String(...)`. */
export const TypedValue = {
  I64: (value: bigint | number): TypedValue => ({ type: "i64", value }),
  F64: (value: number): TypedValue => ({ type: "f64", value }),
  String: (value: string): TypedValue => ({ type: "string", value }),
  Bool: (value: boolean): TypedValue => ({ type: "bool", value }),
  Bytes: (value: Uint8Array): TypedValue => ({ type: "bytes", value }),
};

export class EventBuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EventBuildError";
  }
}

const TAGS: Record<FieldType, number> = { i64: TAG_I64, f64: TAG_F64, string: TAG_STR, bool: TAG_BOOL, bytes: TAG_BYTES };
const I64_MIN = -(2n ** 63n), I64_MAX = 2n ** 63n - 1n;

const ASCII = /^[\x00-\x7f]*$/;

/**
 * A JS string as a Lua byte string (one char per byte): UTF-8 bytes. ASCII strings are
 * returned as they are (no copy).
 */
export function toLuaBytes(s: string): string {
  return ASCII.test(s) ? s : Buffer.from(s, "utf8").toString("latin1");
}

function bytesToLua(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("latin1");
}

function checkU64(what: string, v: number | bigint): number {
  if (typeof v === "bigint") {
    if (v < 0n || v > 2n ** 64n - 1n) throw new EventBuildError(`${what} must be an unsigned 64-bit integer, got ${v}`);
    return Number(v);
  }
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0) throw new EventBuildError(`${what} must be a non-negative integer, got ${String(v)}`);
  return v;
}

/**
 * One event: a header (type, monotonic and wall-clock timestamps in ns, entity key) and
 * typed fields by id. Immutable once built; its fields are already in the form the batch
 * encoder copies (numbers, and strings as Lua byte strings).
 */
export class Event {
  /** @internal encoded header: event_type, ts_mono, ts_wall, entity_key as doubles */
  readonly hdr: [number, number, number, number];
  /** @internal field ids, tags, numeric values, byte strings (parallel arrays) */
  readonly ids: number[];
  readonly tags: number[];
  readonly nums: number[];
  readonly strs: (string | undefined)[];
  /** @internal number of string and bytes fields */
  nstr = 0;
  private readonly values: TypedValue[];

  /** @internal use Event.builder() */
  constructor(
    readonly eventType: number,
    readonly tsMono: number | bigint,
    readonly tsWall: number | bigint,
    readonly entityKey: number | bigint,
    fieldIds: number[],
    fieldValues: TypedValue[],
  ) {
    this.hdr = [eventType, Number(tsMono), Number(tsWall), Number(entityKey)];
    this.ids = [];
    this.tags = [];
    this.nums = [];
    this.strs = [];
    this.values = [];
    for (let i = 0; i < fieldIds.length; i++) {
      const id = fieldIds[i], v = fieldValues[i];
      this.ids.push(id);
      this.tags.push(TAGS[v.type]);
      this.values.push(v);
      switch (v.type) {
        case "i64":
        case "f64":
          this.nums.push(Number(v.value));
          this.strs.push(undefined);
          break;
        case "bool":
          this.nums.push(v.value ? 1 : 0);
          this.strs.push(undefined);
          break;
        case "string":
          this.nums.push(0);
          this.strs.push(toLuaBytes(v.value));
          this.nstr++;
          break;
        case "bytes":
          this.nums.push(0);
          this.strs.push(bytesToLua(v.value));
          this.nstr++;
          break;
      }
    }
  }

  static builder(schema?: SchemaRegistry): EventBuilder {
    return new EventBuilder(schema);
  }

  get(id: number): TypedValue | undefined {
    const i = this.ids.indexOf(id);
    return i < 0 ? undefined : this.values[i];
  }

  has(id: number): boolean {
    return this.ids.includes(id);
  }

  /** [id, value] pairs in the order they were set. */
  fields(): [number, TypedValue][] {
    return this.ids.map((id, i) => [id, this.values[i]]);
  }
}

export class EventBuilder {
  private type = 0;
  private mono: number | bigint = 0;
  private wall: number | bigint = 0;
  private entity: number | bigint = 0;
  private readonly ids: number[] = [];
  private readonly values: TypedValue[] = [];

  constructor(private readonly schema?: SchemaRegistry) {}

  eventType(t: number): this {
    this.type = t;
    return this;
  }
  tsMono(ns: number | bigint): this {
    this.mono = ns;
    return this;
  }
  tsWall(ns: number | bigint): this {
    this.wall = ns;
    return this;
  }
  entityKey(k: number | bigint): this {
    this.entity = k;
    return this;
  }
  /** Set a field (a later value for the same id replaces the earlier one). */
  field(id: number, value: TypedValue): this {
    const i = this.ids.indexOf(id);
    if (i >= 0) this.values[i] = value;
    else {
      this.ids.push(id);
      this.values.push(value);
    }
    return this;
  }
  i64(id: number, v: bigint | number): this {
    return this.field(id, { type: "i64", value: v });
  }
  f64(id: number, v: number): this {
    return this.field(id, { type: "f64", value: v });
  }
  string(id: number, v: string): this {
    return this.field(id, { type: "string", value: v });
  }
  bool(id: number, v: boolean): this {
    return this.field(id, { type: "bool", value: v });
  }
  bytes(id: number, v: Uint8Array): this {
    return this.field(id, { type: "bytes", value: v });
  }

  /** Check everything and build. Throws EventBuildError. */
  build(): Event {
    if (!Number.isInteger(this.type) || this.type < 0 || this.type > 0xffffffff) throw new EventBuildError(`event_type must be an integer in 0..2^32-1, got ${this.type}`);
    checkU64("ts_mono", this.mono);
    checkU64("ts_wall", this.wall);
    if (typeof this.entity === "bigint" ? this.entity < 0n : !Number.isInteger(this.entity) || this.entity < 0) {
      throw new EventBuildError(`entity_key must be a non-negative integer, got ${String(this.entity)}`);
    }
    for (let i = 0; i < this.ids.length; i++) {
      const id = this.ids[i], v = this.values[i];
      if (!Number.isInteger(id) || id < 0 || id > MAX_FIELD_ID) throw new EventBuildError(`field id must be an integer in 0..${MAX_FIELD_ID}, got ${id}`);
      checkValue(id, v);
      if (this.schema !== undefined) {
        const def = this.schema.get(id);
        if (def === undefined) throw new EventBuildError(`field ${id} is not registered in the schema`);
        if (def.type !== v.type) throw new EventBuildError(`field ${id} ('${def.name}') is ${def.type}, got a ${v.type} value`);
      }
    }
    return new Event(this.type, this.mono, this.wall, this.entity, this.ids.slice(), this.values.slice());
  }
}

function bad(id: number, what: string): EventBuildError {
  return new EventBuildError(`field ${id}: ${what}`);
}

function checkValue(id: number, v: TypedValue): void {
  if (v === null || typeof v !== "object") throw bad(id, "expected a TypedValue");
  const x: unknown = v.value;
  switch (v.type) {
    case "i64":
      if (typeof v.value === "bigint") {
        if (v.value < I64_MIN || v.value > I64_MAX) throw bad(id, `i64 out of range: ${v.value}`);
      } else if (typeof v.value !== "number" || !Number.isInteger(v.value) || Math.abs(v.value) > 2 ** 63) throw bad(id, `i64 needs an integer, got ${String(x)}`);
      return;
    case "f64":
      if (typeof v.value !== "number") throw bad(id, `f64 needs a number, got ${typeof x}`);
      return;
    case "string":
      if (typeof v.value !== "string") throw bad(id, `string needs a string, got ${typeof x}`);
      return;
    case "bool":
      if (typeof v.value !== "boolean") throw bad(id, `bool needs a boolean, got ${typeof x}`);
      return;
    case "bytes":
      if (!(v.value instanceof Uint8Array)) throw bad(id, "bytes needs a Uint8Array");
      return;
    default:
      throw bad(id, `unknown value type '${(v as any).type}'`);
  }
}

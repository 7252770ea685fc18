// Event batches: many events encoded once into one ArrayBuffer and one byte string (layout
// in runtime-shims/predicate/layout.ts), which cross into each isolate in one call.
import { batchLayout, HEADER_SLOTS, TAG_I64, TAG_F64, TAG_STR, TAG_BOOL, TAG_BYTES } from "../runtime-shims/predicate/layout.js";
import { checkFieldId } from "./schema.js";
import { Event, toLuaBytes } from "./event.js";

/** An encoded batch of events. Immutable; evaluate it against any rules any number of times. */
export class EventBatch {
  /** @internal */
  constructor(
    readonly buf: ArrayBuffer,
    readonly blob: string,
    /** Number of events. */
    readonly length: number,
    /** @internal fields and strings in the batch */
    readonly nf: number,
    readonly ns: number,
  ) {}

  /** Encode events (built with Event.builder()). */
  static from(events: readonly Event[]): EventBatch {
    // exact sizes first, then one buffer written in place
    const n = events.length;
    let nf = 0, ns = 0;
    for (let i = 0; i < n; i++) {
      const ev = events[i];
      if (!(ev instanceof Event)) throw new TypeError(`events[${i}] is not an Event (use Event.builder())`);
      nf += ev.ids.length;
      ns += ev.nstr;
    }
    const L = batchLayout(n, nf, ns);
    const buf = newBuffer(L.bytes, L.ftag + nf);
    const f64 = new Float64Array(buf), i32 = new Int32Array(buf), u8 = new Uint8Array(buf);
    const hdr = L.hdr >> 3, fval = L.fval >> 3, fstart = L.fstart >> 2, fid = L.fid >> 2, soff = L.soff >> 2, ftag = L.ftag;
    const parts: string[] = [];
    let j = 0, k = 0, blobLen = 0;
    for (let e = 0; e < n; e++) {
      const ev = events[e];
      const h = ev.hdr, b = hdr + e * HEADER_SLOTS;
      f64[b] = h[0];
      f64[b + 1] = h[1];
      f64[b + 2] = h[2];
      f64[b + 3] = h[3];
      i32[fstart + e] = j;
      const { ids, tags, nums, strs } = ev;
      for (let i = 0; i < ids.length; i++, j++) {
        const t = tags[i];
        i32[fid + j] = ids[i];
        u8[ftag + j] = t;
        if (t === TAG_STR || t === TAG_BYTES) {
          const str = strs[i]!;
          parts.push(str);
          i32[soff + k] = blobLen;
          blobLen += str.length;
          f64[fval + j] = k++;
        } else f64[fval + j] = nums[i];
      }
    }
    i32[fstart + n] = j;
    i32[soff + k] = blobLen;
    return new EventBatch(buf, parts.length === 1 ? parts[0] : parts.join(""), n, nf, ns);
  }

  private u8: Uint8Array | undefined;

  /** @internal the buffer as bytes (one view, made once) */
  bytes(): Uint8Array {
    return (this.u8 ??= new Uint8Array(this.buf));
  }

  /** Encoded size: buffer bytes plus string bytes. */
  get byteLength(): number {
    return this.buf.byteLength + this.blob.length;
  }

  /** @internal what crosses into the isolate */
  wire(): { buf: ArrayBuffer; blob: string; n: number; nf: number; ns: number } {
    return { buf: this.buf, blob: this.blob, n: this.length, nf: this.nf, ns: this.ns };
  }
}

/**
 * Builds a batch event by event without Event objects (the CLI and high-rate producers use
 * it directly): begin(header) then any number of field calls per event, then finish().
 * Strings are JS strings (UTF-8 encoded for Lua); *Bytes methods take Lua byte strings.
 */
export class BatchEncoder {
  private hdr: Float64Array;
  private fval: Float64Array;
  private fid: Int32Array;
  private ftag: Uint8Array;
  private fstart: Int32Array;
  private soff: Int32Array;
  private parts: string[] = [];
  private n = 0;
  private nf = 0;
  private ns = 0;
  private blobLen = 0;

  constructor(expectedEvents = 1024, expectedFields = expectedEvents * 4) {
    const e = Math.max(16, expectedEvents), f = Math.max(16, expectedFields);
    this.hdr = new Float64Array(e * HEADER_SLOTS);
    this.fstart = new Int32Array(e + 1);
    this.fval = new Float64Array(f);
    this.fid = new Int32Array(f);
    this.ftag = new Uint8Array(f);
    this.soff = new Int32Array(f + 1);
  }

  get length(): number {
    return this.n;
  }

  /** Start the next event. Numbers are stored as doubles (exact up to 2^53). */
  begin(eventType: number, tsMono: number, tsWall: number, entityKey: number): this {
    const n = this.n;
    if ((n + 1) * HEADER_SLOTS > this.hdr.length) {
      this.hdr = grow(this.hdr, this.hdr.length * 2) as Float64Array;
      this.fstart = grow(this.fstart, this.fstart.length * 2) as Int32Array;
    }
    const h = n * HEADER_SLOTS;
    const hdr = this.hdr;
    hdr[h] = eventType;
    hdr[h + 1] = tsMono;
    hdr[h + 2] = tsWall;
    hdr[h + 3] = entityKey;
    this.fstart[n] = this.nf;
    this.n = n + 1;
    return this;
  }

  private field(id: number, tag: number, v: number): void {
    if (this.n === 0) throw new Error("BatchEncoder: begin() an event before adding fields");
    const j = this.nf;
    if (j === this.fid.length) {
      const m = j * 2;
      this.fval = grow(this.fval, m) as Float64Array;
      this.fid = grow(this.fid, m) as Int32Array;
      this.ftag = grow(this.ftag, m) as Uint8Array;
    }
    this.fid[j] = id;
    this.ftag[j] = tag;
    this.fval[j] = v;
    this.nf = j + 1;
  }

  private addString(s: string): number {
    const k = this.ns;
    if (k + 1 >= this.soff.length) this.soff = grow(this.soff, this.soff.length * 2) as Int32Array;
    this.parts.push(s);
    this.soff[k] = this.blobLen;
    this.blobLen += s.length;
    this.ns = k + 1;
    return k;
  }

  i64(id: number, v: number | bigint): this {
    this.field(id, TAG_I64, Number(v));
    return this;
  }
  f64(id: number, v: number): this {
    this.field(id, TAG_F64, v);
    return this;
  }
  bool(id: number, v: boolean): this {
    this.field(id, TAG_BOOL, v ? 1 : 0);
    return this;
  }
  /** A JS string field (UTF-8 for Lua). */
  string(id: number, v: string): this {
    return this.stringBytes(id, toLuaBytes(v));
  }
  /** A string field given as a Lua byte string (one char per byte). */
  stringBytes(id: number, luaBytes: string): this {
    this.field(id, TAG_STR, this.addString(luaBytes));
    return this;
  }
  bytes(id: number, v: Uint8Array): this {
    return this.bytesLua(id, Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("latin1"));
  }
  bytesLua(id: number, luaBytes: string): this {
    this.field(id, TAG_BYTES, this.addString(luaBytes));
    return this;
  }

  /** Add a built Event. */
  add(ev: Event): this {
    const h = ev.hdr;
    this.begin(h[0], h[1], h[2], h[3]);
    const { ids, tags, nums, strs } = ev;
    for (let i = 0; i < ids.length; i++) {
      const t = tags[i];
      if (t === TAG_STR || t === TAG_BYTES) this.field(ids[i], t, this.addString(strs[i]!));
      else this.field(ids[i], t, nums[i]);
    }
    return this;
  }

  /** Field id check for untrusted producers (Event.builder checks already). */
  static checkId(id: number): void {
    checkFieldId(id);
  }

  /** The batch so far; the encoder is then empty again (and reuses its scratch arrays). */
  finish(): EventBatch {
    const { n, nf, ns } = this;
    const L = batchLayout(n, nf, ns);
    const buf = newBuffer(L.bytes, L.ftag + nf);
    const f64 = new Float64Array(buf), i32 = new Int32Array(buf), u8 = new Uint8Array(buf);
    f64.set(this.hdr.subarray(0, n * HEADER_SLOTS), L.hdr >> 3);
    f64.set(this.fval.subarray(0, nf), L.fval >> 3);
    i32.set(this.fstart.subarray(0, n), L.fstart >> 2);
    i32[(L.fstart >> 2) + n] = nf;
    i32.set(this.fid.subarray(0, nf), L.fid >> 2);
    i32.set(this.soff.subarray(0, ns), L.soff >> 2);
    i32[(L.soff >> 2) + ns] = this.blobLen;
    u8.set(this.ftag.subarray(0, nf), L.ftag);
    const blob = this.parts.length === 1 ? this.parts[0] : this.parts.join("");
    this.n = this.nf = this.ns = this.blobLen = 0;
    this.parts = [];
    return new EventBatch(buf, blob, n, nf, ns);
  }
}

/**
 * An ArrayBuffer for a batch, not zero-filled (every byte before `used` is written by the
 * encoder; the padding after it is zeroed here): allocation without the zeroing pass is
 * several times faster for batch-sized buffers.
 */
function newBuffer(bytes: number, used: number): ArrayBuffer {
  const b = Buffer.allocUnsafeSlow(bytes);
  b.fill(0, used);
  return b.buffer as ArrayBuffer;
}

function grow<T extends Float64Array | Int32Array | Uint8Array>(a: T, size: number): T {
  const b = new (a.constructor as any)(size) as T;
  b.set(a as any);
  return b;
}

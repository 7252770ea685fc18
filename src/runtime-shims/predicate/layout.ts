// The binary layout of an event batch, shared by the host encoder (src/predicate/batch.ts)
// and the decoder inside the isolate (event.ts). One ArrayBuffer plus one byte string:
//
//   Float64 hdr[4 * n]     per event: event_type, ts_mono, ts_wall, entity_key
//   Float64 fval[nf]       per field: the number (i64, f64), 0/1 (bool), or string index
//   Int32   fstart[n + 1]  event e's fields are fid/ftag/fval[fstart[e] .. fstart[e+1])
//   Int32   fid[nf]        field ids
//   Int32   soff[ns + 1]   string k is blob[soff[k] .. soff[k+1]) (strings and bytes)
//   Uint8   ftag[nf]       field types (TAG_*)
//   blob                   every string field's bytes, one char per byte (latin1)
//
// Strings travel as one flat string and are sliced lazily (and once) inside the isolate:
// cheaper than copying an array of strings or decoding bytes per access.

export const TAG_I64 = 1;
export const TAG_F64 = 2;
export const TAG_STR = 3;
export const TAG_BOOL = 4;
export const TAG_BYTES = 5;

export const HEADER_SLOTS = 4;

/** Byte offsets of each section for a batch of n events, nf fields, ns strings. */
export function batchLayout(n: number, nf: number, ns: number) {
  const hdr = 0;
  const fval = hdr + HEADER_SLOTS * n * 8;
  const fstart = fval + nf * 8;
  const fid = fstart + (n + 1) * 4;
  const soff = fid + nf * 4;
  const ftag = soff + (ns + 1) * 4;
  // padded to 8 bytes, so one Float64Array, one Int32Array and one Uint8Array can view it all
  const bytes = (ftag + nf + 7) & ~7;
  return { hdr, fval, fstart, fid, soff, ftag, bytes };
}

/** What the host sends for one batch (plus which rules to run, see predicate.ts). */
export interface WireBatch {
  /** The batch's own copy of the buffer; absent when it was written into the shared buffer: */
  buf?: ArrayBuffer;
  /** ...at this byte offset (a multiple of 8), by the host that shared generation `gen`. */
  at?: number;
  gen?: number;
  blob: string;
  n: number;
  nf: number;
  ns: number;
}

/**
 * The buffer an inline isolate shares with the host (one per isolate): batches are written
 * into it (WireBatch.at) instead of crossing as copies, and so are single events: a header
 * of Int32 [rule handle, schema version, nf, ns, (unused), buffer generation], then the event
 * (batchLayout(1, nf, ns)) at byte SHARED_HEADER (its strings cross as the call's argument).
 */
export const SHARED_HEADER = 64;

// SchemaRegistry: field ids with names and types (the spec's kestrel-schema).
export type FieldType = "i64" | "f64" | "string" | "bool" | "bytes";

export const FIELD_TYPES: readonly FieldType[] = ["i64", "f64", "string", "bool", "bytes"];

export interface FieldDef {
  id: number;
  name: string;
  type: FieldType;
}

/** Largest field id (ids are u32 in the spec; the batch encoding stores them as int32). */
export const MAX_FIELD_ID = 0x7fffffff;

export function checkFieldId(id: number): void {
  if (!Number.isInteger(id) || id < 0 || id > MAX_FIELD_ID) {
    throw new RangeError(`field id must be an integer in 0..${MAX_FIELD_ID}, got ${id}`);
  }
}

/**
 * The fields events may carry. Registering is optional: the engine evaluates any field id,
 * and events built without a schema are not checked. With a schema, `Event.builder(schema)`
 * checks ids and types, and scripts may name fields: `event:get_str("executable")`.
 */
export class SchemaRegistry {
  private byId = new Map<number, FieldDef>();
  private byName = new Map<string, FieldDef>();
  /** Bumped on every change (the engine re-sends names to its isolates). */
  version = 1;

  /** Register a field. `id` defaults to the next free id (starting at 1). */
  register(name: string, type: FieldType, id?: number): number {
    if (typeof name !== "string" || name === "") throw new TypeError("field name must be a non-empty string");
    if (!FIELD_TYPES.includes(type)) throw new TypeError(`unknown field type '${type}' (one of ${FIELD_TYPES.join(", ")})`);
    const fid = id ?? this.nextId();
    checkFieldId(fid);
    const clash = this.byId.get(fid);
    if (clash && clash.name !== name) throw new Error(`field id ${fid} is already registered as '${clash.name}'`);
    const named = this.byName.get(name);
    if (named && named.id !== fid) throw new Error(`field '${name}' is already registered with id ${named.id}`);
    const def = { id: fid, name, type };
    this.byId.set(fid, def);
    this.byName.set(name, def);
    this.version++;
    return fid;
  }

  private nextId(): number {
    let max = 0;
    for (const id of this.byId.keys()) if (id > max) max = id;
    return max + 1;
  }

  get(id: number): FieldDef | undefined {
    return this.byId.get(id);
  }

  lookup(name: string): FieldDef | undefined {
    return this.byName.get(name);
  }

  fields(): FieldDef[] {
    return [...this.byId.values()].sort((a, b) => a.id - b.id);
  }

  get size(): number {
    return this.byId.size;
  }

  /** name -> id, as the isolates get it. */
  names(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const d of this.byId.values()) out[d.name] = d.id;
    return out;
  }
}

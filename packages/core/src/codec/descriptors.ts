/**
 * Runtime descriptors of the schema, built once from the generated protobufjs JSON (no I/O).
 * They drive conversion between TypeScript values (bigint, Uint8Array) and protobufjs objects and
 * the wire pre-scan. The schema rules are enforced here: only bytes, string, bool, uint32, uint64,
 * enums, nested messages, repeated and oneof; no maps, no floats.
 */
import protobuf from 'protobufjs';
import { LeagError } from '../errors.js';
import { SCHEMA_JSON } from '../gen/schema.gen.js';

export const SCHEMA_PACKAGE = 'leag.v1';
export type ScalarKind = 'uint64' | 'uint32' | 'bool' | 'string' | 'bytes';
export type FieldKind = ScalarKind | 'enum' | 'message';

export interface FieldDesc {
  readonly name: string;
  readonly id: number;
  readonly kind: FieldKind;
  readonly repeated: boolean;
  /** Member of a real oneof (its name) or a proto3 `optional` field: encoded whenever set. */
  readonly oneof: string | undefined;
  readonly explicitPresence: boolean;
  /** For enums: the allowed numbers; for messages: the message's name. */
  readonly enumValues: ReadonlySet<number> | undefined;
  /** For enums: number → name and name → number. */
  readonly enumNames: ReadonlyMap<number, string> | undefined;
  readonly enumByName: ReadonlyMap<string, number> | undefined;
  readonly messageName: string | undefined;
  /** For messages: the message's descriptor (linked once every type is described). */
  message: MessageDesc | undefined;
  /** "Type.field": the key of this field's count limit (limits.ts). */
  readonly countKey: string;
  /** Wire type of one element: 0 varint, 2 length-delimited. */
  readonly wireType: 0 | 2;
  /** Index in its message's `fields` (which are in field-number order). */
  readonly position: number;
}

export interface MessageDesc {
  readonly name: string;
  readonly type: protobuf.Type;
  readonly fields: readonly FieldDesc[];
  readonly byId: ReadonlyMap<number, FieldDesc>;
  readonly fieldNames: ReadonlySet<string>;
  /** Real oneofs (not proto3 optional): name → member field names. */
  readonly oneofs: ReadonlyMap<string, readonly string[]>;
}

const SCALARS = new Set<string>(['uint64', 'uint32', 'bool', 'string', 'bytes']);

export const schemaRoot: protobuf.Root = protobuf.Root.fromJSON(SCHEMA_JSON);
schemaRoot.resolveAll();

function describeField(t: protobuf.Type, f: protobuf.Field, position: number): FieldDesc {
  const where = `${t.name}.${f.name}`;
  if (f.map) throw new LeagError('SCHEMA_FIELD_TYPE', `${where}: map fields are not allowed in the schema`);
  let kind: FieldKind;
  if (f.resolvedType instanceof protobuf.Type) kind = 'message';
  else if (f.resolvedType instanceof protobuf.Enum) kind = 'enum';
  else if (SCALARS.has(f.type)) kind = f.type as ScalarKind;
  else {
    throw new LeagError(
      'SCHEMA_FIELD_TYPE',
      `${where}: type ${f.type} is not allowed (only bytes, string, bool, uint32, uint64, enums, messages)`,
    );
  }
  const part = f.partOf ?? undefined;
  const synthetic = part?.name.startsWith('_') === true && part.fieldsArray.length === 1;
  return {
    name: f.name,
    id: f.id,
    kind,
    repeated: f.repeated,
    oneof: part !== undefined && !synthetic ? part.name : undefined,
    explicitPresence: part !== undefined,
    enumValues: f.resolvedType instanceof protobuf.Enum ? new Set(Object.values(f.resolvedType.values)) : undefined,
    enumNames:
      f.resolvedType instanceof protobuf.Enum
        ? new Map(Object.entries(f.resolvedType.values).map(([k, v]) => [v, k]))
        : undefined,
    enumByName: f.resolvedType instanceof protobuf.Enum ? new Map(Object.entries(f.resolvedType.values)) : undefined,
    messageName: f.resolvedType instanceof protobuf.Type ? f.resolvedType.name : undefined,
    message: undefined,
    countKey: `${t.name}.${f.name}`,
    wireType: kind === 'message' || kind === 'string' || kind === 'bytes' ? 2 : 0,
    position,
  };
}

const descs = new Map<string, MessageDesc>();

function collect(ns: protobuf.NamespaceBase): void {
  for (const obj of ns.nestedArray) {
    if (obj instanceof protobuf.Type) {
      const fields = [...obj.fieldsArray].sort((a, b) => a.id - b.id).map((f, i) => describeField(obj, f, i));
      const oneofs = new Map<string, readonly string[]>();
      for (const f of fields) if (f.oneof) oneofs.set(f.oneof, [...(oneofs.get(f.oneof) ?? []), f.name]);
      descs.set(obj.name, {
        name: obj.name,
        type: obj,
        fields,
        byId: new Map(fields.map((f) => [f.id, f])),
        fieldNames: new Set(fields.map((f) => f.name)),
        oneofs,
      });
    }
    if (obj instanceof protobuf.Namespace) collect(obj);
  }
}
collect(schemaRoot);
for (const d of descs.values()) {
  for (const f of d.fields) if (f.messageName !== undefined) f.message = descs.get(f.messageName);
}

/** The descriptor of a message type by its short name ("BlockHeader"). */
export function messageDesc(name: string): MessageDesc {
  const d = descs.get(name);
  if (!d) throw new LeagError('SCHEMA_UNKNOWN_TYPE', `no message type named "${name}" in the schema`, { name });
  return d;
}

export function allMessageNames(): string[] {
  return [...descs.keys()].sort();
}

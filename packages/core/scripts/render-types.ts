/** Renders TypeScript interfaces for every message and enum of a resolved protobufjs Root. */
import protobuf from 'protobufjs';

const SCALAR_TS: Record<string, string> = {
  uint64: 'bigint',
  uint32: 'number',
  bool: 'boolean',
  string: 'string',
  bytes: 'Uint8Array',
};

function collect(ns: protobuf.NamespaceBase, types: protobuf.Type[], enums: protobuf.Enum[]): void {
  for (const obj of ns.nestedArray) {
    if (obj instanceof protobuf.Type) types.push(obj);
    else if (obj instanceof protobuf.Enum) enums.push(obj);
    if (obj instanceof protobuf.Namespace) collect(obj, types, enums);
  }
}

function doc(comment: string | null | undefined, indent: string): string {
  if (!comment) return '';
  const lines = comment.split('\n').map((l) => l.trimEnd());
  if (lines.length === 1) return `${indent}/** ${lines[0]} */\n`;
  return `${indent}/**\n${lines.map((l) => `${indent} * ${l}`.trimEnd()).join('\n')}\n${indent} */\n`;
}

function fieldType(f: protobuf.Field): string {
  const base = f.resolvedType ? f.resolvedType.name : SCALAR_TS[f.type];
  if (base === undefined) return 'never';
  return f.repeated ? `${base}[]` : base;
}

function renderEnum(e: protobuf.Enum): string {
  const entries = Object.entries(e.values).map(([k, v]) => `  ${k}: ${v},`);
  return (
    doc(e.comment, '') +
    `export const ${e.name} = {\n${entries.join('\n')}\n} as const;\n` +
    `export type ${e.name} = (typeof ${e.name})[keyof typeof ${e.name}];\n`
  );
}

function renderType(t: protobuf.Type): string {
  const lines = t.fieldsArray.map((f) => {
    const optional = f.partOf !== null && f.partOf !== undefined;
    const oneofNote = optional && !f.partOf!.name.startsWith('_') ? ` (oneof ${f.partOf!.name})` : '';
    const comment = f.comment ? `${f.comment}${oneofNote}` : oneofNote.trim() || null;
    return `${doc(comment, '  ')}  ${f.name}${optional ? '?' : ''}: ${fieldType(f)};`;
  });
  return `${doc(t.comment, '')}export interface ${t.name} {\n${lines.join('\n')}\n}\n`;
}

export function renderTypes(root: protobuf.Root): string {
  const types: protobuf.Type[] = [];
  const enums: protobuf.Enum[] = [];
  collect(root, types, enums);
  types.sort((a, b) => a.name.localeCompare(b.name));
  enums.sort((a, b) => a.name.localeCompare(b.name));
  const names = types.map((t) => t.name);
  return [
    ...enums.map(renderEnum),
    ...types.map(renderType),
    `/** Every message type by name. */\nexport interface MessageTypes {\n${names.map((n) => `  ${n}: ${n};`).join('\n')}\n}\n`,
    `export type MessageName = keyof MessageTypes;\n`,
    `export const MESSAGE_NAMES: readonly MessageName[] = [\n${names.map((n) => `  '${n}',`).join('\n')}\n];\n`,
  ].join('\n');
}

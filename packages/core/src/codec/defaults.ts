/**
 * Default values of the schema: what an absent field decodes to (0, '', false, empty bytes, an
 * all-default sub-message; [] for repeated fields; optional and oneof fields stay absent), and the
 * all-default message itself (what empty bytes decode to; also the base of the JSON codec).
 */
import type { FieldDesc, MessageDesc } from './descriptors.js';

type Obj = Record<string, unknown>;

/** The value an absent non-repeated, non-optional field decodes to. */
export function defaultOf(f: FieldDesc): unknown {
  switch (f.kind) {
    case 'uint64':
      return 0n;
    case 'uint32':
    case 'enum':
      return 0;
    case 'bool':
      return false;
    case 'string':
      return '';
    case 'bytes':
      return new Uint8Array(0);
    case 'message':
      return defaultMessage(f.message!);
  }
}

/** The all-default value of a message type (what an empty encoding decodes to). */
export function defaultMessage(desc: MessageDesc): Obj {
  const out: Obj = {};
  for (const f of desc.fields) {
    if (f.repeated) out[f.name] = [];
    else if (!f.explicitPresence) out[f.name] = defaultOf(f);
  }
  return out;
}

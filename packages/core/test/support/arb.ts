/** fast-check arbitraries for every schema message, derived from the runtime descriptors. */
import fc from 'fast-check';
import { type FieldDesc, messageDesc } from '../../src/codec/descriptors.js';
import type { MessageName, MessageTypes } from '../../src/gen/types.gen.js';

type Obj = Record<string, unknown>;

export const LONG = process.env.LEAG_TEST_LONG === '1';
/** Number of runs for a property: `base` by default, `base * 20` with LEAG_TEST_LONG=1. */
export const runs = (base: number): number => (LONG ? base * 20 : base);

const u64 = fc.oneof(
  fc.constant(0n),
  fc.bigInt({ min: 0n, max: 300n }),
  fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
  fc.constant((1n << 64n) - 1n),
);
const u32 = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 300 }), fc.nat(), fc.constant(0xffffffff));

function fieldArb(f: FieldDesc, depth: number): fc.Arbitrary<unknown> {
  switch (f.kind) {
    case 'uint64':
      return u64;
    case 'uint32':
      return u32;
    case 'bool':
      return fc.boolean();
    case 'string':
      return fc.oneof(fc.constant(''), fc.string({ unit: 'binary', maxLength: 12 }));
    case 'bytes':
      return fc.oneof(fc.constant(new Uint8Array(0)), fc.uint8Array({ maxLength: 40 }));
    case 'enum':
      return fc.constantFrom(...[...f.enumValues!]);
    case 'message':
      return messageArbByName(f.messageName!, depth + 1);
  }
}

function messageArbByName(name: string, depth: number): fc.Arbitrary<Obj> {
  const desc = messageDesc(name);
  const maxLen = depth < 1 ? 3 : depth < 3 ? 2 : depth < 6 ? 1 : 0;
  const plain: Record<string, fc.Arbitrary<unknown>> = {};
  const optional: FieldDesc[] = [];
  for (const f of desc.fields) {
    if (f.repeated) plain[f.name] = fc.array(fieldArb(f, depth), { maxLength: maxLen });
    else if (f.explicitPresence) optional.push(f);
    else plain[f.name] = fieldArb(f, depth);
  }
  const oneofNames = [...desc.oneofs.keys()];
  const proto3Optional = optional.filter((f) => !f.oneof);
  const extras: fc.Arbitrary<Obj>[] = [
    ...oneofNames.map((o) => {
      const members = optional.filter((f) => f.oneof === o);
      return fc.oneof(fc.constant({}), ...members.map((m) => fieldArb(m, depth).map((v) => ({ [m.name]: v }))));
    }),
    ...proto3Optional.map((f) =>
      depth > 6
        ? fc.constant({})
        : fc.option(fieldArb(f, depth), { nil: undefined }).map((v) => (v === undefined ? {} : { [f.name]: v })),
    ),
  ];
  return fc.tuple(fc.record(plain), ...extras).map(([base, ...rest]) => Object.assign({}, base, ...rest) as Obj);
}

/** An arbitrary valid value of the named message type. */
export function arbMessage<N extends MessageName>(name: N): fc.Arbitrary<MessageTypes[N]> {
  return messageArbByName(name, 0) as unknown as fc.Arbitrary<MessageTypes[N]>;
}

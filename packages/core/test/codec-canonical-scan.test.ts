/**
 * The wire scan's canonical verdict (wire-scan.ts) lets decode skip re-encoding. It must never
 * call bytes canonical that the re-encoding would refuse, and should call every encoder output
 * canonical (else the fast path is never taken). The oracle here is the slow check built from the
 * codec's parts: protobufjs decode → messageFromWire → messageToWire → protobufjs encode.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { codecs } from '../src/codec/codec.js';
import { messageToWire } from '../src/codec/convert.js';
import { messageDesc } from '../src/codec/descriptors.js';
import { type Canonical, scanMessage } from '../src/codec/wire-scan.js';
import { MESSAGE_NAMES, type MessageName } from '../src/gen/types.gen.js';
import { arbMessage, runs } from './support/arb.js';
import { decodeViaProtobufjs } from './support/protobufjs-decode.js';
import { mutate, mutation } from './support/wire-mutate.js';

const OPTS = { maxBytes: 1 << 26 };

/** The scan's verdict, or null when the scan refuses the bytes outright. */
function scanVerdict(name: MessageName, bytes: Uint8Array): boolean | null {
  const canon: Canonical = { ok: true };
  try {
    scanMessage(messageDesc(name), bytes, 0, bytes.length, name, OPTS, canon);
  } catch {
    return null;
  }
  return canon.ok;
}

/**
 * Decoding then re-encoding (without the codec's sealed-bytes shortcuts): 'rejected' when decoding
 * itself refuses the bytes (an enum value outside the schema: decode throws before any canonical
 * check), else whether the re-encoding gives the bytes back.
 */
function reencodes(name: MessageName, bytes: Uint8Array): boolean | 'rejected' {
  const desc = messageDesc(name);
  let value: unknown;
  try {
    value = decodeViaProtobufjs(desc, bytes, name);
  } catch {
    return 'rejected';
  }
  try {
    return Buffer.from(desc.type.encode(messageToWire(desc, value, name)).finish()).equals(bytes);
  } catch {
    return false;
  }
}

describe('the wire scan proves canonical form only when re-encoding agrees', () => {
  for (const name of MESSAGE_NAMES) {
    test(`${name}: encoder output is proved canonical`, () => {
      fc.assert(
        fc.property(arbMessage(name), (v) => {
          const b = codecs[name].encode(v as never);
          assert.equal(scanVerdict(name, b), true, `${name}: the scan doubts the encoder's own bytes`);
        }),
        { numRuns: runs(60) },
      );
    });
    test(`${name}: changed encodings are never proved canonical unless they re-encode`, () => {
      let doubted = 0;
      fc.assert(
        fc.property(arbMessage(name), fc.array(mutation, { minLength: 1, maxLength: 3 }), (v, ms) => {
          let b = codecs[name].encode(v as never);
          for (const m of ms) b = mutate(b, m);
          const verdict = scanVerdict(name, b);
          if (verdict === true)
            assert.ok(
              reencodes(name, b),
              `${name}: proved canonical but does not re-encode: ${Buffer.from(b).toString('hex')}`,
            );
          if (verdict === false) doubted++;
        }),
        { numRuns: runs(300) },
      );
      assert.ok(doubted > 0, `${name}: no mutation was doubted: the mutations do not reach the scan's rules`);
    });
  }
});

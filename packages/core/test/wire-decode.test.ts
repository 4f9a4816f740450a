/**
 * The one-pass decoder (wire-decode.ts) must give what protobufjs decoding followed by
 * messageFromWire gave, on every input the wire scan accepts: encoder output and its mutations
 * (non-canonical ones included: they must reach the canonical-form check with the same value).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { codecs } from '../src/codec/codec.js';
import { messageDesc } from '../src/codec/descriptors.js';
import { decodeScanned } from '../src/codec/wire-decode.js';
import { scanMessage } from '../src/codec/wire-scan.js';
import { MESSAGE_NAMES, type MessageName } from '../src/gen/types.gen.js';
import { arbMessage, runs } from './support/arb.js';
import { decodeViaProtobufjs } from './support/protobufjs-decode.js';
import { mutate, mutation } from './support/wire-mutate.js';

const OPTS = { maxBytes: 1 << 26 };

type Outcome = { value: unknown } | { error: string };

function viaProtobufjs(name: MessageName, b: Uint8Array): Outcome {
  const desc = messageDesc(name);
  try {
    return { value: decodeViaProtobufjs(desc, b, name) };
  } catch (e) {
    return { error: (e as { code?: string }).code ?? 'THROWN' };
  }
}

function direct(name: MessageName, b: Uint8Array): Outcome {
  try {
    return { value: decodeScanned(messageDesc(name), b, name) };
  } catch (e) {
    return { error: (e as { code?: string }).code ?? 'THROWN' };
  }
}

function scanned(name: MessageName, b: Uint8Array): boolean {
  try {
    scanMessage(messageDesc(name), b, 0, b.length, name, OPTS);
    return true;
  } catch {
    return false;
  }
}

describe('one-pass decoding agrees with protobufjs + messageFromWire', () => {
  for (const name of MESSAGE_NAMES) {
    test(`${name}: encoder output`, () => {
      fc.assert(
        fc.property(arbMessage(name), (v) => {
          const b = codecs[name].encode(v as never);
          assert.deepStrictEqual(direct(name, b), viaProtobufjs(name, b));
          assert.deepStrictEqual(
            direct(name, Buffer.from(b)),
            viaProtobufjs(name, b),
            'a Buffer input gives plain Uint8Arrays',
          );
        }),
        { numRuns: runs(60) },
      );
    });
    test(`${name}: mutated bytes the scan accepts`, () => {
      fc.assert(
        fc.property(arbMessage(name), fc.array(mutation, { minLength: 1, maxLength: 3 }), (v, ms) => {
          let b = codecs[name].encode(v as never);
          for (const m of ms) b = mutate(b, m);
          if (!scanned(name, b)) return;
          assert.deepStrictEqual(direct(name, b), viaProtobufjs(name, b), Buffer.from(b).toString('hex'));
        }),
        { numRuns: runs(300) },
      );
    });
  }
});

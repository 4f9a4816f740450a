/**
 * Core benchmark: signatures (noble sign; noble, the hot path's (libsecp256k1 where it loads) and
 * OpenSSL verify), sha256 throughput, and
 * encode/decode of a typical block (200 signed transfers with two inputs, two outputs and two
 * witnesses each). Progress goes to stderr; the last stdout line is one JSON object.
 * LEAG_BENCH_QUICK=1 shortens every measurement (smoke runs).
 */
import {
  type Block,
  codecs,
  publicKeyOf,
  type SignedTx,
  secretKeyFromSeed,
  sha256,
  sign,
  signatureBackend,
  signTx,
  type Tx,
  TxKind,
  txRoot,
  verifySignature,
  verifySignatureNoble,
  verifySignatureOpenSsl,
} from '../src/index.js';

const QUICK = process.env.LEAG_BENCH_QUICK === '1';
const MIN_MS = QUICK ? 150 : 1500;

/** Runs fn repeatedly for at least MIN_MS and returns operations per second. */
function rate(name: string, fn: (i: number) => void): number {
  for (let i = 0; i < 20; i++) fn(i); // warm up
  let n = 0;
  const t0 = performance.now();
  let elapsed = 0;
  while (elapsed < MIN_MS) {
    for (let k = 0; k < 50; k++) fn(n++);
    elapsed = performance.now() - t0;
  }
  const ops = (n * 1000) / elapsed;
  process.stderr.write(`${name}: ${ops.toFixed(0)}/s\n`);
  return ops;
}

const keys = Array.from({ length: 8 }, (_, i) => secretKeyFromSeed(Uint8Array.of(i)));
const pubs = keys.map(publicKeyOf);
const msgs = Array.from({ length: 64 }, (_, i) => sha256(Uint8Array.of(i, 1, 2, 3)));
const sigs = msgs.map((m, i) => sign(keys[i % keys.length]!, m));

const signPerSec = rate('sign (noble)', (i) => sign(keys[i % 8]!, msgs[i % 64]!));
const verifyNoblePerSec = rate('verify (noble)', (i) => {
  if (!verifySignatureNoble(pubs[(i % 64) % 8]!, msgs[i % 64]!, sigs[i % 64]!)) throw new RangeError('bench: bad sig');
});
const verifyHotPerSec = rate(`verify (hot path: ${signatureBackend})`, (i) => {
  if (!verifySignature(pubs[(i % 64) % 8]!, msgs[i % 64]!, sigs[i % 64]!)) throw new RangeError('bench: bad sig');
});
const verifyOpenSslPerSec = rate('verify (OpenSSL)', (i) => {
  if (!verifySignatureOpenSsl(pubs[(i % 64) % 8]!, msgs[i % 64]!, sigs[i % 64]!))
    throw new RangeError('bench: bad sig');
});

const big = new Uint8Array(1 << 20).map((_, i) => i & 0xff);
const shaMBs = rate('sha256 1 MiB', () => sha256(big));
const small = new Uint8Array(200).fill(7);
const shaSmall = rate('sha256 200 B', () => sha256(small));

function makeTx(i: number): SignedTx {
  const tx: Tx = {
    version: 1,
    chainId: 'leag-bench',
    kind: TxKind.TX_KIND_TRANSFER,
    inputs: [0, 1].map((k) => ({ prev: { txId: sha256(Uint8Array.of(i, k)), index: k } })),
    outputs: [0, 1].map((k) => ({
      value: 1_000_000n + BigInt(i),
      energyWh: BigInt(k * 500),
      address: sha256(Uint8Array.of(k, i)).slice(0, 20),
      escrowWindow: 0n,
    })),
    lockTime: 0n,
    transfer: { memo: '' },
  };
  return signTx(tx, [keys[i % 8]!, keys[(i + 1) % 8]!]);
}
const txs = Array.from({ length: 200 }, (_, i) => makeTx(i));
const block: Block = {
  header: {
    version: 1,
    chainId: 'leag-bench',
    height: 1234n,
    parentHash: sha256(Uint8Array.of(1)),
    txRoot: txRoot(txs),
    timestampMs: 1_700_000_000_000n,
    proposer: 2,
    stateRoot: sha256(Uint8Array.of(2)),
    settlementHash: new Uint8Array(0),
    parentCertHash: sha256(Uint8Array.of(3)),
  },
  txs,
};
const blockBytes = codecs.Block.encode(block);
const encodePerSec = rate('encode block', () => codecs.Block.encode(block));
const decodePerSec = rate('decode block', () => codecs.Block.decode(blockBytes));
const txBytes = codecs.SignedTx.encode(txs[0]!);
const txDecodePerSec = rate('decode signed tx', () => codecs.SignedTx.decode(txBytes));

const round = (x: number, d = 0) => Number(x.toFixed(d));
console.log(
  JSON.stringify({
    bench: 'core',
    signPerSec: round(signPerSec),
    verifyNoblePerSec: round(verifyNoblePerSec),
    verifyBackend: signatureBackend,
    verifyHotPathPerSec: round(verifyHotPerSec),
    verifyOpenSslPerSec: round(verifyOpenSslPerSec),
    sha256MBps: round(shaMBs * (big.length / 1e6), 1),
    sha256SmallPerSec: round(shaSmall),
    block: { txs: txs.length, bytes: blockBytes.length },
    blockEncodePerSec: round(encodePerSec, 1),
    blockDecodePerSec: round(decodePerSec, 1),
    blockEncodeMBps: round((encodePerSec * blockBytes.length) / 1e6, 1),
    blockDecodeMBps: round((decodePerSec * blockBytes.length) / 1e6, 1),
    signedTxDecodePerSec: round(txDecodePerSec),
  }),
);

/**
 * libsecp256k1 (Bitcoin Core's secp256k1 library) for signatures (verification, and signing with
 * the same deterministic bytes as noble: secp256k1.ts), through the
 * `secp256k1` package's N-API binding, which ships prebuilt for Linux x64 (glibc and musl), macOS
 * arm64 and Windows x64. Verification is about six times OpenSSL's generic EC code for secp256k1
 * on this machine (docs/performance.md): every node checks every order's signature, and that check
 * was half of a node's CPU. Loaded once; where no prebuilt binding loads (another platform), or
 * with LEAG_SECP_BACKEND=openssl (a diagnostic switch), verification stays on OpenSSL
 * (verify-fast.ts) and signing on noble. Only the binding is loaded (`secp256k1/bindings`), never
 * the package's pure-JS fallback.
 */
import { createRequire } from 'node:module';

/** The binding's calls used here; each throws for inputs it cannot parse. */
export interface LibsecpBinding {
  /** True for a valid signature over the 32-byte digest. */
  ecdsaVerify(sig: Uint8Array, msg32: Uint8Array, pub: Uint8Array): boolean;
  /** RFC 6979 (no extra data), low-S, 64-byte compact: the same bytes as noble's sign. */
  ecdsaSign(msg32: Uint8Array, sk: Uint8Array): { signature: Uint8Array };
  /** The compressed (33-byte) public key. */
  publicKeyCreate(sk: Uint8Array, compressed: true): Uint8Array;
}

function load(): LibsecpBinding | undefined {
  if (process.env.LEAG_SECP_BACKEND === 'openssl') return undefined;
  try {
    const b = createRequire(import.meta.url)('secp256k1/bindings') as Partial<LibsecpBinding>;
    const calls = [b.ecdsaVerify, b.ecdsaSign, b.publicKeyCreate];
    return calls.every((f) => typeof f === 'function') ? (b as LibsecpBinding) : undefined;
  } catch {
    return undefined;
  }
}

/** The loaded binding, or undefined (OpenSSL then). */
export const libsecp: LibsecpBinding | undefined = load();

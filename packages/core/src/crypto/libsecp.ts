/**
 * libsecp256k1 (Bitcoin Core's secp256k1 library) for signature verification, through the
 * `secp256k1` package's N-API binding, which ships prebuilt for Linux x64 (glibc and musl), macOS
 * arm64 and Windows x64. About five times OpenSSL's generic EC code for secp256k1 on this machine
 * (docs/performance.md): every node checks every order's signature, and that check was half of
 * a node's CPU. Loaded once; where no prebuilt binding loads (another platform), or with
 * LEAG_SECP_BACKEND=openssl (a diagnostic switch), verification stays on OpenSSL (verify-fast.ts).
 * Only the binding is loaded (`secp256k1/bindings`), never the package's pure-JS fallback.
 */
import { createRequire } from 'node:module';

/** The binding's verification: true for a valid signature, throws for unparsable inputs. */
export interface LibsecpBinding {
  ecdsaVerify(sig: Uint8Array, msg32: Uint8Array, pub: Uint8Array): boolean;
}

function load(): LibsecpBinding | undefined {
  if (process.env.LEAG_SECP_BACKEND === 'openssl') return undefined;
  try {
    const b = createRequire(import.meta.url)('secp256k1/bindings') as Partial<LibsecpBinding>;
    return typeof b.ecdsaVerify === 'function' ? (b as LibsecpBinding) : undefined;
  } catch {
    return undefined;
  }
}

/** The loaded binding, or undefined (OpenSSL then). */
export const libsecp: LibsecpBinding | undefined = load();

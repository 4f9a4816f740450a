/** libfaketime for clock-skew faults: where the library is, why it cannot be used, and the skew env. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const LIBFAKETIME = [
  '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1',
  '/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1',
  '/usr/lib/faketime/libfaketime.so.1',
].find((p) => existsSync(p));

export function faketimeUnavailable(): string | null {
  if (LIBFAKETIME === undefined) return 'libfaketime is not installed (.ci/system-deps installs the faketime package)';
  return spawnSync('sh', ['-c', 'command -v faketime']).status === 0 ? null : 'faketime is not installed';
}

/** Environment that runs a node's clock `offset` ahead (e.g. '+30s'); empty when libfaketime is unusable. */
export function skewEnv(offset: string, unavailable = faketimeUnavailable()): Record<string, string> {
  return unavailable === null && LIBFAKETIME !== undefined
    ? { LD_PRELOAD: LIBFAKETIME, FAKETIME: offset, FAKETIME_DONT_FAKE_MONOTONIC: '1', FAKETIME_NO_CACHE: '1' }
    : {};
}

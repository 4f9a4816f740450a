/** The genesis document on disk: core's JSON form of the Genesis message. */
import { readFileSync, writeFileSync } from 'node:fs';
import { fromJson, type Genesis, LeagError, toJson } from '@leag/core';

export function writeGenesisFile(path: string, g: Genesis): void {
  writeFileSync(path, `${JSON.stringify(toJson('Genesis', g), null, 2)}\n`);
}

export function readGenesisFile(path: string): Genesis {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new LeagError('CONFIG_GENESIS_FILE', `cannot read genesis file ${path}: ${(e as Error).message}`, { path });
  }
  try {
    return fromJson('Genesis', JSON.parse(text));
  } catch (e) {
    throw new LeagError('CONFIG_GENESIS_FILE', `genesis file ${path} is not a valid Genesis: ${(e as Error).message}`, {
      path,
    });
  }
}

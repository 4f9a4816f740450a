/** File I/O for the CLI, with messages that say which file and what went wrong. */
import { readFileSync, writeFileSync } from 'node:fs';
import { LeagError } from '@leag/core';

export function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as { code?: string }).code ?? 'unknown error';
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code;
    throw new LeagError('CLI_READ', `cannot read market file "${path}": ${why}`, { path, cause: code });
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new LeagError('CLI_INPUT', `market file "${path}" is not valid JSON: ${(e as Error).message}`, { path });
  }
}

export function writeTextFile(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (e) {
    throw new LeagError('CLI_WRITE', `cannot write "${path}": ${(e as { code?: string }).code ?? 'unknown error'}`, {
      path,
    });
  }
}

/** `leagd authority issue-cert`: the testnet authority signs an EV certificate (for leag-ev register). */
import { writeFileSync } from 'node:fs';
import { fromHex, LeagError, toJson } from '@leag/core';
import { issueCertificate } from '../accounts/index.js';
import { readGenesisFile } from '../config/genesis-file.js';
import { readKeyFile } from '../config/keys.js';

export interface IssueFlags {
  key: string;
  genesis: string;
  pubkey: string;
  name: string;
  days: string;
  out?: string;
}

export function issueCertCommand(f: IssueFlags): void {
  const genesis = readGenesisFile(f.genesis);
  const authority = readKeyFile(f.key);
  if (!authority.publicKey.every((b, i) => b === genesis.authorityPubkey[i]))
    throw new LeagError('CLI_NOT_AUTHORITY', `${f.key} is not the authority key of this genesis`);
  const days = Number(f.days);
  if (!Number.isInteger(days) || days < 1 || days > 3650) throw new LeagError('CLI_BAD_ARG', '--days must be 1..3650');
  const now = BigInt(Date.now());
  const cert = issueCertificate(
    authority.secretKey,
    {
      evPubkey: fromHex(f.pubkey.toLowerCase(), 33),
      name: f.name,
      issuedAt: now - 60_000n,
      expiresAt: now + BigInt(days) * 86_400_000n,
    },
    genesis.chainId,
  );
  const text = `${JSON.stringify(toJson('AuthorityCertificate', cert), null, 2)}\n`;
  if (f.out !== undefined) writeFileSync(f.out, text);
  else process.stdout.write(text);
}

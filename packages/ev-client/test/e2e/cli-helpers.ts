/** Runs the real leag-ev bin as a child process and a tampering HTTP proxy, for the e2e tests. */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const LEAG_EV_BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../bin/leag-ev.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout's last line parsed as JSON (every command with --json prints one object). */
  // biome-ignore lint/suspicious/noExplicitAny: test assertions walk the parsed output freely
  json: any;
}

export function leagEv(args: string[], env: Record<string, string>, timeoutMs = 90_000): Promise<CliResult> {
  return leagEvBackground(args, env, timeoutMs).done;
}

/** Starts leag-ev and returns the child (e.g. to send SIGINT to `watch`) and its result. */
export function leagEvBackground(
  args: string[],
  env: Record<string, string>,
  timeoutMs = 90_000,
): { proc: ChildProcess; done: Promise<CliResult> } {
  const p = spawn(process.execPath, [LEAG_EV_BIN, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const done = new Promise<CliResult>((ok, fail) => {
    let stdout = '';
    let stderr = '';
    p.stdout?.on('data', (b) => (stdout += b));
    p.stderr?.on('data', (b) => (stderr += b));
    const t = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
    p.on('error', fail);
    p.on('exit', (code) => {
      clearTimeout(t);
      const last = stdout.trim().split('\n').pop() ?? '';
      let json: unknown;
      try {
        json = JSON.parse(last);
      } catch {
        json = undefined;
      }
      ok({ code: code ?? -1, stdout, stderr, json });
    });
  });
  return { proc: p, done };
}

/**
 * A proxy in front of a real node that rewrites some JSON answers (a lying LEAG): `edit` gets the
 * path and parsed body and returns the body to send.
 */
// biome-ignore lint/suspicious/noExplicitAny: the proxy edits raw JSON answers
type Json = any;

export async function tamperingProxy(
  target: string,
  edit: (path: string, body: Json) => Json,
): Promise<{ url: string; server: Server }> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const r = await fetch(target + (req.url ?? ''), {
      method: req.method ?? 'GET',
      headers: { 'content-type': 'application/json' },
      ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
    });
    let text = await r.text();
    try {
      text = JSON.stringify(edit(req.url ?? '', JSON.parse(text)));
    } catch {
      // not JSON: pass through
    }
    res.writeHead(r.status, { 'content-type': 'application/json' });
    res.end(text);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** The graceful stop's steps are bounded: a step that never finishes is abandoned, the rest still run. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pino } from 'pino';
import { runStopSteps } from '../../src/stop-steps.js';

test('stop steps: a hung step is abandoned after its bound (onTimeout called), a failing one logged, the rest run', async () => {
  const lines: string[] = [];
  const log = pino({ level: 'warn' }, { write: (l: string) => lines.push(l) });
  const ran: string[] = [];
  let forced = false;
  const t0 = performance.now();
  const out = await runStopSteps(
    [
      { name: 'quick', boundMs: 1000, run: async () => ran.push('quick') },
      { name: 'hung', boundMs: 50, run: () => new Promise(() => ran.push('hung')), onTimeout: () => (forced = true) },
      {
        name: 'broken',
        boundMs: 1000,
        run: async () => {
          ran.push('broken');
          throw new Error('disk gone');
        },
      },
      { name: 'absent', boundMs: 1000, run: () => undefined },
      { name: 'last', boundMs: 1000, run: async () => ran.push('last') },
    ],
    log,
  );
  assert.deepEqual(out, { quick: 'done', hung: 'timeout', broken: 'failed', absent: 'done', last: 'done' });
  assert.deepEqual(ran, ['quick', 'hung', 'broken', 'last']);
  assert.ok(forced, 'onTimeout of the hung step');
  assert.ok(performance.now() - t0 < 900, 'bounded by the hung step’s bound, not longer');
  assert.equal(lines.length, 2);
  assert.match(lines[0] ?? '', /"step":"hung".*abandoned/);
  assert.match(lines[1] ?? '', /"step":"broken".*disk gone/);
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runPool } from '../../src/cli/pool.js';
import { planTasks } from '../../src/experiment/figures.js';
import { runTask } from '../../src/experiment/tasks.js';

describe('experiment worker pool', () => {
  test('two TypeScript workers give the serial results, in plan order', async () => {
    const plan = planTasks(['fig4'], 1, 5).slice(0, 6);
    let calls = 0;
    const got = await runPool(
      plan.map((p) => p.task),
      {},
      2,
      () => {
        calls++;
      },
    );
    assert.equal(calls, plan.length);
    assert.deepEqual(
      got,
      plan.map((p) => runTask(p.task)),
    );
  });

  test('a failing task rejects with its typed error', async () => {
    await assert.rejects(
      runPool([{ kind: 'alpha', n: 5, m: 5, alpha: 7, seed: 1 }], {}, 1, () => {}),
      { code: 'MARKET_PARAM' },
    );
  });
});

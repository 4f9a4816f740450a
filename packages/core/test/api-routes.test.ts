import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Value } from '@sinclair/typebox/value';
import { API_ROUTES, ApiSchemas, apiPath, isLeagError } from '../src/index.js';

describe('shared HTTP API definitions', () => {
  test('apiPath fills and encodes parameters, and refuses a missing one', () => {
    assert.equal(apiPath('getBlock', { height: '5' }), '/v1/blocks/5');
    assert.equal(apiPath('getBalance', { address: 'a/b' }), '/v1/addresses/a%2Fb/balance');
    assert.throws(
      () => apiPath('getTx'),
      (e) => isLeagError(e, 'API_MISSING_PARAM'),
    );
  });

  test('every route has a unique method and URL under /v1 and a response schema', () => {
    const seen = new Set<string>();
    for (const [name, d] of Object.entries(API_ROUTES)) {
      const key = `${d.method} ${d.url}`;
      assert.ok(!seen.has(key), `${name} duplicates ${key}`);
      seen.add(key);
      assert.ok(d.url.startsWith('/v1/'), name);
      assert.equal(typeof d.response, 'object');
    }
  });

  test('schemas accept good values and refuse bad ones', () => {
    assert.ok(Value.Check(ApiSchemas.U64, '18446744073709551615'));
    assert.ok(!Value.Check(ApiSchemas.U64, '007'));
    assert.ok(!Value.Check(ApiSchemas.U64, -1));
    assert.ok(Value.Check(ApiSchemas.Hash32, 'ab'.repeat(32)));
    assert.ok(!Value.Check(ApiSchemas.Hash32, 'AB'.repeat(32)));
    assert.ok(Value.Check(ApiSchemas.HeightParams, { height: 'latest' }));
    assert.ok(!Value.Check(ApiSchemas.HeightParams, { height: '-1' }));
    assert.ok(!Value.Check(ApiSchemas.SubmitTxBody, { tx: {}, extra: 1 }));
  });
});

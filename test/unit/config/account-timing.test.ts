// Several accounts on one database: the heartbeat and the timeout after which an account is gone.
import { describe, expect, it } from 'vitest';
import { loadEnv } from '../../../src/config/env.js';

describe('account heartbeat settings', () => {
  it('default to a beat every 10 s and 45 s before an account counts as gone', () => {
    const env = loadEnv({});
    expect([env.LINLI_HEARTBEAT_SECONDS, env.LINLI_ACCOUNT_TIMEOUT_SECONDS]).toEqual([10, 45]);
    expect(loadEnv({ LINLI_HEARTBEAT_SECONDS: '0.5', LINLI_ACCOUNT_TIMEOUT_SECONDS: '3' }).LINLI_HEARTBEAT_SECONDS).toBe(0.5);
  });

  it('refuse a timeout shorter than two beats, saying what would do', () => {
    expect(() => loadEnv({ LINLI_HEARTBEAT_SECONDS: '30', LINLI_ACCOUNT_TIMEOUT_SECONDS: '45' })).toThrow(/at least twice LINLI_HEARTBEAT_SECONDS.*45 and 10/);
  });
});

import { describe, expect, it } from 'vitest';
import { isTransientDbError } from '../../../src/store/db-errors.js';
import { withRetry } from '../../../src/store/with-retry.js';

const coded = (code: string) => Object.assign(new Error(code), { code });

describe('withRetry', () => {
  it('retries transient failures, then succeeds', async () => {
    let calls = 0;
    const delays: number[] = [];
    const result = await withRetry(
      async () => {
        calls++;
        if (calls < 3) throw coded(calls === 1 ? 'ER_LOCK_DEADLOCK' : 'SQLITE_BUSY');
        return 'ok';
      },
      { baseDelayMs: 4, onRetry: (_err, _attempt, delay) => delays.push(delay) },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(3);
    expect(delays).toHaveLength(2);
    expect(delays[0]).toBeGreaterThanOrEqual(2);
    expect(delays[1]).toBeGreaterThanOrEqual(4);
  });

  it('gives up after the last attempt with the last error', async () => {
    let calls = 0;
    const err = coded('PROTOCOL_CONNECTION_LOST');
    await expect(
      withRetry(
        async () => {
          calls++;
          throw err;
        },
        { attempts: 3, baseDelayMs: 1 },
      ),
    ).rejects.toBe(err);
    expect(calls).toBe(3);
  });

  it('does not retry other errors', async () => {
    let calls = 0;
    await expect(
      withRetry(async () => {
        calls++;
        throw coded('ER_DUP_ENTRY');
      }),
    ).rejects.toThrow('ER_DUP_ENTRY');
    expect(calls).toBe(1);
  });
});

describe('isTransientDbError', () => {
  it('looks through TypeORM’s wrapper to the driver error', () => {
    expect(isTransientDbError({ message: 'query failed', driverError: coded('ER_LOCK_WAIT_TIMEOUT') })).toBe(true);
    expect(isTransientDbError(new Error('x', { cause: coded('ECONNREFUSED') }))).toBe(true);
    expect(isTransientDbError(coded('ER_PARSE_ERROR'))).toBe(false);
    expect(isTransientDbError(undefined)).toBe(false);
    expect(isTransientDbError('ECONNREFUSED')).toBe(false);
  });
});

// Connects to the database at start-up and applies migrations, waiting (with backoff, for as long
// as it takes) while the server cannot be reached, so that a bot started before its database, or
// during an outage, comes up when the database does instead of crash-looping. Errors that waiting
// cannot fix (wrong password, unknown database, bad URL) are thrown at once.
import type { DataSource } from 'typeorm';
import type { Log } from '../app/ports/clock.js';
import { createDataSource, redactUrl, runMigrations } from './data-source.js';
import { isDatabaseUnreachable } from './db-errors.js';
import { retryPatiently } from './with-retry.js';

export async function connectDatabase(databaseUrl: string, log: Log, options: { signal?: AbortSignal; maxDelayMs?: number } = {}): Promise<DataSource> {
  return retryPatiently(
    async () => {
      const ds = createDataSource(databaseUrl);
      try {
        await ds.initialize();
        await runMigrations(ds, { onWait: () => log.info('another instance is migrating the database: waiting for it') });
        return ds;
      } catch (err) {
        if (ds.isInitialized) await ds.destroy().catch(() => undefined);
        throw err;
      }
    },
    {
      isRetryable: isDatabaseUnreachable,
      maxDelayMs: options.maxDelayMs ?? 30_000,
      signal: options.signal,
      onWait: (err, attempt, delayMs) =>
        log.error(
          { database: redactUrl(databaseUrl), attempt, retryInSeconds: Math.round(delayMs / 1000), err: (err as Error).message },
          'cannot reach the database: waiting for it (check DATABASE_URL and that the server is running)',
        ),
    },
  );
}

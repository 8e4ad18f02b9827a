// npm run migration:run — applies pending migrations to DATABASE_URL and says what ran. Reads
// .env like the bot, so it migrates the database the bot uses; when a bot or another run is
// migrating the same database, it waits for it (migration-lock.ts). Compiled into the production
// build as dist/scripts/migrate.js.
import { existsSync } from 'node:fs';
import { loadEnv } from '../src/config/env.js';
import type { DataSource } from 'typeorm';
import { createDataSource, redactUrl, runMigrations } from '../src/store/data-source.js';
import { isSqliteBusy } from '../src/store/migration-lock.js';

/**
 * Two runs opening one fresh SQLite file together: while one turns on WAL and migrates, the other
 * may find the file locked past the driver's busy timeout on a loaded machine. It tries again for
 * up to two minutes instead of failing the deploy.
 */
async function initializeWhenFree(ds: DataSource): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      await ds.initialize();
      return;
    } catch (err) {
      if (!isSqliteBusy(err) || Date.now() >= deadline) throw err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const env = loadEnv(process.env, { bot: false });
  const ds = createDataSource(env.DATABASE_URL);
  console.log(`Database: ${redactUrl(env.DATABASE_URL)}`);
  try {
    await initializeWhenFree(ds);
    const ran = await runMigrations(ds, { onWait: () => console.log('Another process is migrating this database: waiting for it.') });
    if (ran.length === 0) console.log('Up to date: no pending migrations.');
    for (const migration of ran) console.log(`Ran ${migration.name}`);
  } finally {
    if (ds.isInitialized) await ds.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(`Migration failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});

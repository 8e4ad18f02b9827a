// npm run migration:run — applies pending migrations to DATABASE_URL and says what ran. Reads
// .env like the bot, so it migrates the database the bot uses; when a bot or another run is
// migrating the same database, it waits for it (migration-lock.ts). Compiled into the production
// build as dist/scripts/migrate.js.
import { existsSync } from 'node:fs';
import { loadEnv } from '../src/config/env.js';
import { createDataSource, redactUrl, runMigrations } from '../src/store/data-source.js';

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const env = loadEnv(process.env, { bot: false });
  const ds = createDataSource(env.DATABASE_URL);
  console.log(`Database: ${redactUrl(env.DATABASE_URL)}`);
  try {
    await ds.initialize();
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

// npm run migration:run — applies pending migrations to DATABASE_URL and says what ran.
import { loadEnv } from '../src/config/env.js';
import { createDataSource, redactUrl, runMigrations } from '../src/store/data-source.js';

async function main(): Promise<void> {
  const env = loadEnv();
  const ds = createDataSource(env.DATABASE_URL);
  console.log(`Database: ${redactUrl(env.DATABASE_URL)}`);
  try {
    await ds.initialize();
    const ran = await runMigrations(ds);
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

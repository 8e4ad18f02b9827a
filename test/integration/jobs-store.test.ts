// The jobs' repositories on every real backend, through the real migrations.
import { afterAll, beforeAll, describe } from 'vitest';
import { createDataSource } from '../../src/store/data-source.js';
import { createTypeormStore } from '../../src/store/typeorm-store.js';
import { backends, type MigratedDatabase } from '../support/databases.js';
import { jobsStoreContract } from '../support/jobs-store-contract.js';

describe.each(backends)('jobs store on $name', (backend) => {
  let db: MigratedDatabase;
  beforeAll(async () => {
    db = await backend.setup();
  });
  afterAll(async () => {
    await db?.teardown();
  });

  jobsStoreContract(async () => {
    await db.fresh();
    const ds = createDataSource(db.url);
    await ds.initialize();
    return createTypeormStore(ds);
  });
});

// The in-memory fake against the same jobs contract as the real stores.
import { describe } from 'vitest';
import { createMemoryStore } from '../../support/fakes/memory-store.js';
import { jobsStoreContract } from '../../support/jobs-store-contract.js';

describe('memory store: jobs', () => {
  jobsStoreContract(async () => createMemoryStore());
});

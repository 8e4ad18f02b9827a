// The in-memory fake against the same jobs contract as the real stores.
import { describe } from 'vitest';
import { createMemoryStore } from '../fakes/memory-store.js';
import { jobsStoreContract } from './jobs-store-contract.js';

describe('memory store: jobs', () => {
  jobsStoreContract(async () => createMemoryStore());
});

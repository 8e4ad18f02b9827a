// The in-memory fake against the same contract as the real store.
import { describe } from 'vitest';
import { createMemoryStore } from '../../support/fakes/memory-store.js';
import { storeContract } from '../../support/store-contract.js';

describe('memory store', () => {
  storeContract(async () => createMemoryStore());
});

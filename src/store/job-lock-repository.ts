import type { EntityManager } from 'typeorm';
import type { JobLockRepository } from '../app/ports/jobs.js';
import { isDuplicateKeyError } from './db-errors.js';
import { JobLockRow } from './entities/job-lock-row.js';

/**
 * Leases by conditional UPDATE, then INSERT for a lock never taken before: both are single
 * statements that MySQL/MariaDB and SQLite make atomic, so two instances cannot both win.
 */
export class TypeormJobLockRepository implements JobLockRepository {
  constructor(private readonly em: EntityManager) {}

  async acquire(name: string, holder: string, now: Date, expiresAt: Date): Promise<boolean> {
    const taken = await this.em
      .createQueryBuilder()
      .update(JobLockRow)
      .set({ holder, acquiredAt: now, expiresAt })
      .where('name = :name AND (expires_at <= :now OR holder = :holder)', { name, now, holder })
      .execute();
    if (taken.affected === 1) return true;
    try {
      await this.em.insert(JobLockRow, { name, holder, acquiredAt: now, expiresAt });
      return true;
    } catch (err) {
      if (isDuplicateKeyError(err)) return false; // someone else holds it
      throw err;
    }
  }

  async release(name: string, holder: string, now: Date): Promise<void> {
    await this.em
      .createQueryBuilder()
      .update(JobLockRow)
      .set({ expiresAt: now })
      .where('name = :name AND holder = :holder', { name, holder })
      .execute();
  }
}

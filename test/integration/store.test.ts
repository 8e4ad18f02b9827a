// The TypeORM store on every real backend, through the real migrations.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/app/ports/store.js';
import { SECRET_REDACTED } from '../../src/app/ports/outbox.js';
import { createDataSource, MIGRATIONS, runMigrations } from '../../src/store/data-source.js';
import { TicketMessageRow } from '../../src/store/entities/ticket-message-row.js';
import { createTypeormStore, isDuplicateKeyError, isTransientDbError } from '../../src/store/typeorm-store.js';
import { backends, tempSqliteUrl, withDataSource, type MigratedDatabase } from '../support/databases.js';
import { storeContract } from '../support/store-contract.js';
import { T0, aNewTicket, anEvent, at } from '../support/builders.js';

describe.each(backends)('TypeORM store on $name', (backend) => {
  let db: MigratedDatabase;
  beforeAll(async () => {
    db = await backend.setup();
  });
  afterAll(async () => {
    await db?.teardown();
  });

  async function openStore(): Promise<Store> {
    const ds = createDataSource(db.url);
    await ds.initialize();
    return createTypeormStore(ds);
  }

  describe('schema', () => {
    it('matches the entities after the migrations', async () => {
      await withDataSource(db.url, async (ds) => {
        expect(await runMigrations(ds)).toEqual([]); // already migrated by setup
        const { upQueries } = await ds.driver.createSchemaBuilder().log();
        const pending = upQueries.map((q) => q.query);
        expect(pending, `schema differs from entities:\n${pending.join(';\n')}`).toEqual([]);
      });
    });

    it('migrates down and up again', async () => {
      await withDataSource(db.url, async (ds) => {
        // Every migration's down(), newest first, then all of them up again.
        for (let i = 0; i < MIGRATIONS.length; i++) await ds.undoLastMigration({ transaction: 'each' });
        expect(await ds.createQueryRunner().hasTable('tickets')).toBe(false);
        expect((await runMigrations(ds)).map((m) => m.name)).toEqual(MIGRATIONS.map((m) => new m().name));
        expect((await ds.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
      });
    });
  });

  describe('contract', () => {
    storeContract(async () => {
      await db.fresh();
      return openStore();
    });
  });

  describe('stored values', () => {
    it('blanks the text of a secret outbox item once it is sent or given up, and only then', async () => {
      await db.fresh();
      const store = await openStore();
      await store.outbox.enqueue(
        [
          { roomId: 'dm:leader-zhao', text: '您的控制台登录码：123456', secret: true, dedupeKey: 's1' },
          { roomId: 'dm:leader-zhao', text: '邀请码：654321', secret: true, dedupeKey: 's2' },
          { roomId: 'r1@chatroom', text: '已受理 #1', dedupeKey: 'ack:1' },
        ],
        T0,
      );
      const [code, invitation, ack] = await store.outbox.nextDue(at(1), 10);
      expect(code!.text).toContain('123456'); // still needed until it is said
      await store.outbox.markSent(code!.id, at(1));
      await store.outbox.markFailed(invitation!.id, 'no contact');
      await store.outbox.markSent(ack!.id, at(1));
      await store.close();
      const texts = await withDataSource(db.url, (ds) => ds.query('SELECT dedupe_key AS k, text AS t FROM outbox ORDER BY id'));
      expect(texts.map((r: { k: string; t: string }) => [r.k, r.t])).toEqual([
        ['s1', SECRET_REDACTED],
        ['s2', SECRET_REDACTED],
        ['ack:1', '已受理 #1'],
      ]);
    });

    it('stores instants as UTC text with milliseconds, whatever the process time zone', async () => {
      await db.fresh();
      const store = await openStore();
      await store.tickets.create(aNewTicket({ createdAt: new Date('2026-11-23T16:30:00.042Z') }), anEvent());
      await store.close();
      await withDataSource(db.url, async (ds) => {
        const q = backend.name === 'sqlite' ? '"' : '`';
        const [row] = await ds.query(`SELECT ${q}created_at${q} AS v FROM ${q}tickets${q}`);
        const raw = row.v instanceof Date ? row.v.toISOString() : String(row.v);
        // SQLite keeps TypeORM's text; mysql2 parses DATETIME with timezone 'Z'.
        expect(raw).toBe(backend.name === 'sqlite' ? '2026-11-23 16:30:00.042' : '2026-11-23T16:30:00.042Z');
        if (backend.name !== 'sqlite') {
          const [text] = await ds.query('SELECT CAST(`created_at` AS CHAR) AS v FROM `tickets`');
          expect(text.v).toBe('2026-11-23 16:30:00.042');
        }
      });
    });

    it('tells duplicate-key errors from transient ones', async () => {
      await db.fresh();
      await withDataSource(db.url, async (ds) => {
        const row = { ticketNo: 1, messageId: 'm-1' };
        await ds.getRepository(TicketMessageRow).insert(row);
        const err = await ds.getRepository(TicketMessageRow).insert(row).catch((e: unknown) => e);
        expect(isDuplicateKeyError(err)).toBe(true);
        expect(isTransientDbError(err)).toBe(false);
        const syntax = await ds.query('SELEC 1').catch((e: unknown) => e);
        expect(isDuplicateKeyError(syntax)).toBe(false);
        expect(isTransientDbError(syntax)).toBe(false);
      });
    });
  });

  describe('isolation', () => {
    it('shows a transaction’s writes to other callers only once it commits', async () => {
      await db.fresh();
      const store = await openStore();
      try {
        let release!: () => void;
        const gate = new Promise<void>((resolve) => (release = resolve));
        let created!: () => void;
        const ticketCreated = new Promise<void>((resolve) => (created = resolve));
        const tx = store.transaction(async (r) => {
          await r.tickets.create(aNewTicket(), anEvent());
          created();
          await gate;
        });
        await ticketCreated;
        const seenDuring = store.tickets.list({});
        if (backend.name === 'sqlite') {
          // One connection: a plain call waits for the transaction instead of running inside it.
          const early = await Promise.race([seenDuring, new Promise((r) => setTimeout(() => r('waiting'), 50))]);
          expect(early).toBe('waiting');
          release();
          expect((await seenDuring).map((t) => t.no)).toEqual([1]);
        } else {
          // Own pooled connection: runs at once and cannot see the uncommitted ticket.
          expect(await seenDuring).toEqual([]);
          release();
        }
        await tx;
        expect((await store.tickets.list({})).map((t) => t.no)).toEqual([1]);
      } finally {
        await store.close();
      }
    });
  });

  if (backend.name !== 'sqlite') {
    it('retries a transaction that lost a deadlock', async () => {
      await db.fresh();
      const retries: unknown[] = [];
      const ds = createDataSource(db.url);
      await ds.initialize();
      const store = createTypeormStore(ds, { retry: { onRetry: (err) => retries.push(err) } });
      try {
        const a = await store.tickets.create(aNewTicket(), anEvent());
        const b = await store.tickets.create(aNewTicket({ messageIds: ['m-2'] }), anEvent());
        let arrived = 0;
        let bothLocked!: () => void;
        const barrier = new Promise<void>((resolve) => (bothLocked = resolve));
        // Each locks one ticket, then wants the other's: InnoDB kills one, the store retries it.
        const lockBoth = (first: number, second: number) =>
          store.transaction(async (tx) => {
            const one = (await tx.tickets.get(first))!;
            await tx.tickets.save({ ...one, reopenCount: one.reopenCount + 1 }, []);
            if (++arrived === 2) bothLocked();
            await barrier;
            const two = (await tx.tickets.get(second))!;
            await tx.tickets.save({ ...two, reopenCount: two.reopenCount + 1 }, []);
          });
        await Promise.all([lockBoth(a.no, b.no), lockBoth(b.no, a.no)]);
        expect(retries).toHaveLength(1);
        expect(retries[0]).toMatchObject({ code: 'ER_LOCK_DEADLOCK' });
        expect((await store.tickets.get(a.no))?.reopenCount).toBe(2);
        expect((await store.tickets.get(b.no))?.reopenCount).toBe(2);
      } finally {
        await store.close();
      }
    });
  }
});

describe('SQLite data source', () => {
  it('creates the directory of a file database and uses WAL', async () => {
    const temp = tempSqliteUrl();
    try {
      const ds = createDataSource(temp.url);
      expect(existsSync(temp.file)).toBe(false);
      await runMigrations(ds);
      expect(existsSync(temp.file)).toBe(true);
      expect(await ds.query('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
      expect(await ds.query('PRAGMA busy_timeout')).toEqual([{ timeout: 5000 }]);
      const store = createTypeormStore(ds);
      expect((await store.tickets.create(aNewTicket({ createdAt: at(0) }), anEvent())).no).toBe(1);
      await store.close();
    } finally {
      temp.cleanup();
    }
  });

  it('takes a path relative to the working directory', () => {
    expect(createDataSource('sqlite::memory:').options).toMatchObject({ type: 'better-sqlite3', database: ':memory:' });
    const temp = tempSqliteUrl();
    try {
      const relative = path.relative(process.cwd(), temp.file);
      expect(createDataSource(`sqlite:${relative}`).options).toMatchObject({ database: temp.file });
    } finally {
      temp.cleanup();
    }
  });
});

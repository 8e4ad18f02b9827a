// Console sign-in storage and the console's ticket filters, the same on the in-memory fake, SQLite
// and MariaDB (through the real migrations).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleSession } from '../../src/app/ports/console-auth.js';
import type { Store } from '../../src/app/ports/store.js';
import { createDataSource } from '../../src/store/data-source.js';
import { createTypeormStore } from '../../src/store/typeorm-store.js';
import { createMemoryStore } from '../support/fakes/memory-store.js';
import { backends, type MigratedDatabase } from '../support/databases.js';
import { T0, aNewTicket, anEvent, at } from '../support/builders.js';

const who = { personId: 'yg-staff-zhang', personName: '张网格员', role: 'staff' as const, communities: ['yangguang'] };

function aSession(overrides: Partial<ConsoleSession> = {}): ConsoleSession {
  return {
    ...who,
    idHash: 'a'.repeat(64),
    csrfToken: 'csrf-token',
    method: 'code',
    ip: '127.0.0.1',
    userAgent: 'Mozilla/5.0',
    createdAt: T0,
    expiresAt: at(12 * 60),
    lastSeenAt: T0,
    revokedAt: null,
    ...overrides,
  };
}

function consoleStoreContract(open: () => Promise<Store>) {
  let store: Store;
  afterEach(async () => {
    await store?.close();
  });

  it('uses a login code once, only before it expires, and retires older codes of the same person', async () => {
    store = await open();
    const auth = store.consoleAuth!;
    await auth.createLoginCode({ ...who, codeHash: 'h1', createdAt: T0, expiresAt: at(5) });
    expect(await auth.hasActiveLoginCode('h1', at(1))).toBe(true);
    expect(await auth.hasActiveLoginCode('h1', at(6))).toBe(false);
    expect(await auth.consumeLoginCode('h1', at(6))).toBeNull();
    expect(await auth.consumeLoginCode('h1', at(1))).toEqual(who);
    expect(await auth.consumeLoginCode('h1', at(2))).toBeNull();

    await auth.createLoginCode({ ...who, codeHash: 'h2', createdAt: at(10), expiresAt: at(15) });
    await auth.createLoginCode({ ...who, codeHash: 'h3', createdAt: at(11), expiresAt: at(16) });
    expect(await auth.consumeLoginCode('h2', at(12))).toBeNull();
    const leader = { personId: 'leader-zhao', personName: '赵书记', role: 'leader' as const, communities: null };
    await auth.createLoginCode({ ...leader, codeHash: 'h4', createdAt: at(11), expiresAt: at(16) });
    expect(await auth.consumeLoginCode('h3', at(12))).toEqual(who);
    expect(await auth.consumeLoginCode('h4', at(12))).toEqual(leader);
  });

  it('lets exactly one of two simultaneous uses of a code win', async () => {
    store = await open();
    const auth = store.consoleAuth!;
    await auth.createLoginCode({ ...who, codeHash: 'race', createdAt: T0, expiresAt: at(5) });
    const results = await Promise.all([auth.consumeLoginCode('race', at(1)), auth.consumeLoginCode('race', at(1))]);
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('stores, touches, revokes and lists sessions', async () => {
    store = await open();
    const auth = store.consoleAuth!;
    await auth.createSession(aSession());
    await auth.createSession(aSession({ idHash: 'b'.repeat(64), createdAt: at(1), personName: '赵书记', role: 'leader', communities: null, method: 'token' }));
    expect(await auth.findSession('a'.repeat(64))).toEqual(aSession());
    expect(await auth.findSession('c'.repeat(64))).toBeNull();
    await auth.touchSession('a'.repeat(64), at(30));
    await auth.touchSession('a'.repeat(64), at(20)); // never backwards
    expect((await auth.findSession('a'.repeat(64)))!.lastSeenAt).toEqual(at(30));
    await auth.revokeSession('a'.repeat(64), at(40));
    expect((await auth.findSession('a'.repeat(64)))!.revokedAt).toEqual(at(40));
    const recent = await auth.recentSessions(10);
    expect(recent.map((s) => s.personName)).toEqual(['赵书记', '张网格员']);
    expect(recent[0]).toMatchObject({ role: 'leader', communities: null, method: 'token' });
  });

  it('filters tickets by several communities and by when they were created', async () => {
    store = await open();
    const make = (community: string, minutes: number) =>
      store.tickets.create(aNewTicket({ community, createdAt: at(minutes), messageIds: [`m-${community}-${minutes}`] }), anEvent({ at: at(minutes) }));
    const a = await make('yangguang', 0);
    const b = await make('hepingli', 10);
    const c = await make('xingfu', 20);
    const nos = (tickets: Array<{ no: number }>) => tickets.map((t) => t.no);
    expect(nos(await store.tickets.list({ communities: ['yangguang', 'xingfu'] }))).toEqual([c.no, a.no]);
    expect(nos(await store.tickets.list({ communities: [] }))).toEqual([]);
    expect(nos(await store.tickets.list({ communities: ['yangguang'], community: 'hepingli' }))).toEqual([]);
    expect(nos(await store.tickets.list({ communities: ['yangguang', 'hepingli'], community: 'hepingli' }))).toEqual([b.no]);
    expect(nos(await store.tickets.list({ createdFrom: at(10) }))).toEqual([c.no, b.no]);
    expect(nos(await store.tickets.list({ createdBefore: at(10) }))).toEqual([a.no]);
    expect(nos(await store.tickets.list({ createdFrom: at(5), createdBefore: at(20) }))).toEqual([b.no]);
  });
}

describe('console sign-in storage on the in-memory fake', () => {
  consoleStoreContract(async () => createMemoryStore());
});

describe.each(backends)('console sign-in storage on $name', (backend) => {
  let db: MigratedDatabase;
  beforeAll(async () => {
    db = await backend.setup();
  });
  afterAll(async () => {
    await db?.teardown();
  });
  consoleStoreContract(async () => {
    await db.fresh();
    const ds = createDataSource(db.url);
    await ds.initialize();
    return createTypeormStore(ds);
  });
});

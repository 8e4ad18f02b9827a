// Several bot accounts on one database, on every backend: which outbox items an account may read
// and claim (its groups, a group nobody is recorded in, private chats; another account's items only
// while that one is gone or not in the group), which bound groups nobody alive is in, and that a
// lost group is marked once per loss.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import type { Store } from '../../src/app/ports/store.js';
import type { SendingAccount } from '../../src/app/ports/outbox.js';
import { createDataSource } from '../../src/store/data-source.js';
import { createTypeormStore } from '../../src/store/typeorm-store.js';
import { backends, type MigratedDatabase } from '../support/databases.js';
import { aMessage } from '../support/builders.js';

const T0 = new Date('2026-03-02T01:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const BY = { id: 'leader-zhao', name: '赵书记' };

describe.each(backends)('bot accounts on $name', (backend) => {
  let db: MigratedDatabase;
  let ds: DataSource;
  let store: Store;
  /** Account `id` asking at T0 + 10 s, accounts with a heartbeat from T0 on counting as alive. */
  const as = (id: string): SendingAccount => ({ id, aliveSince: T0 });

  beforeAll(async () => {
    db = await backend.setup();
    ds = createDataSource(db.url);
    await ds.initialize();
    store = createTypeormStore(ds);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.teardown();
  });
  beforeEach(async () => {
    await db.fresh();
    for (const room of ['shared@chatroom', 'only-a@chatroom', 'only-b@chatroom']) {
      await store.identity.bindRoom({ id: room, topic: room }, { kind: 'resident', community: 'yangguang', by: BY }, T0);
    }
    await store.accounts.beat({ id: 'a', name: '账号甲' }, at(5));
    await store.accounts.beat({ id: 'b', name: '账号乙' }, at(5));
    await store.accounts.setRooms('a', ['shared@chatroom', 'only-a@chatroom'], T0);
    await store.accounts.setRooms('b', ['shared@chatroom', 'only-b@chatroom'], T0);
  });

  async function queue(roomId: string, via?: string): Promise<number> {
    await store.outbox.enqueue([{ roomId, text: `给 ${roomId}`, ...(via ? { via } : {}) }], at(10));
    const all = await store.outbox.nextDue(at(10), 100);
    return all.at(-1)!.id;
  }
  const due = async (id: string) => (await store.outbox.nextDue(at(10), 100, as(id))).map((i) => i.roomId).sort();

  it('an account reads only the items of groups it sits in, unknown groups and private chats', async () => {
    for (const room of ['shared@chatroom', 'only-a@chatroom', 'only-b@chatroom', 'new@chatroom', 'dm:yg-chenjie']) await queue(room);
    expect(await due('a')).toEqual(['dm:yg-chenjie', 'new@chatroom', 'only-a@chatroom', 'shared@chatroom']);
    expect(await due('b')).toEqual(['dm:yg-chenjie', 'new@chatroom', 'only-b@chatroom', 'shared@chatroom']);
    const onlyB = (await store.outbox.nextDue(at(10), 100)).find((i) => i.roomId === 'only-b@chatroom')!;
    expect(await store.outbox.claim(onlyB.id, at(10), at(70), as('a'))).toBe(false);
    expect(await store.outbox.claim(onlyB.id, at(10), at(70), as('b'))).toBe(true);
  });

  it('an item meant for one account is left to it while it is alive and in the group', async () => {
    // Meant for b in a group b is not in: whoever is in it says it.
    const onlyA = await queue('only-a@chatroom', 'b');
    expect(await store.outbox.claim(onlyA, at(10), at(70), as('a'))).toBe(true);

    const shared = await queue('shared@chatroom', 'b');
    expect(await store.outbox.claim(shared, at(10), at(70), as('a'))).toBe(false);
    // b signs off (logged out): a takes it over at once.
    await store.accounts.signOff('b');
    expect(await store.outbox.claim(shared, at(10), at(70), as('a'))).toBe(true);
  });

  it('a heartbeat older than the timeout counts as gone; a private chat waits for its account while it lives', async () => {
    const dm = await queue('dm:yg-chenjie', 'b');
    expect(await store.outbox.claim(dm, at(10), at(70), { id: 'a', aliveSince: at(1) })).toBe(false);
    // Seen from later on, b's last heartbeat (T0 + 5 s) is too old.
    expect(await store.outbox.claim(dm, at(10), at(70), { id: 'a', aliveSince: at(6) })).toBe(true);
  });

  it('claims a coalesced batch only when every row is the account’s to send', async () => {
    const one = await queue('only-b@chatroom');
    const two = await queue('only-b@chatroom');
    expect(await store.outbox.claimBatch(one, [one, two], at(10), at(70), as('a'))).toBe(false);
    expect(await store.outbox.claimBatch(one, [one, two], at(10), at(70), as('b'))).toBe(true);
  });

  it('finds the bound groups no live account is in, and marks each loss once', async () => {
    expect(await store.accounts.uncoveredRooms(T0)).toEqual([]);
    await store.accounts.signOff('a');
    expect(await store.accounts.uncoveredRooms(T0)).toEqual(['only-a@chatroom']);
    expect(await store.accounts.markOrphans(['only-a@chatroom'], at(20))).toEqual(['only-a@chatroom']);
    expect(await store.accounts.markOrphans(['only-a@chatroom'], at(21))).toEqual([]);
    expect((await store.accounts.orphans()).map((o) => [o.roomId, o.since.toISOString()])).toEqual([['only-a@chatroom', at(20).toISOString()]]);
    // a is back: the mark goes; lost again, it is announced again.
    await store.accounts.beat({ id: 'a', name: '账号甲' }, at(30));
    expect(await store.accounts.uncoveredRooms(T0)).toEqual([]);
    expect(await store.accounts.markOrphans([], at(30))).toEqual([]);
    expect(await store.accounts.orphans()).toEqual([]);
    expect(await store.accounts.markOrphans(['only-a@chatroom'], at(40))).toEqual(['only-a@chatroom']);
  });

  it('keeps each account’s groups as the scan and the join / leave events say', async () => {
    await store.accounts.setRooms('a', ['only-a@chatroom', 'new@chatroom'], at(1));
    await store.accounts.joinRoom('a', 'new@chatroom', at(2));
    expect(await store.accounts.leaveRoom('a', 'only-a@chatroom')).toBe(0);
    expect(await store.accounts.leaveRoom('b', 'shared@chatroom')).toBe(0);
    const list = await store.accounts.list(T0);
    expect(list.map((a) => [a.id, a.name, a.alive, a.rooms])).toEqual([
      ['a', '账号甲', true, 1],
      ['b', '账号乙', true, 1],
    ]);
  });

  it('each account takes up only the messages it stored, and leaves another account’s to it', async () => {
    await store.inbound.recordMany([
      aMessage({ id: 'by-a', roomId: 'shared@chatroom', accountId: 'a' }),
      aMessage({ id: 'by-b', roomId: 'shared@chatroom', accountId: 'b' }),
      aMessage({ id: 'before-accounts', roomId: 'shared@chatroom' }),
    ]);
    // The same message reaching b too (same id): stored once, by a.
    expect(await store.inbound.record(aMessage({ id: 'by-a', roomId: 'shared@chatroom', accountId: 'b' }))).toBe(false);
    expect((await store.inbound.unprocessed(10, 'a')).map((m) => m.id).sort()).toEqual(['before-accounts', 'by-a']);
    expect((await store.inbound.unprocessed(10)).map((m) => m.id).sort()).toEqual(['before-accounts', 'by-a', 'by-b']);
    expect(await store.inbound.isProcessed('by-a', 'b')).toBe(true);
    expect(await store.inbound.isProcessed('by-a', 'a')).toBe(false);
    expect(await store.inbound.isProcessed('before-accounts', 'b')).toBe(false);
  });
});

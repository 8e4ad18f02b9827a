// The behaviour every Store must have, written once and run against the in-memory fake, SQLite
// and MariaDB (and MySQL 8 when LINLI_TEST_MYSQL_URL is set).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TicketChangedError, type NewTicket } from '../../src/app/ports/tickets.js';
import type { Store } from '../../src/app/ports/store.js';
import type { IdentityChange, PersonBinding } from '../../src/app/ports/identity.js';
import type { Ticket } from '../../src/domain/ticket.js';
import { NestedStoreCallError } from '../../src/store/nested-store-call-error.js';

import { T0, aMessage, aNewTicket, aReporter, anEvent, at } from './builders.js';

const claimer = { id: 'wxid_staff_li', name: '李网格员' };

function claimed(ticket: Ticket, when: Date): Ticket {
  return { ...ticket, status: 'claimed', assignee: claimer, claimedAt: when };
}

/** Call inside a describe: `storeContract(() => makeEmptyStore())`. Each test gets an empty store. */
export function storeContract(makeStore: () => Promise<Store>): void {
  let store: Store;
  beforeEach(async () => {
    store = await makeStore();
  });
  afterEach(async () => {
    await store.close();
  });

  const create = (overrides: Partial<NewTicket> = {}) =>
    store.tickets.create(aNewTicket(overrides), anEvent({ at: overrides.createdAt ?? T0 }));

  describe('tickets', () => {
    it('numbers tickets 1, 2, 3 and returns what it stored', async () => {
      const first = await create();
      const second = await create({ messageIds: ['m-2'] });
      const third = await create({ messageIds: ['m-3', 'm-4', 'm-3'] });
      expect([first.no, second.no, third.no]).toEqual([1, 2, 3]);
      expect(first).toEqual({
        ...aNewTicket(),
        no: 1,
        reporter: undefined,
        messageIds: undefined,
        reporters: [aReporter()],
        assignee: null,
        claimedAt: null,
        resolvedAt: null,
        closedAt: null,
        rating: null,
        reopenCount: 0,
        mergedInto: null,
        version: 1,
      });
      expect(Object.keys(first).sort()).not.toContain('messageIds');
      expect(await store.tickets.get(1)).toEqual(first);
      expect(await store.tickets.get(99)).toBeNull();
      expect(await store.tickets.events(1)).toEqual([anEvent()]);
    });

    it('keeps dates to the millisecond', async () => {
      const createdAt = new Date('2026-02-28T23:59:59.999Z');
      const ticket = await create({ createdAt, claimDueAt: new Date('2026-03-01T00:00:00.001Z') });
      const loaded = await store.tickets.get(ticket.no);
      expect(loaded?.createdAt).toBeInstanceOf(Date);
      expect(loaded?.createdAt.toISOString()).toBe('2026-02-28T23:59:59.999Z');
      expect(loaded?.claimDueAt.toISOString()).toBe('2026-03-01T00:00:00.001Z');
    });

    it('saves fields, appends events and adds new reporters once', async () => {
      const ticket = await create();
      const coReporter = aReporter({ id: 'wxid_resident_b', name: '张师傅', roomId: 'r2@chatroom', at: at(5) });
      const claimEvent = anEvent({ type: 'claimed', actor: claimer, at: at(10), note: null });
      const coEvent = anEvent({ type: 'co_reported', actor: { id: coReporter.id, name: coReporter.name }, at: at(5) });
      const saved = await store.tickets.save(
        { ...claimed(ticket, at(10)), reporters: [...ticket.reporters, coReporter] },
        [coEvent, claimEvent],
      );
      expect(saved.version).toBe(2);

      const loaded = await store.tickets.get(ticket.no);
      expect(loaded).toEqual(saved);
      expect(loaded?.assignee).toEqual(claimer);
      expect(loaded?.reporters.map((r) => r.id)).toEqual(['wxid_resident_a', 'wxid_resident_b']);
      expect(await store.tickets.events(ticket.no)).toEqual([anEvent(), coEvent, claimEvent]);

      const resolved = await store.tickets.save(
        {
          ...saved,
          status: 'resolved',
          resolvedAt: at(60),
          rating: 'basically_satisfied',
          reopenCount: 1,
          mergedInto: null,
        },
        [anEvent({ type: 'resolved', actor: claimer, at: at(60), note: '已修好' })],
      );
      expect(resolved.version).toBe(3);
      const again = await store.tickets.get(ticket.no);
      expect(again).toEqual(resolved);
      expect(again?.reporters).toHaveLength(2);
      expect((await store.tickets.events(ticket.no)).map((e) => e.type)).toEqual([
        'created',
        'co_reported',
        'claimed',
        'resolved',
      ]);
    });

    it('refuses a save based on a stale version', async () => {
      const ticket = await create();
      const mine = await store.tickets.get(ticket.no);
      const theirs = await store.tickets.get(ticket.no);
      await store.tickets.save(claimed(theirs!, at(1)), [anEvent({ type: 'claimed', actor: claimer, at: at(1) })]);
      const attempt = store.tickets.save({ ...mine!, status: 'rejected' }, [anEvent({ type: 'rejected' })]);
      await expect(attempt).rejects.toBeInstanceOf(TicketChangedError);
      await expect(attempt).rejects.toMatchObject({ ticketNo: ticket.no });
      // Nothing of the refused save was written.
      expect((await store.tickets.get(ticket.no))?.status).toBe('claimed');
      expect((await store.tickets.events(ticket.no)).map((e) => e.type)).toEqual(['created', 'claimed']);
    });

    it('lets exactly one of two simultaneous saves win', async () => {
      const ticket = await create();
      const results = await Promise.allSettled([
        store.tickets.save(claimed(ticket, at(1)), [anEvent({ type: 'claimed', at: at(1) })]),
        store.tickets.save({ ...ticket, status: 'rejected' }, [anEvent({ type: 'rejected', at: at(1) })]),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const failure = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(failure.reason).toBeInstanceOf(TicketChangedError);
      expect(await store.tickets.events(ticket.no)).toHaveLength(2);
    });

    it('lists newest first, filtered, at most `limit`', async () => {
      // Created out of order, so "newest" must come from createdAt, not from the number.
      await create({ createdAt: at(20), community: '幸福里', category: 'property' }); // 1
      await create({ createdAt: at(10), community: '和平里', category: 'municipal' }); // 2
      const third = await create({ createdAt: at(30), community: '幸福里', category: 'municipal', dutyRoomId: 'duty2@chatroom' }); // 3
      await create({ createdAt: at(30), community: '幸福里', category: 'property' }); // 4, same time as 3
      await store.tickets.save(claimed(third, at(31)), []);

      const nos = (tickets: Ticket[]) => tickets.map((t) => t.no);
      expect(nos(await store.tickets.list({}))).toEqual([4, 3, 1, 2]);
      expect(nos(await store.tickets.list({ limit: 2 }))).toEqual([4, 3]);
      expect(nos(await store.tickets.list({ status: 'new' }))).toEqual([4, 1, 2]);
      expect(nos(await store.tickets.list({ status: ['claimed', 'resolved'] }))).toEqual([3]);
      expect(nos(await store.tickets.list({ status: [] }))).toEqual([]);
      expect(nos(await store.tickets.list({ community: '幸福里' }))).toEqual([4, 3, 1]);
      expect(nos(await store.tickets.list({ category: 'municipal' }))).toEqual([3, 2]);
      expect(nos(await store.tickets.list({ community: '幸福里', category: 'property', status: 'new' }))).toEqual([4, 1]);
      expect(nos(await store.tickets.list({ dutyRoomId: 'duty2@chatroom' }))).toEqual([3]);
      expect((await store.tickets.list({ status: 'claimed' }))[0]?.reporters).toEqual([aReporter()]);
      // Keyset pages, oldest first (exports): ties on createdAt broken by number, nothing skipped.
      const page = (after?: { createdAt: Date; no: number }) => store.tickets.list({ oldestFirst: true, after, limit: 2 });
      expect(nos(await page())).toEqual([2, 1]);
      expect(nos(await page({ createdAt: at(20), no: 1 }))).toEqual([3, 4]);
      expect(nos(await page({ createdAt: at(30), no: 3 }))).toEqual([4]);
      expect(nos(await store.tickets.list({ after: { createdAt: at(30), no: 4 }, limit: 2 }))).toEqual([3, 1]);
      expect(nos(await store.tickets.list({ oldestFirst: true, createdFrom: at(15), after: { createdAt: at(20), no: 1 } }))).toEqual([3, 4]);
    });

    it('finds the latest resolved ticket and the open tickets a person reported', async () => {
      const alice = aReporter();
      const bob = aReporter({ id: 'wxid_resident_b', name: '张师傅' });
      const t1 = await create({ createdAt: at(1) });
      const t2 = await create({ createdAt: at(2) });
      const t3 = await create({ createdAt: at(3) });
      const t4 = await create({ createdAt: at(4) });
      await create({ createdAt: at(5), reporter: bob });
      const resolve = (t: Ticket, when: Date, extra: Partial<Ticket> = {}) =>
        store.tickets.save({ ...t, status: 'resolved', resolvedAt: when, ...extra }, []);
      await resolve(t1, at(100));
      await resolve(t2, at(50), { reporters: [alice, bob] });
      await store.tickets.save(claimed(t4, at(6)), []);

      expect((await store.tickets.latestResolvedFor(alice.id))?.no).toBe(t1.no);
      expect((await store.tickets.latestResolvedFor(bob.id))?.no).toBe(t2.no);
      expect(await store.tickets.latestResolvedFor('wxid_nobody')).toBeNull();
      expect((await store.tickets.openFor(alice.id)).map((t) => t.no)).toEqual([t4.no, t3.no]);
      expect((await store.tickets.openFor(bob.id)).map((t) => t.no)).toEqual([5]);
      expect(await store.tickets.openFor('wxid_nobody')).toEqual([]);
      expect((await store.tickets.latestResolvedFor(bob.id))?.reporters.map((r) => r.id)).toEqual([alice.id, bob.id]);
    });
  });

  describe('outbox', () => {
    it('ignores a second message with the same dedupe key', async () => {
      await store.outbox.enqueue(
        [
          { roomId: 'r1@chatroom', text: '已受理 #1', dedupeKey: 'ack:1' },
          { roomId: 'r1@chatroom', text: '已受理 #1 (again in the same batch)', dedupeKey: 'ack:1' },
          { roomId: 'duty@chatroom', text: '新工单 #1', dedupeKey: 'card:1' },
          { roomId: 'r1@chatroom', text: 'no key' },
          { roomId: 'r1@chatroom', text: 'no key' },
        ],
        T0,
      );
      await store.outbox.enqueue([{ roomId: 'r1@chatroom', text: '已受理 #1', dedupeKey: 'ack:1' }], at(1));
      await store.transaction((tx) => tx.outbox.enqueue([{ roomId: 'x', text: 'y', dedupeKey: 'card:1' }], at(2)));
      const due = await store.outbox.nextDue(at(5), 10);
      expect(due.map((m) => m.text)).toEqual(['已受理 #1', '新工单 #1', 'no key', 'no key']);
      expect(await store.outbox.pendingCount()).toBe(4);
    });

    it('hands out due items oldest first and keeps what was enqueued', async () => {
      await store.outbox.enqueue(
        [
          { roomId: 'r1@chatroom', text: 'first', mentionIds: ['wxid_a', 'wxid_b'], dedupeKey: 'k:1' },
          { roomId: 'r2@chatroom', text: 'second' },
        ],
        T0,
      );
      await store.outbox.enqueue([{ roomId: 'r1@chatroom', text: 'later', imagePngBase64: 'iVBORw0KGgo=' }], at(10));

      expect(await store.outbox.nextDue(new Date(T0.getTime() - 1), 10)).toEqual([]);
      const due = await store.outbox.nextDue(T0, 10);
      expect(due).toEqual([
        {
          id: due[0]!.id,
          roomId: 'r1@chatroom',
          text: 'first',
          mentionIds: ['wxid_a', 'wxid_b'],
          dedupeKey: 'k:1',
          lane: 'ack',
          sentIn: null,
          attempts: 0,
          createdAt: T0,
          nextAttemptAt: T0,
        },
        { id: due[1]!.id, roomId: 'r2@chatroom', text: 'second', mentionIds: [], lane: 'ack', sentIn: null, attempts: 0, createdAt: T0, nextAttemptAt: T0 },
      ]);
      expect('imagePngBase64' in due[1]!).toBe(false);
      expect('dedupeKey' in due[1]!).toBe(false);
      expect(await store.outbox.nextDue(T0, 1)).toHaveLength(1);
      const all = await store.outbox.nextDue(at(10), 10);
      expect(all.map((m) => m.text)).toEqual(['first', 'second', 'later']);
      expect(all[2]!.imagePngBase64).toBe('iVBORw0KGgo=');
    });

    it('retries, sends and gives up', async () => {
      await store.outbox.enqueue(
        [
          { roomId: 'r1@chatroom', text: 'a' },
          { roomId: 'r1@chatroom', text: 'b' },
          { roomId: 'r1@chatroom', text: 'c' },
        ],
        T0,
      );
      const [a, b, c] = await store.outbox.nextDue(T0, 10);
      await store.outbox.markRetry(a!.id, 'puppet offline', at(5));
      await store.outbox.markSent(b!.id, at(1));
      await store.outbox.markFailed(c!.id, '发送消息过于频繁');

      expect(await store.outbox.pendingCount()).toBe(1);
      expect(await store.outbox.nextDue(at(4), 10)).toEqual([]);
      const [retry] = await store.outbox.nextDue(at(5), 10);
      expect(retry).toMatchObject({ id: a!.id, text: 'a', attempts: 1, nextAttemptAt: at(5), createdAt: T0 });
      await store.outbox.markRetry(a!.id, 'again', at(7));
      expect((await store.outbox.nextDue(at(7), 10))[0]?.attempts).toBe(2);
      await store.outbox.markSent(a!.id, at(7));
      expect(await store.outbox.pendingCount()).toBe(0);
      expect(await store.outbox.nextDue(at(100), 10)).toEqual([]);
    });

    it('keeps one message per dedupe key under concurrent enqueues', async () => {
      await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          store.outbox.enqueue([{ roomId: 'r1@chatroom', text: `card ${i}`, dedupeKey: 'card:7' }], T0),
        ),
      );
      expect(await store.outbox.pendingCount()).toBe(1);
    });

    it('hands out the urgent lane first, then acknowledgements, relays and digests, each oldest first', async () => {
      await store.outbox.enqueue(
        [
          { roomId: 'leaders@chatroom', text: '日报', lane: 'digest' },
          { roomId: 'duty@chatroom', text: '居民补充', lane: 'relay', ticketNo: 3 },
          { roomId: 'r1@chatroom', text: '收到 #3', lane: 'ack', ticketNo: 3, coalesce: { key: 'ack', line: '陈姐' } },
          { roomId: 'duty@chatroom', text: '紧急工单 #4', lane: 'urgent', ticketNo: 4 },
          { roomId: 'r2@chatroom', text: '收到 #5' },
        ],
        T0,
      );
      await store.outbox.enqueue([{ roomId: 'leaders@chatroom', text: '紧急 #6', lane: 'urgent' }], at(1));
      const due = await store.outbox.nextDue(at(1), 10);
      expect(due.map((m) => m.text)).toEqual(['紧急工单 #4', '紧急 #6', '收到 #3', '收到 #5', '居民补充', '日报']);
      expect(due.map((m) => m.lane)).toEqual(['urgent', 'urgent', 'ack', 'ack', 'relay', 'digest']);
      expect(due[2]).toMatchObject({ ticketNo: 3, coalesce: { key: 'ack', line: '陈姐' } });
      expect('ticketNo' in due[3]! || 'coalesce' in due[3]!).toBe(false);
    });

    it('holds a message whose key went out to the room less than its interval ago, until the interval ends', async () => {
      const relay = (text: string, roomId = 'duty@chatroom') => ({ roomId, text, lane: 'relay' as const, coalesce: { key: 'info:3', line: text, everyMs: 180_000 } });
      await store.outbox.enqueue([relay('一')], T0);
      const [first] = await store.outbox.nextDue(T0, 10);
      expect(first!.nextAttemptAt).toEqual(T0); // nothing went out before: due at once
      await store.outbox.markSent(first!.id, at(1));
      await store.outbox.enqueue([relay('二'), relay('三'), relay('别的群', 'duty-2@chatroom')], at(2));
      await store.outbox.enqueue([relay('四')], at(3));
      expect((await store.outbox.nextDue(at(3), 10)).map((m) => m.text)).toEqual(['别的群']);
      const held = await store.outbox.nextDue(at(4), 10);
      expect(held.map((m) => [m.text, m.nextAttemptAt])).toEqual([
        ['二', at(4)],
        ['三', at(4)],
        ['别的群', at(2)],
        ['四', at(4)],
      ]);
      // Held rows are not "left to send now"; the very same text within the interval is not queued again.
      expect(await store.outbox.pendingCount()).toBe(4);
      expect(await store.outbox.pendingCount(at(3))).toBe(1);
      await store.outbox.enqueue([relay('三'), relay('一')], at(3));
      expect(await store.outbox.pendingCount()).toBe(4);
    });

    it('claims the rows of a combined message all together or not at all, and marks them with their lead', async () => {
      await store.outbox.enqueue(
        ['a', 'b', 'c', 'd'].map((text) => ({ roomId: 'r1@chatroom', text, mentionIds: ['wxid_a'], coalesce: { key: 'ack', line: text } })),
        T0,
      );
      const [a, b, c, d] = await store.outbox.nextDue(T0, 10);
      expect(await store.outbox.claim(d!.id, T0, at(1))).toBe(true); // another sender has d
      expect(await store.outbox.claimBatch(a!.id, [a!.id, b!.id, d!.id], T0, at(1))).toBe(false);
      // Nothing of the failed claim stuck: a, b and c are still free.
      expect((await store.outbox.nextDue(T0, 10)).map((m) => [m.text, m.sentIn])).toEqual([
        ['a', null],
        ['b', null],
        ['c', null],
      ]);
      expect(await store.outbox.claimBatch(a!.id, [a!.id, b!.id, c!.id], T0, at(1))).toBe(true);
      expect(await store.outbox.nextDue(T0, 10)).toEqual([]);
      // After a crash the batch comes back as it was, and only as a whole.
      const batch = await store.outbox.batch(a!.id);
      expect(batch.map((m) => [m.text, m.sentIn])).toEqual([
        ['a', a!.id],
        ['b', a!.id],
        ['c', a!.id],
      ]);
      expect(await store.outbox.claimBatch(a!.id, [a!.id, b!.id, c!.id], at(1), at(2))).toBe(true);
      // A staff answer does not withdraw rows already on their way inside a batch (only d, alone).
      expect(await store.outbox.cancelPendingTo('r1@chatroom', 'wxid_a', T0)).toBe(1);
      await store.outbox.markRetry(a!.id, 'offline', at(3));
      expect((await store.outbox.nextDue(at(3), 10)).map((m) => [m.text, m.attempts])).toEqual([
        ['a', 1],
        ['b', 1],
        ['c', 1],
      ]);
      await store.outbox.markSent(a!.id, at(3));
      expect(await store.outbox.pendingCount()).toBe(0);
      expect(await store.outbox.batch(a!.id)).toEqual([]);
    });

    it('stores a large image', async () => {
      const png = Buffer.alloc(300_000, 7).toString('base64');
      await store.outbox.enqueue([{ roomId: 'leaders@chatroom', text: '日报', imagePngBase64: png }], T0);
      const [item] = await store.outbox.nextDue(T0, 1);
      expect(item?.imagePngBase64?.length).toBe(png.length);
      expect(item?.imagePngBase64 === png).toBe(true);
    });
  });

  describe('inbound messages', () => {
    it('stores a message id once', async () => {
      expect(await store.inbound.record(aMessage())).toBe(true);
      expect(await store.inbound.record(aMessage({ text: 're-delivered' }))).toBe(false);
      expect(await store.inbound.unprocessed(10)).toEqual([aMessage()]);
    });

    it('reports a message delivered several times at once as new exactly once', async () => {
      const results = await Promise.all(Array.from({ length: 8 }, () => store.inbound.record(aMessage())));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store.inbound.unprocessed(10)).toHaveLength(1);
    });

    it('returns unprocessed messages oldest first, with everything they carried', async () => {
      const quotedReply = aMessage({
        id: 'msg-2',
        text: '认领',
        kind: 'text',
        mentionsBot: true,
        mentions: [{ id: 'wxid_staff_li', name: '李网格员' }],
        quoted: { name: 'Linli', text: '【新工单 #1】电梯坏了' },
        at: at(1),
      });
      await store.inbound.record(aMessage());
      await store.inbound.record(quotedReply);
      await store.inbound.record(aMessage({ id: 'msg-3', kind: 'image', text: '', at: at(2) }));
      await store.inbound.markProcessed('msg-1', 'ticket_created', 1);
      await store.inbound.markProcessed('msg-3', 'ignored');

      const pending = await store.inbound.unprocessed(10);
      expect(pending).toEqual([quotedReply]);
      expect(pending[0]!.mentionsBot).toBe(true);
      await store.inbound.record(aMessage({ id: 'msg-4', at: at(3) }));
      await store.inbound.record(aMessage({ id: 'msg-5', at: at(4) }));
      expect((await store.inbound.unprocessed(2)).map((m) => m.id)).toEqual(['msg-2', 'msg-4']);
    });
  });

  describe('identity', () => {
    const zhao = { id: 'wxid_leader_zhao', name: '赵书记' };
    const person = (overrides: Partial<PersonBinding> = {}): PersonBinding => ({
      id: 'wxid_staff_li',
      name: '李网格员',
      role: 'staff',
      communities: ['yangguang'],
      remark: null,
      boundBy: zhao,
      boundAt: T0,
      updatedAt: T0,
      ...overrides,
    });
    const change = (overrides: Partial<IdentityChange> = {}): IdentityChange => ({
      at: T0,
      actor: zhao,
      via: 'chat',
      action: 'person_bound',
      subject: { kind: 'person', id: 'wxid_staff_li', name: '李网格员' },
      detail: '工作人员·阳光花园',
      ...overrides,
    });

    it('binds, re-binds, moves and removes people by contact id; a remark belongs to one person', async () => {
      await store.transaction(async (tx) => tx.identity.savePerson(person({ remark: 'linli-aa' })));
      expect(await store.identity.person('wxid_staff_li')).toEqual(person({ remark: 'linli-aa' }));
      await store.transaction(async (tx) => tx.identity.savePerson(person({ name: '李网格员 🌟', role: 'leader', communities: null, remark: 'linli-aa', updatedAt: at(1) })));
      expect(await store.identity.personByRemark('linli-aa')).toMatchObject({ id: 'wxid_staff_li', name: '李网格员 🌟', role: 'leader', communities: null });
      await expect(store.transaction(async (tx) => tx.identity.savePerson(person({ id: 'someone-else', remark: 'linli-aa' })))).rejects.toThrow();
      // The binding follows its remark to a new contact id; whatever sat on that id gives way.
      await store.transaction(async (tx) => tx.identity.savePerson(person({ id: 'new-id', name: '旧绑定', remark: null })));
      await store.transaction(async (tx) => tx.identity.movePerson('wxid_staff_li', 'new-id', at(2)));
      expect(await store.identity.person('wxid_staff_li')).toBeNull();
      expect(await store.identity.person('new-id')).toMatchObject({ name: '李网格员 🌟', remark: 'linli-aa', updatedAt: at(2) });
      expect(await store.transaction((tx) => tx.identity.removePerson('new-id'))).toBe(true);
      expect(await store.transaction((tx) => tx.identity.removePerson('new-id'))).toBe(false);
      expect((await store.identity.snapshot()).people).toEqual([]);
    });

    it('records the groups the bot sees, binds and unbinds them by id, and keeps a topic for display only', async () => {
      const seen = await store.transaction((tx) => tx.identity.seeRoom({ id: 'r1@chatroom', topic: '幸福里3号楼业主群' }, T0));
      expect(seen).toMatchObject({ id: 'r1@chatroom', topic: '幸福里3号楼业主群', kind: null, community: null, presentSince: T0 });
      await store.transaction((tx) => tx.identity.bindRoom({ id: 'r1@chatroom', topic: 'ignored' }, { kind: 'resident', community: 'yangguang', by: zhao }, at(1)));
      // A renamed group keeps its binding; the topic is only what it is called.
      const renamed = await store.transaction((tx) => tx.identity.seeRoom({ id: 'r1@chatroom', topic: '阳光花园值班群' }, at(2)));
      expect(renamed).toMatchObject({ topic: '阳光花园值班群', kind: 'resident', community: 'yangguang', boundBy: zhao, boundAt: at(1), presentSince: T0 });
      // Bound by id before the bot sat in it (config): recorded, not present.
      await store.transaction((tx) => tx.identity.bindRoom({ id: 'leaders@chatroom', topic: '领导群' }, { kind: 'leaders', community: null, by: zhao }, at(3)));
      expect(await store.identity.room('leaders@chatroom')).toMatchObject({ topic: '领导群', kind: 'leaders', presentSince: null });
      await store.transaction((tx) => tx.identity.bindRoom({ id: 'r1@chatroom', topic: 'x' }, null, at(4)));
      await store.identity.leftRooms(['r1@chatroom'], at(5));
      const { rooms } = await store.identity.snapshot();
      expect(rooms.map((r) => [r.id, r.kind, r.boundBy, r.presentSince])).toEqual([
        ['leaders@chatroom', 'leaders', zhao, null],
        ['r1@chatroom', null, null, null],
      ]);
    });

    it('uses an invitation once, only before it expires', async () => {
      const inv = { role: 'staff' as const, communities: ['yangguang'], name: '王五', invitedBy: zhao, createdAt: T0, expiresAt: at(24 * 60), codeHash: 'h'.repeat(64) };
      const id = await store.transaction((tx) => tx.identity.createInvitation(inv));
      expect(await store.identity.hasActiveInvitation(inv.codeHash, at(1))).toBe(true);
      expect(await store.identity.consumeInvitation(inv.codeHash, 'wxid_wang', at(24 * 60 + 1))).toBeNull();
      const [a, b] = await Promise.all([
        store.identity.consumeInvitation(inv.codeHash, 'wxid_wang', at(5)),
        store.identity.consumeInvitation(inv.codeHash, 'wxid_other', at(5)),
      ]);
      const winners = [a, b].filter(Boolean);
      expect(winners).toHaveLength(1);
      expect(winners[0]).toMatchObject({ id, role: 'staff', communities: ['yangguang'], name: '王五', invitedBy: zhao, usedAt: at(5) });
      expect(await store.identity.hasActiveInvitation(inv.codeHash, at(6))).toBe(false);
    });

    it('audits every change and moves the revision once per committed change, not on a rollback', async () => {
      const r0 = await store.identity.revision();
      await store.transaction((tx) => tx.identity.record(change()));
      await expect(
        store.transaction(async (tx) => {
          await tx.identity.record(change({ action: 'person_removed' }));
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      await store.transaction((tx) => tx.identity.record(change({ at: at(1), action: 'config_seeded', detail: '{"role":"staff"}' })));
      await store.transaction((tx) => tx.identity.record(change({ at: at(2), action: 'config_seeded', subject: { kind: 'group', id: 'r1@chatroom', name: '群' }, detail: null })));
      await store.transaction((tx) => tx.identity.record(change({ at: at(3), action: 'config_seeded', detail: '{"role":"leader"}' })));
      expect(await store.identity.revision()).toBe(r0 + 4);
      expect((await store.identity.snapshot()).revision).toBe(r0 + 4);
      const log = await store.identity.auditLog({ limit: 10 });
      expect(log.map((e) => e.action)).toEqual(['config_seeded', 'config_seeded', 'config_seeded', 'person_bound']);
      expect(log[3]).toMatchObject({ actor: zhao, via: 'chat', subject: { kind: 'person', id: 'wxid_staff_li', name: '李网格员' }, detail: '工作人员·阳光花园', at: T0 });
      expect(await store.identity.auditLog({ limit: 10, subjectId: 'r1@chatroom' })).toHaveLength(1);
      expect(await store.identity.lastConfigSeeds()).toEqual(
        new Map([
          ['person:wxid_staff_li', '{"role":"leader"}'],
          ['group:r1@chatroom', null],
        ]),
      );
    });

    it("ends a person's console sessions and unused login codes, and counts the codes they were sent", async () => {
      const identity = { personId: 'wxid_staff_li', personName: '李网格员', role: 'staff' as const, communities: ['yangguang'] };
      const session = (idHash: string) => ({
        ...identity,
        idHash,
        csrfToken: 'c',
        method: 'code' as const,
        ip: null,
        userAgent: null,
        createdAt: T0,
        expiresAt: at(600),
        lastSeenAt: T0,
        revokedAt: null,
      });
      await store.consoleAuth.createSession(session('a'.repeat(64)));
      await store.consoleAuth.createSession(session('b'.repeat(64)));
      await store.consoleAuth.createSession({ ...session('c'.repeat(64)), personId: 'someone-else' });
      await store.consoleAuth.createLoginCode({ ...identity, codeHash: 'd'.repeat(64), createdAt: at(1), expiresAt: at(6) });
      expect(await store.consoleAuth.loginCodesIssuedSince('wxid_staff_li', T0)).toBe(1);
      expect(await store.consoleAuth.loginCodesIssuedSince('wxid_staff_li', at(2))).toBe(0);
      expect(await store.transaction((tx) => tx.consoleAuth.endSessionsOf('wxid_staff_li', at(2)))).toBe(2);
      expect((await store.consoleAuth.sessionsOf('wxid_staff_li', 10)).map((s) => s.revokedAt)).toEqual([at(2), at(2)]);
      expect((await store.consoleAuth.findSession('c'.repeat(64)))?.revokedAt).toBeNull();
      expect(await store.consoleAuth.consumeLoginCode('d'.repeat(64), at(3))).toBeNull();
    });
  });

  describe('text', () => {
    it('keeps Chinese, emoji and 10,000-character texts intact', async () => {
      const emoji = '🏠🚰🔥👵🏻‍🦳👍';
      const long = ('楼道灯不亮了😡请尽快处理。' + emoji).repeat(1000).slice(0, 10_000);
      expect(long.length).toBe(10_000);
      const ticket = await store.tickets.create(
        aNewTicket({ text: long, reporter: aReporter({ name: '小区业主🌸' }) }),
        anEvent({ note: long }),
      );
      const loaded = await store.tickets.get(ticket.no);
      expect(loaded?.text === long).toBe(true);
      expect(loaded?.reporters[0]?.name).toBe('小区业主🌸');
      expect((await store.tickets.events(ticket.no))[0]?.note === long).toBe(true);

      await store.inbound.record(aMessage({ text: long, senderName: '张三👨‍🔧', quoted: { name: '李四', text: emoji } }));
      const [message] = await store.inbound.unprocessed(1);
      expect(message?.text === long).toBe(true);
      expect(message?.senderName).toBe('张三👨‍🔧');
      expect(message?.quoted).toEqual({ name: '李四', text: emoji });

      await store.outbox.enqueue([{ roomId: 'r1@chatroom', text: long }], T0);
      expect((await store.outbox.nextDue(T0, 1))[0]?.text === long).toBe(true);
    });
  });

  describe('transactions', () => {
    it('commits everything the work wrote and returns its result', async () => {
      const no = await store.transaction(async (tx) => {
        const ticket = await tx.tickets.create(aNewTicket(), anEvent());
        await tx.outbox.enqueue([{ roomId: 'r1@chatroom', text: `已受理 #${ticket.no}`, dedupeKey: `ack:${ticket.no}` }], T0);
        await tx.inbound.markProcessed('msg-1', 'ticket_created', ticket.no);
        expect((await tx.tickets.get(ticket.no))?.no).toBe(ticket.no);
        return ticket.no;
      });
      expect(await store.tickets.get(no)).not.toBeNull();
      expect(await store.outbox.pendingCount()).toBe(1);
    });

    it('leaves nothing behind when the work throws', async () => {
      const boom = new Error('boom');
      await store.inbound.record(aMessage());
      await expect(
        store.transaction(async (tx) => {
          const ticket = await tx.tickets.create(aNewTicket(), anEvent());
          await tx.tickets.save(claimed(ticket, at(1)), [anEvent({ type: 'claimed' })]);
          await tx.outbox.enqueue([{ roomId: 'r1@chatroom', text: 'ack', dedupeKey: 'ack:1' }], T0);
          await tx.inbound.record(aMessage({ id: 'msg-2' }));
          await tx.inbound.markProcessed('msg-1', 'ticket_created', ticket.no);
          throw boom;
        }),
      ).rejects.toBe(boom);
      expect(await store.tickets.list({})).toEqual([]);
      expect(await store.tickets.events(1)).toEqual([]);
      expect(await store.outbox.pendingCount()).toBe(0);
      expect((await store.inbound.unprocessed(10)).map((m) => m.id)).toEqual(['msg-1']);
      // The dedupe key was rolled back too, so it can be used now.
      await store.outbox.enqueue([{ roomId: 'r1@chatroom', text: 'ack', dedupeKey: 'ack:1' }], T0);
      expect(await store.outbox.pendingCount()).toBe(1);
      // MySQL does not give back auto-increment values on rollback: numbers may have gaps.
      expect((await create()).no).toBeGreaterThanOrEqual(1);
    });

    it('runs many concurrent transactions without error', async () => {
      const nos = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          store.transaction(async (tx) => {
            const ticket = await tx.tickets.create(aNewTicket({ messageIds: [`m-${i}`] }), anEvent());
            await tx.outbox.enqueue([{ roomId: 'r1@chatroom', text: `#${ticket.no}`, dedupeKey: `ack:${ticket.no}` }], T0);
            return ticket.no;
          }),
        ),
      );
      expect([...nos].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(await store.outbox.pendingCount()).toBe(20);
    });

    it('runs plain calls alongside transactions', async () => {
      await create();
      const work = Array.from({ length: 10 }, (_, i) =>
        i % 2 === 0
          ? store.transaction((tx) => tx.outbox.enqueue([{ roomId: 'r', text: `${i}` }], T0))
          : store.tickets.list({}).then(() => store.outbox.pendingCount()),
      );
      await Promise.all(work);
      expect(await store.outbox.pendingCount()).toBe(5);
    });

    it('refuses calls on the store itself inside a transaction', async () => {
      await expect(store.transaction(() => store.tickets.list({}))).rejects.toBeInstanceOf(NestedStoreCallError);
      await expect(store.transaction(() => store.transaction(async () => 1))).rejects.toBeInstanceOf(
        NestedStoreCallError,
      );
      // …and is fine afterwards.
      expect(await store.transaction(async (tx) => (await tx.tickets.list({})).length)).toBe(0);
    });
  });
}

// What the jobs need from a Store (ladder steps, job leases, digest records, digest aggregates),
// written once and run against the in-memory fake, SQLite and MariaDB.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TicketChangedError, type NewTicket } from '../../src/app/ports/tickets.js';
import type { Store } from '../../src/app/ports/store.js';
import { applyAction, type TicketAction } from '../../src/domain/transitions.js';
import type { Actor, TicketEvent } from '../../src/domain/ticket.js';

const T0 = new Date('2026-11-23T01:00:00.000Z'); // 09:00 in Shanghai
const at = (m: number) => new Date(T0.getTime() + m * 60_000);
const staff: Actor = { id: 'yg-staff-chen', name: '物业小陈' };
const resident: Actor = { id: 'yg-chenjie', name: '陈姐' };
const reminded = (m: number): TicketEvent => ({ type: 'reminded', actor: { id: 'system', name: '系统' }, at: at(m), note: '签收提醒 [claim_warn]' });

function draft(o: Partial<NewTicket> & { createdAt: Date }): NewTicket {
  return {
    status: 'new',
    category: 'property',
    urgency: 'normal',
    community: 'yangguang',
    groupId: 'yg-1@chatroom',
    dutyRoomId: 'yg-duty@chatroom',
    text: '8栋电梯坏了',
    source: 'rules',
    confidence: 0.9,
    reporter: { ...resident, roomId: 'yg-1@chatroom', at: o.createdAt },
    claimDueAt: new Date(o.createdAt.getTime() + 120 * 60_000),
    dueAt: new Date(o.createdAt.getTime() + 72 * 3_600_000),
    messageIds: [`m-${Math.random().toString(36).slice(2)}`],
    ...o,
  };
}

export function jobsStoreContract(makeStore: () => Promise<Store>): void {
  let store: Store;
  beforeEach(async () => {
    store = await makeStore();
  });
  afterEach(async () => {
    await store.close();
  });

  const open = (o: Partial<NewTicket> & { createdAt: Date }) =>
    store.tickets.create(draft(o), { type: 'created', actor: resident, at: o.createdAt, note: null });
  async function act(no: number, action: TicketAction, m: number, actor = staff) {
    const r = applyAction((await store.tickets.get(no))!, action, { actor, now: at(m) });
    return store.tickets.save(r.ticket, r.events);
  }

  describe('ladder', () => {
    it('finds open tickets of a phase by deadline, earliest first, until their ladder is complete', async () => {
      const a = await open({ createdAt: at(0) }); // claim due at 120
      const b = await open({ createdAt: at(10) }); // 130
      const c = await open({ createdAt: at(-10) }); // 110
      await open({ createdAt: at(500) }); // 620: outside the range
      await act(c.no, { type: 'claim' }, 20); // now in the resolve phase
      const scan = { phase: 'claim' as const, dueFrom: at(0), dueTo: at(200), limit: 10 };
      expect((await store.ladder.candidates(scan)).map((x) => [x.no, x.due, x.recorded, x.category, x.urgency])).toEqual([
        [a.no, at(120), [], 'property', 'normal'],
        [b.no, at(130), [], 'property', 'normal'],
      ]);
      expect(await store.ladder.recordStep({ no: a.no, version: a.version }, 'claim_warn', at(120), reminded(90))).toBe(true);
      expect(await store.ladder.recordStep({ no: a.no, version: a.version + 1 }, 'claim_overdue', at(120), reminded(120))).toBe(true);
      expect((await store.ladder.candidates(scan))[0]!.recorded.sort()).toEqual(['claim_overdue', 'claim_warn']);
      expect(await store.ladder.recordStep({ no: a.no, version: a.version + 2 }, 'claim_escalate', at(120), reminded(180))).toBe(true);
      expect((await store.ladder.candidates(scan)).map((x) => x.no)).toEqual([b.no]);
      // Keyset paging.
      expect((await store.ladder.candidates({ ...scan, limit: 1 })).map((x) => x.no)).toEqual([b.no]);
      expect(await store.ladder.candidates({ ...scan, after: { due: at(130), no: b.no } })).toEqual([]);
      const resolve = await store.ladder.candidates({ phase: 'resolve', dueFrom: at(0), dueTo: at(72 * 60), limit: 10 });
      expect(resolve.map((x) => [x.no, x.due])).toEqual([[c.no, at(72 * 60 - 10)]]);
      // Resolve phase, owing: a ticket whose steps due so far are all recorded is left out.
      const due = at(72 * 60 - 10);
      const resolveScan = { phase: 'resolve' as const, dueFrom: at(0), dueTo: at(80 * 60), limit: 10 };
      const owingAt = (now: Date, from: Date) => store.ladder.candidates({ ...resolveScan, owing: { now, escalateFrom: { urgent: from, normal: from } } }).then((xs) => xs.map((x) => x.no));
      const claimed = (await store.tickets.get(c.no))!;
      expect(await store.ladder.recordStep({ no: c.no, version: claimed.version }, 'resolve_warn', due, reminded(60 * 60))).toBe(true);
      expect(await owingAt(at(60 * 60), at(50 * 60))).toEqual([]); // before the deadline: only the warning was owed
      expect((await store.ladder.candidates(resolveScan)).map((x) => x.no)).toEqual([c.no]); // without owing: still scanned
      expect(await owingAt(at(73 * 60), at(71 * 60))).toEqual([c.no]); // past the deadline: its notice is owed
      expect(await store.ladder.recordStep({ no: c.no, version: claimed.version + 1 }, 'resolve_overdue', due, reminded(73 * 60))).toBe(true);
      expect(await owingAt(at(73 * 60), at(71 * 60))).toEqual([]); // the escalation cannot be due yet
      expect(await owingAt(at(90 * 60), at(75 * 60))).toEqual([c.no]); // now it can
      // Claim phase: an urgent ticket is scanned whole, its escalation comes before its warning.
      const u = await open({ createdAt: at(1000), urgency: 'urgent' });
      const claimScan = { phase: 'claim' as const, dueFrom: at(1000), dueTo: at(3000), limit: 10 };
      expect(await store.ladder.recordStep({ no: u.no, version: u.version }, 'claim_warn', u.claimDueAt, reminded(1001))).toBe(true);
      const early = { now: at(1001), escalateFrom: { urgent: at(900), normal: at(900) } };
      expect((await store.ladder.candidates({ ...claimScan, owing: early })).map((x) => x.no)).toEqual([u.no]);
      // A new deadline is a new ladder.
      const moved = await store.tickets.save({ ...(await store.tickets.get(a.no))!, claimDueAt: at(150) }, []);
      expect((await store.ladder.candidates(scan)).map((x) => [x.no, x.recorded])).toEqual([
        [b.no, []],
        [moved.no, []],
      ]);
    });

    it('records a step once, with its event, bumping the version; a stale version changes nothing', async () => {
      const t = await open({ createdAt: at(0) });
      expect(await store.ladder.recordStep(t, 'claim_warn', at(120), reminded(90))).toBe(true);
      expect(await store.ladder.recordStep({ no: t.no, version: t.version + 1 }, 'claim_warn', at(120), reminded(91))).toBe(false);
      await expect(store.ladder.recordStep(t, 'claim_overdue', at(120), reminded(120))).rejects.toBeInstanceOf(TicketChangedError);
      const stored = (await store.tickets.get(t.no))!;
      expect(stored.version).toBe(t.version + 1);
      expect((await store.tickets.events(t.no)).map((e) => e.type)).toEqual(['created', 'reminded']);
      // The failed step was rolled back: it can still be recorded.
      expect(await store.ladder.recordStep(stored, 'claim_overdue', at(120), reminded(120))).toBe(true);
    });

    it('records a step once when many try at the same time', async () => {
      const t = await open({ createdAt: at(0) });
      const results = await Promise.allSettled(
        Array.from({ length: 6 }, () => store.ladder.recordStep(t, 'claim_warn', at(120), reminded(90))),
      );
      expect(results.filter((r) => r.status === 'fulfilled' && r.value === true)).toHaveLength(1);
      expect((await store.tickets.events(t.no)).filter((e) => e.type === 'reminded')).toHaveLength(1);
    });
  });

  describe('job locks', () => {
    it('leases a lock to one holder until it expires or is released', async () => {
      expect(await store.jobLocks.acquire('job:x', 'a', at(0), at(5))).toBe(true);
      expect(await store.jobLocks.acquire('job:x', 'b', at(1), at(6))).toBe(false);
      expect(await store.jobLocks.acquire('job:x', 'a', at(1), at(6))).toBe(true); // renewal
      expect(await store.jobLocks.acquire('job:x', 'b', at(5), at(10))).toBe(false);
      expect(await store.jobLocks.acquire('job:x', 'b', at(6), at(11))).toBe(true); // lapsed
      await store.jobLocks.release('job:x', 'a', at(7)); // not a's any more: no effect
      expect(await store.jobLocks.acquire('job:x', 'a', at(7), at(12))).toBe(false);
      await store.jobLocks.release('job:x', 'b', at(7));
      expect(await store.jobLocks.acquire('job:x', 'a', at(7), at(12))).toBe(true);
      expect(await store.jobLocks.acquire('job:y', 'b', at(7), at(12))).toBe(true);
    });

    it('gives a free lock to exactly one of many at once', async () => {
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => store.jobLocks.acquire('job:z', `h${i}`, at(0), at(5))));
      expect(results.filter(Boolean)).toHaveLength(1);
    });
  });

  describe('digest records', () => {
    it('records a period once per kind', async () => {
      const run = { kind: 'daily' as const, period: '2026-11-23', roomId: 'leaders@chatroom', text: '日报', at: at(720) };
      expect(await store.digests.has('daily', '2026-11-23')).toBe(false);
      expect(await store.digests.record(run)).toBe(true);
      expect(await store.digests.record({ ...run, text: 'again' })).toBe(false);
      expect(await store.digests.record({ ...run, kind: 'weekly' })).toBe(true);
      expect(await store.digests.has('daily', '2026-11-23')).toBe(true);
      const results = await Promise.all(Array.from({ length: 5 }, () => store.digests.record({ ...run, period: '2026-11-24' })));
      expect(results.filter(Boolean)).toHaveLength(1);
    });
  });

  describe('metrics', () => {
    it('aggregates a day as docs/metrics.md defines it', async () => {
      const y = await open({ createdAt: at(-20 * 60), text: '8栋电梯坏了' });
      const a = await open({ createdAt: at(0), text: '8号楼门禁坏了' });
      const b = await open({ createdAt: at(0), text: '八栋楼道灯不亮' });
      const n = await open({ createdAt: at(60), category: 'municipal', community: 'hepingli', groupId: 'hp-1@chatroom', text: '路灯坏了' });
      const r = await open({ createdAt: at(70), text: '广告' });
      await act(r.no, { type: 'reject', reason: '不是诉求' }, 75);
      await act(y.no, { type: 'claim' }, -19 * 60);
      await act(y.no, { type: 'resolve', note: '修好了' }, 60);
      await act(y.no, { type: 'rate', rating: 'unsatisfied', by: resident.id }, 120, resident);
      await act(a.no, { type: 'claim' }, 30);
      await act(a.no, { type: 'resolve', note: '好了' }, 90);
      await act(a.no, { type: 'rate', rating: 'satisfied', by: resident.id }, 100, resident);
      await act(b.no, { type: 'claim' }, 150);
      const from = new Date('2026-11-22T16:00:00.000Z');
      const to = at(12 * 60);
      expect(await store.metrics.periodStats(from, to)).toEqual({
        created: 4,
        claimed: 2,
        resolved: 2,
        closed: 1,
        reopened: 1,
        claimedOnTime: 1,
        claimMissed: 1,
        resolvedOnTime: 2,
        resolveMissed: 0,
        satisfied: 1,
        basicallySatisfied: 0,
        unsatisfied: 1,
        becameOverdue: 1,
      });
      const totals = await store.metrics.totals(to);
      expect(totals).toMatchObject({ all: 5, open: 3, overdue: 1 });
      expect(totals.byStatus).toEqual({ new: 1, claimed: 2, resolved: 0, closed: 1, rejected: 1, merged: 0 });
      expect(await store.metrics.backlog(to)).toEqual({ open: totals.open, overdue: totals.overdue });
      expect(await store.metrics.breakdown(from, to, to)).toEqual([
        { community: 'hepingli', category: 'municipal', created: 1, resolved: 0, open: 1, overdue: 1 },
        { community: 'yangguang', category: 'property', created: 3, resolved: 2, open: 2, overdue: 0 },
      ]);
      expect(await store.metrics.mostOverdue(at(80 * 60), 5)).toEqual([
        { no: n.no, community: 'hepingli', category: 'municipal', status: 'new', assigneeName: null, due: at(180) },
        { no: y.no, community: 'yangguang', category: 'property', status: 'claimed', assigneeName: staff.name, due: at(-20 * 60 + 72 * 60) },
        { no: b.no, community: 'yangguang', category: 'property', status: 'claimed', assigneeName: staff.name, due: at(72 * 60) },
      ]);
      expect(await store.metrics.mostOverdue(at(80 * 60), 1)).toHaveLength(1);
      expect(await store.metrics.reportsBetween(from, to, 10)).toEqual([
        { no: a.no, community: 'yangguang', category: 'property', groupId: 'yg-1@chatroom', text: '8号楼门禁坏了' },
        { no: b.no, community: 'yangguang', category: 'property', groupId: 'yg-1@chatroom', text: '八栋楼道灯不亮' },
        { no: n.no, community: 'hepingli', category: 'municipal', groupId: 'hp-1@chatroom', text: '路灯坏了' },
      ]);
    });

    it('gives zeros for an empty store', async () => {
      const p = await store.metrics.periodStats(at(0), at(60));
      expect(Object.values(p).every((v) => v === 0)).toBe(true);
      expect(await store.metrics.totals(at(0))).toMatchObject({ all: 0, open: 0, overdue: 0 });
      expect(await store.metrics.backlog(at(0))).toEqual({ open: 0, overdue: 0 });
      expect(await store.metrics.breakdown(at(0), at(60), at(60))).toEqual([]);
      expect(await store.metrics.mostOverdue(at(0), 5)).toEqual([]);
    });
  });

  describe('retention', () => {
    // Rows are stamped with wall-clock time by the stores: cutoffs far in the past and future.
    const LONG_AGO = new Date('2000-01-01T00:00:00Z');
    const LATER = new Date('2100-01-01T00:00:00Z');
    const message = (id: string, text: string) => ({
      id,
      roomId: 'yg-1@chatroom',
      senderId: resident.id,
      senderName: resident.name,
      text,
      kind: 'text' as const,
      mentionsBot: false,
      mentions: [],
      quoted: null,
      at: T0,
    });

    it('deletes processed chit-chat, and keeps what made a ticket and what is not processed yet', async () => {
      const t = await open({ createdAt: at(0), messageIds: ['burst-1', 'burst-2'] });
      for (const [id, text] of [['chat-1', '早上好'], ['chat-2', '谢谢'], ['burst-1', '8栋'], ['burst-2', '电梯坏了'], ['follow', '还没修'], ['pending', '在吗']]) {
        await store.inbound.record(message(id, text));
      }
      for (const id of ['chat-1', 'chat-2', 'burst-1']) await store.inbound.markProcessed(id, id === 'burst-1' ? 'fragment' : 'not_request');
      await store.inbound.markProcessed('burst-2', 'ticket', t.no);
      await store.inbound.markProcessed('follow', 'added_to_ticket', t.no);
      expect(await store.retention.deleteChat(LONG_AGO, 100)).toBe(0);
      expect(await store.retention.deleteChat(LATER, 1)).toBe(1);
      expect(await store.retention.deleteChat(LATER, 100)).toBe(1);
      expect(await store.retention.deleteChat(LATER, 100)).toBe(0);
      expect(await store.inbound.isProcessed('chat-1')).toBeNull();
      expect(await store.inbound.isProcessed('burst-1')).toBe(true);
      expect(await store.inbound.isProcessed('follow')).toBe(true);
      expect((await store.inbound.unprocessed(10)).map((m) => m.id)).toEqual(['pending']);
    });

    it('deletes photos and finished outbox items past their time, never a pending one', async () => {
      const t = await open({ createdAt: at(0) });
      await store.attachments.add({ ticketNo: t.no, messageId: 'p-1', mime: 'image/png', data: 'iVBOR', createdAt: at(0) });
      await store.outbox.enqueue([{ roomId: 'yg-1@chatroom', text: '收到', dedupeKey: 'k-1' }, { roomId: 'yg-1@chatroom', text: '稍等', dedupeKey: 'k-2' }], at(0));
      const [first] = await store.outbox.nextDue(at(1), 1);
      await store.outbox.markSent(first!.id, at(1));
      expect(await store.retention.deleteAttachments(at(-1), 10)).toBe(0);
      expect(await store.retention.deleteAttachments(at(1), 10)).toBe(1);
      expect(await store.attachments.list(t.no)).toEqual([]);
      expect(await store.retention.deleteFinishedOutbox(LATER, 10)).toBe(1);
      expect(await store.outbox.pendingCount()).toBe(1);
    });

    it('hands out ended tickets once, and keeps what is written back', async () => {
      const ended = await open({ createdAt: at(0), text: '我是5栋1102的张建国，电话 138 1234 5678' });
      await act(ended.no, { type: 'reject', reason: '重复' }, 5);
      const live = await open({ createdAt: at(1) });
      expect(await store.retention.ticketsToRedact(LONG_AGO, 10)).toEqual([]);
      const [found, ...rest] = await store.retention.ticketsToRedact(LATER, 10);
      expect(rest).toEqual([]);
      expect(found).toMatchObject({ no: ended.no, reporters: [{ personId: resident.id, name: resident.name }] });
      expect(found!.events.map((e) => e.actorId)).toEqual([resident.id, staff.id]);
      await store.retention.saveRedacted({ ...found!, text: '已脱敏', reporters: found!.reporters.map((r) => ({ ...r, name: '陈*' })) }, at(10));
      expect(await store.retention.ticketsToRedact(LATER, 10)).toEqual([]);
      const after = await store.tickets.get(ended.no);
      expect(after).toMatchObject({ text: '已脱敏', reporters: [{ id: resident.id, name: '陈*' }] });
      expect((await store.tickets.get(live.no))!.text).toBe('8栋电梯坏了');
    });
  });
}

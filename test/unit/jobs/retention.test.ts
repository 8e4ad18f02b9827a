import { describe, expect, it } from 'vitest';
import { runRetention } from '../../../src/app/retention.js';
import { maskName } from '../../../src/domain/redact-ticket.js';
import { applyAction } from '../../../src/domain/transitions.js';
import { createMemoryStore } from '../../support/fakes/memory-store.js';
import { openTicket } from '../../support/builders.js';
import { TestClock, testContext } from '../../support/test-context.js';

const T0 = new Date('2026-11-23T02:00:00Z');
const days = (n: number) => new Date(T0.getTime() + n * 86_400_000);

describe('retention', () => {
  it('masks the residents in a ticket that ended a year ago, and leaves a recent or open one alone', async () => {
    const store = createMemoryStore();
    const ctx = await testContext(store, new TestClock(T0));
    const phone = '138 1234 5678';
    const old = await openTicket(ctx, { createdAt: T0, text: `我是5栋1102的张建国，漏水了，电话${phone}` });
    const staff = { id: 'yg-staff-zhang', name: '张网格员' };
    const claimed = applyAction(old, { type: 'claim' }, { actor: staff, now: days(0) });
    const saved = await store.tickets.save(claimed.ticket, claimed.events);
    const resolved = applyAction(saved, { type: 'resolve', note: `已联系 ${phone}` }, { actor: staff, now: days(1) });
    const done = await store.tickets.save(resolved.ticket, resolved.events);
    const rated = applyAction(done, { type: 'rate', rating: 'satisfied', by: 'yg-chenjie' }, { actor: { id: 'yg-chenjie', name: '陈姐' }, now: days(1) });
    await store.tickets.save(rated.ticket, rated.events);
    const open = await openTicket(ctx, { createdAt: T0, text: `电话${phone}，8栋电梯坏了` });

    expect((await runRetention(ctx, days(300))).ticketsRedacted).toBe(0);
    const report = await runRetention(ctx, days(400));
    expect(report.ticketsRedacted).toBe(1);

    const after = (await store.tickets.get(old.no))!;
    expect(after.text).not.toContain(phone);
    expect(after.text).not.toContain('1102'); // room + name: the room goes, the name alone points at nobody
    expect(after.reporters.map((r) => r.name)).toEqual(['陈*']);
    const events = await store.tickets.events(old.no);
    expect(events.map((e) => e.actor.name)).toEqual(['陈*', '张网格员', '张网格员', '陈*', '陈*']);
    expect(events.some((e) => e.note?.includes(phone))).toBe(false);
    expect((await store.tickets.get(open.no))!.text).toContain(phone);
    // Done once: the next run finds nothing.
    expect((await runRetention(ctx, days(401))).ticketsRedacted).toBe(0);
  });

  it('keeps only the first character of a name', () => {
    expect(maskName('陈姐')).toBe('陈*');
    expect(maskName(' 😀Amy ')).toBe('😀*');
    expect(maskName('')).toBe('*');
  });
});

// The console at scale on every real database: the dashboard's aggregate queries give what the old
// ticket-by-ticket count gave on the same data, and an export writes every row of its range (past
// the old silent cut at 50,000) while reading one page of tickets at a time.
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app/app-context.js';
import type { TicketFilter } from '../../src/app/ports/tickets.js';
import type { Store } from '../../src/app/ports/store.js';
import {
  claimTicket,
  mergeTickets,
  reassignTicket,
  rejectTicket,
  resolveTicket,
  returnTicket,
} from '../../src/app/ticket-actions.js';
import { applyAction } from '../../src/domain/transitions.js';
import type { Rating } from '../../src/domain/ticket.js';
import { createDataSource } from '../../src/store/data-source.js';
import { sqlTime } from '../../src/store/sql-time.js';
import { createTypeormStore } from '../../src/store/typeorm-store.js';
import { ChangeFeed } from '../../src/web/change-feed.js';
import { dashboardFigures } from '../../src/web/dashboard-figures.js';
import { buildServer } from '../../src/web/server.js';
import { EXPORT_COLUMNS, EXPORT_PAGE } from '../../src/web/ticket-export.js';
import { openTicket } from '../support/builders.js';
import { backends, type MigratedDatabase } from '../support/databases.js';
import { legacyDashboardFigures } from '../support/legacy-dashboard.js';
import { TestClock, testContext } from '../support/test-context.js';

// Thursday 2026-11-26, 16:00 in Shanghai; the week began on Monday the 23rd.
const NOW = new Date('2026-11-26T08:00:00Z');
const local = (day: number, hour: number, minute = 0) => new Date(Date.UTC(2026, 10, day, hour - 8, minute));
const TOKEN = 'test-console-token-0123456789';
const zhang = { id: 'yg-staff-zhang', name: '张网格员' };
const li = { id: 'hp-staff-li', name: '李网格员' };

describe.each(backends)('console at scale on $name', (backend) => {
  let db: MigratedDatabase;
  let store: Store;
  let ds: DataSource | undefined;
  beforeAll(async () => {
    db = await backend.setup();
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.teardown();
  });

  async function freshStore(): Promise<Store> {
    await ds?.destroy();
    await db.fresh();
    ds = createDataSource(db.url);
    await ds.initialize();
    return createTypeormStore(ds);
  }

  /** A week of traffic in two communities with every kind of change a ticket goes through. */
  async function busyWeek(ctx: AppContext, clock: TestClock) {
    let n = 0;
    const as = (no: number, actor = zhang) => ({ no, actor, scope: 'all' as const, requestId: `r-${++n}` });
    const at = async <T>(when: Date, work: () => Promise<T>) => {
      clock.set(when);
      return work();
    };
    const rate = (no: number, rating: Rating) =>
      ctx.store.transaction(async (tx) => {
        const t = (await tx.tickets.get(no))!;
        const { ticket, events } = applyAction(t, { type: 'rate', rating, by: 'yg-chenjie' }, { actor: { id: 'yg-chenjie', name: '陈姐' }, now: clock.now() });
        await tx.tickets.save(ticket, events);
      });
    const open = (day: number, hour: number, over: Parameters<typeof openTicket>[1] extends infer O ? Partial<O> : never = {}) =>
      at(local(day, hour, n++ % 50), () => openTicket(ctx, { createdAt: clock.now(), ...over }));

    // Last week's leftovers: one still unclaimed, one claimed and resolved this week.
    const stale = await open(18, 9);
    const old = await open(19, 10, { community: 'hepingli', category: 'municipal', text: '楼上装修太吵' });
    await at(local(19, 11), () => claimTicket(ctx, as(old.no, li)));
    await at(local(24, 10), () => resolveTicket(ctx, { ...as(old.no, li), note: '已协调' }));
    // Monday: claimed on time, resolved, rated satisfied (closed).
    const a = await open(23, 8);
    await at(local(23, 8, 30), () => claimTicket(ctx, as(a.no)));
    await at(local(23, 15), () => resolveTicket(ctx, { ...as(a.no), note: '已修好' }));
    await at(local(23, 18), () => rate(a.no, 'satisfied'));
    // Tuesday: claimed late, resolved, rated unsatisfied (reopened), handed to someone else.
    const b = await open(24, 9, { category: 'sanitation', text: '3栋门口垃圾没人清运' });
    await at(local(24, 14), () => claimTicket(ctx, as(b.no)));
    await at(local(25, 9), () => resolveTicket(ctx, { ...as(b.no), note: '已清运' }));
    await at(local(25, 12), () => rate(b.no, 'unsatisfied'));
    await at(local(25, 13), () => reassignTicket(ctx, { ...as(b.no), to: { id: 'yg-staff-wang', name: '王网格员' } }));
    // Wednesday: a duplicate merged, a non-request voided, one returned to dispatch.
    const c = await open(25, 10, { text: '3栋门口垃圾又没人清运' });
    const d = await open(25, 10, { text: '3栋门口垃圾没人清运，臭了' });
    await at(local(25, 11), () => mergeTickets(ctx, { ...as(d.no), into: c.no }));
    const e = await open(25, 11, { community: 'hepingli', category: 'other', text: '谢谢大家' });
    await at(local(25, 11, 5), () => rejectTicket(ctx, { ...as(e.no, li), reason: '不是诉求' }));
    const f = await open(25, 14, { community: 'hepingli', urgency: 'urgent', category: 'safety', text: '5栋楼道有煤气味' });
    await at(local(25, 14, 5), () => claimTicket(ctx, as(f.no, li)));
    await at(local(25, 15), () => returnTicket(ctx, { ...as(f.no, li), reason: '不归我们管' }));
    // Today: new reports, one claimed and basically satisfied, one claimed and left open.
    const g = await open(26, 8);
    await at(local(26, 8, 20), () => claimTicket(ctx, as(g.no)));
    await at(local(26, 10), () => resolveTicket(ctx, { ...as(g.no), note: '已处理' }));
    await at(local(26, 12), () => rate(g.no, 'basically_satisfied'));
    const h = await open(26, 9, { community: 'hepingli', category: 'municipal' });
    await at(local(26, 9, 30), () => claimTicket(ctx, as(h.no, li)));
    await open(26, 11, { text: '8栋电梯又坏了' });
    await open(26, 13, { community: 'hepingli' });
    clock.set(NOW);
    return { stale };
  }

  it('dashboard figures equal the old ticket-by-ticket count, for every range and scope', async () => {
    store = await freshStore();
    const clock = new TestClock(local(18, 9));
    const ctx = await testContext(store, clock);
    await busyWeek(ctx, clock);
    for (const range of ['today', 'week'] as const) {
      for (const scope of [null, ['yangguang'], ['hepingli'], []]) {
        const now = await dashboardFigures(ctx, scope, range, NOW);
        expect(now, `${range} ${JSON.stringify(scope)}`).toEqual(await legacyDashboardFigures(ctx, scope, range, NOW));
      }
    }
    const week = await dashboardFigures(ctx, null, 'week', NOW);
    // Not vacuous: the week saw every kind of change.
    expect(week.period).toMatchObject({ claimed: 5, resolved: 4, closed: 2, reopened: 1, satisfied: 1, basicallySatisfied: 1, unsatisfied: 1 });
    expect(week.overdue).toBeGreaterThan(0);
    expect(week.repeats.length).toBeGreaterThan(0);
  });

  it('exports every row of the range, a page at a time, in CSV and .xlsx', async () => {
    store = await freshStore();
    const clock = new TestClock(NOW);
    const ctx = await testContext(store, clock);
    const total = 50_000 + EXPORT_PAGE + 7;
    await insertTickets(ds!, total);
    // The pages the export reads: none bigger than one page.
    const limits: number[] = [];
    const list = store.tickets.list.bind(store.tickets);
    store.tickets.list = (filter: TicketFilter) => {
      limits.push(filter.limit ?? 500);
      return list(filter);
    };
    const app = buildServer({
      store,
      log: pino({ level: 'silent' }),
      health: { ready: () => true },
      sandbox: false,
      consoleToken: TOKEN,
      console: { ctx, changes: new ChangeFeed() },
    });
    await app.ready();
    try {
      const get = (path: string) => app.inject({ url: path, headers: { authorization: `Bearer ${TOKEN}` } });
      const csv = await get('/api/console/export.csv?from=2026-01-01&to=2026-11-26');
      expect(csv.statusCode).toBe(200);
      const lines = csv.body.replace(/^\ufeff/, '').trimEnd().split('\r\n');
      expect(lines).toHaveLength(total + 1);
      // Oldest first, each ticket once.
      const nos = lines.slice(1).map((l) => Number(l.split(',')[0]));
      expect(nos).toEqual(Array.from({ length: total }, (_, i) => i + 1));
      expect(Math.max(...limits)).toBe(EXPORT_PAGE);
      expect(csv.body).not.toContain('13812345678');

      const xlsx = await get('/api/console/export.xlsx?from=2026-01-01&to=2026-11-26');
      expect(xlsx.statusCode).toBe(200);
      const { default: ExcelJS } = await import('exceljs');
      const { Readable } = await import('node:stream');
      const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([xlsx.rawPayload]), {});
      let rows = 0;
      let last: unknown;
      const firstTwo: unknown[][] = [];
      for await (const sheet of reader) {
        for await (const row of sheet) {
          rows++;
          const values = ((row as { values: unknown[] }).values ?? []).slice(1);
          if (firstTwo.length < 2) firstTwo.push(values);
          last = values[0];
        }
      }
      expect(rows).toBe(total + 1);
      expect(last).toBe(total);
      expect(firstTwo[0]).toEqual([...EXPORT_COLUMNS]);
      expect(firstTwo[1]).toEqual(lines[1]!.split(',').map((cell, i) => (i === 0 ? Number(cell) : cell)));
    } finally {
      await app.close();
    }
  }, 120_000);
});

/** Tickets 1..n, one a minute from the start of the year, straight into the table in chunks. */
async function insertTickets(ds: DataSource, n: number): Promise<void> {
  const start = Date.UTC(2026, 0, 1, 2, 0);
  const chunk = 1000;
  for (let lo = 1; lo <= n; lo += chunk) {
    const values: string[] = [];
    const params: unknown[] = [];
    for (let no = lo; no < Math.min(n + 1, lo + chunk); no++) {
      const created = new Date(start + no * 60_000);
      values.push('(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
      params.push(no, 'closed', 'property', 'normal', no % 2 ? 'yangguang' : 'hepingli', 'yg-1@chatroom', 'yg-duty@chatroom',
        `${no % 30}栋电梯停在18楼不动了，电话13812345678`, 'rules', 0.9, sqlTime(created),
        sqlTime(new Date(created.getTime() + 2 * 3600_000)), sqlTime(new Date(created.getTime() + 72 * 3600_000)), 0, 1, sqlTime(created), 'satisfied');
    }
    await ds.transaction((em) =>
      em.query(
        `INSERT INTO \`tickets\` (\`no\`, \`status\`, \`category\`, \`urgency\`, \`community\`, \`group_id\`, \`duty_room_id\`, \`text\`,
           \`source\`, \`confidence\`, \`created_at\`, \`claim_due_at\`, \`due_at\`, \`reopen_count\`, \`version\`, \`updated_at\`, \`rating\`)
         VALUES ${values.join(', ')}`,
        params,
      ),
    );
  }
}

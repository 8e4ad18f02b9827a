// Two bot instances sharing one MariaDB database, both running the jobs over the same windows at
// the same moments: every reminder and the digest go out once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import type { AppContext } from '../../src/app/app-context.js';
import type { OutboxItem } from '../../src/app/ports/outbox.js';
import type { Store } from '../../src/app/ports/store.js';
import { runSlaLadder } from '../../src/app/sla-ladder.js';
import { sendScheduledDigest } from '../../src/app/digest.js';
import { createLinliJobRunner } from '../../src/jobs/linli-jobs.js';
import { createDataSource, runMigrations } from '../../src/store/data-source.js';
import { createTypeormStore } from '../../src/store/typeorm-store.js';
import { applyAction } from '../../src/domain/transitions.js';
import { createTestMariaDb, emptyTables, skipMariaDb, type TestDatabase } from '../support/databases.js';
import { MONDAY_0900, TestClock, minutes, testContext } from '../support/test-context.js';
import { openTicket } from '../support/builders.js';

describe.skipIf(skipMariaDb)('jobs on two instances sharing MariaDB', () => {
  let db: TestDatabase;
  const sources: DataSource[] = [];
  let a: Store;
  let b: Store;
  const clock = new TestClock(MONDAY_0900);
  let ctxA: AppContext;
  let ctxB: AppContext;

  beforeAll(async () => {
    db = await createTestMariaDb();
    for (let i = 0; i < 2; i++) {
      const ds = createDataSource(db.url);
      await ds.initialize();
      sources.push(ds);
    }
    await runMigrations(sources[0]!);
    a = createTypeormStore(sources[0]!);
    b = createTypeormStore(sources[1]!);
    ctxA = await testContext(a, clock);
    ctxB = await testContext(b, clock);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await db?.drop();
  });

  async function seed(): Promise<number[]> {
    await emptyTables(sources[0]!);
    clock.set(MONDAY_0900);
    const nos: number[] = [];
    for (let i = 0; i < 12; i++) {
      const t = await openTicket(ctxA, {
        createdAt: minutes(MONDAY_0900, i * 7),
        urgency: i % 4 === 0 ? 'urgent' : 'normal',
        community: i % 2 ? 'hepingli' : 'yangguang',
        text: `${(i % 3) + 1}号楼 电梯坏了 ${i}`,
      });
      nos.push(t.no);
      if (i % 3 === 0) {
        const r = applyAction(t, { type: 'claim' }, { actor: { id: 'yg-staff-chen', name: '物业小陈' }, now: minutes(MONDAY_0900, i * 7 + 3) });
        await a.tickets.save(r.ticket, r.events);
      }
    }
    return nos;
  }

  const everything = async (): Promise<OutboxItem[]> => a.outbox.nextDue(minutes(MONDAY_0900, 100 * 24 * 60), 10_000);
  const stepCounts = async (nos: number[]) => {
    const counts = new Map<string, number>();
    for (const no of nos) {
      for (const e of await a.tickets.events(no)) {
        if (e.type !== 'reminded' && e.type !== 'escalated') continue;
        const key = `${no}:${/\[(\w+)\]/.exec(e.note ?? '')?.[1]}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
    return counts;
  };

  it('sends one digest and one copy of each reminder when both run every window', async () => {
    const nos = await seed();
    const runnerA = createLinliJobRunner(ctxA, { holder: 'instance-a' });
    const runnerB = createLinliJobRunner(ctxB, { holder: 'instance-b' });
    // Windows of varying length from 09:00 to past 21:00 the next day, each run by both at once.
    let from = MONDAY_0900;
    for (const step of [30, 45, 60, 15, 120, 240, 180, 90, 5, 600, 1, 60, 24 * 60]) {
      const to = minutes(from, step);
      clock.set(to);
      await Promise.all([runnerA.runDue(from, to), runnerB.runDue(from, to)]);
      from = to;
    }
    const out = await everything();
    const keys = out.map((m) => m.dedupeKey);
    expect(new Set(keys).size).toBe(keys.length);
    const digests = out.filter((m) => m.dedupeKey?.startsWith('digest:daily:'));
    expect(digests.map((m) => m.dedupeKey)).toEqual(['digest:daily:2026-11-23', 'digest:daily:2026-11-23:chart', 'digest:daily:2026-11-24', 'digest:daily:2026-11-24:chart']);
    const counts = await stepCounts(nos);
    expect(counts.size).toBeGreaterThan(20);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    // Every step recorded went out as exactly one notice (escalations also tell the duty group).
    const ladderNotices = out.filter((m) => m.dedupeKey?.startsWith('sla:') && !m.dedupeKey.endsWith(':duty'));
    expect(ladderNotices).toHaveLength(counts.size);

    // A restarted instance (a new runner, nothing in memory) going over the same day adds nothing.
    const restarted = createLinliJobRunner(await testContext(b, clock), { holder: 'instance-a-restarted' });
    await restarted.runDue(MONDAY_0900, clock.now());
    expect(await everything()).toHaveLength(out.length);
  });

  it('stays exactly once on the records alone, with no lease taken', async () => {
    const nos = await seed();
    const at = minutes(MONDAY_0900, 12 * 60);
    clock.set(at);
    await Promise.all([runSlaLadder(ctxA, at), runSlaLadder(ctxB, at), runSlaLadder(ctxA, at), runSlaLadder(ctxB, at)]);
    const outcomes = await Promise.all([sendScheduledDigest(ctxA, 'daily', at), sendScheduledDigest(ctxB, 'daily', at)]);
    expect(outcomes.sort()).toEqual(['already_sent', 'sent']);
    const counts = await stepCounts(nos);
    expect(counts.size).toBeGreaterThan(20);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    const out = await everything();
    expect(out.filter((m) => m.dedupeKey?.startsWith('digest:'))).toHaveLength(2);
    expect(out.filter((m) => m.dedupeKey?.startsWith('sla:') && !m.dedupeKey.endsWith(':duty'))).toHaveLength(counts.size);
  });
});

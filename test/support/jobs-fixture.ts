// An AppContext for job tests: the real config and sandbox district, a clock the test moves, and
// whichever store the test gives (the in-memory fake or a TypeORM store on a real database).
import pino from 'pino';
import type { AppContext } from '../../src/app/app-context.js';
import { Directory } from '../../src/app/directory.js';
import type { Clock, NewTicket, Store } from '../../src/app/ports.js';
import { texts } from '../../src/app/texts.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { LinliConfig } from '../../src/config/linli-config.js';
import { deadlinesFor } from '../../src/domain/sla.js';
import type { Ticket } from '../../src/domain/ticket.js';

export class TestClock implements Clock {
  constructor(public current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  set(at: Date): void {
    this.current = new Date(at);
  }
  advance(minutes: number): Date {
    this.current = new Date(this.current.getTime() + minutes * 60_000);
    return this.now();
  }
}

export function testConfig(overrides: (c: LinliConfig) => void = () => {}): { config: LinliConfig; directory: Directory } {
  const { config, sandbox } = loadConfig({ configFile: 'config/linli.yaml', sandboxFile: 'config/sandbox.yaml' });
  overrides(config);
  const directory = new Directory(config.district, sandbox!.bot.id);
  for (const c of sandbox!.communities) {
    for (const g of [...c.residentGroups, c.dutyGroup]) directory.registerRoom({ id: g.id, topic: g.topic });
  }
  directory.registerRoom({ id: sandbox!.leadersGroup.id, topic: sandbox!.leadersGroup.topic });
  return { config, directory };
}

export function testContext(store: Store, clock: Clock, overrides?: (c: LinliConfig) => void): AppContext {
  const { config, directory } = testConfig(overrides);
  const categoryOf = (code: string) => config.categories.find((c) => c.code === code);
  return {
    config,
    store,
    clock,
    directory,
    classifier: { classify: async () => { throw new Error('no classification in job tests'); } } as unknown as AppContext['classifier'],
    texts: texts({
      timezone: config.timezone,
      categoryName: (code) => categoryOf(code)?.name ?? code,
      departmentOf: (code) => categoryOf(code)?.department ?? '社区综合',
    }),
    log: pino({ level: 'silent' }),
    bursts: undefined as unknown as AppContext['bursts'],
    outboxKick: () => {},
  };
}

/** Opens a ticket as intake would, with deadlines from the config's SLA table. */
export async function openTicket(ctx: AppContext, overrides: Partial<NewTicket> & { createdAt: Date }): Promise<Ticket> {
  const category = overrides.category ?? 'property';
  const urgency = overrides.urgency ?? 'normal';
  const community = overrides.community ?? 'yangguang';
  const draft: NewTicket = {
    status: 'new',
    category,
    urgency,
    community,
    groupId: community === 'yangguang' ? 'yg-1@chatroom' : 'hp-1@chatroom',
    dutyRoomId: community === 'yangguang' ? 'yg-duty@chatroom' : 'hp-duty@chatroom',
    text: '8栋1单元电梯停在18楼不动了',
    source: 'rules',
    confidence: 0.9,
    reporter: { id: 'yg-chenjie', name: '陈姐', roomId: 'yg-1@chatroom', at: overrides.createdAt },
    messageIds: [`m-${Math.random().toString(36).slice(2)}`],
    ...deadlinesFor(ctx.config.sla, category, urgency, overrides.createdAt),
    ...overrides,
  };
  return ctx.store.tickets.create(draft, { type: 'created', actor: { id: draft.reporter.id, name: draft.reporter.name }, at: draft.createdAt, note: null });
}

/** 2026-11-23 09:00 in Asia/Shanghai, a Monday. */
export const MONDAY_0900 = new Date('2026-11-23T01:00:00.000Z');
export const minutes = (at: Date, n: number) => new Date(at.getTime() + n * 60_000);

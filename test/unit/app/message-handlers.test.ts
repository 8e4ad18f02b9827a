// The room handlers, each driven through the pipeline's own MessageContext on the in-memory store:
// a resident's report, the duty group's commands, and what residents add to an open report.
import { beforeEach, describe, expect, it } from 'vitest';
import { handleResidentMessage } from '../../../src/app/intake.js';
import { handleDutyMessage } from '../../../src/app/duty-room.js';
import type { AppContext } from '../../../src/app/app-context.js';
import type { Routes } from '../../../src/app/pipeline/message-router.js';
import { createMemoryStore, type MemoryStore } from '../../support/fakes/memory-store.js';
import { recordingStore, type StoreCall } from '../../support/recording-store.js';
import { aMessage, tableClassifier } from '../../support/builders.js';
import { TestClock, handleMessage, testContext } from '../../support/test-context.js';

const T0 = new Date('2026-11-23T02:00:00Z'); // 10:00 in Shanghai
const YG1 = 'yg-1@chatroom';
const DUTY = 'yg-duty@chatroom';
const routes: Partial<Routes> = { resident: handleResidentMessage, duty: handleDutyMessage };

const classifier = tableClassifier({
  电梯: { isRequest: true, requestConfidence: 0.99, category: 'property', categoryConfidence: 0.95 },
  // The danger is in the words (the rules' urgent signal): an addition like this raises the ticket.
  水漫: { isRequest: true, requestConfidence: 0.99, category: 'property', categoryConfidence: 0.9, urgency: 'urgent', urgentSignal: '冒火花' },
  天气: { nonRequestKind: 'small_talk' },
});

let memory: MemoryStore;
let calls: StoreCall[];
let clock: TestClock;
let app: AppContext;
let seq = 0;

beforeEach(async () => {
  memory = createMemoryStore();
  const recorded = recordingStore(memory);
  calls = recorded.calls;
  clock = new TestClock(T0);
  app = await testContext(recorded.store, clock, undefined, { classifier });
});

/** Says `text` as `from` in `roomId`, a second after the last message, and handles it. */
function say(from: { id: string; name: string }, roomId: string, text: string, extra: Parameters<typeof aMessage>[0] = {}) {
  clock.advance(1 / 60);
  return handleMessage(app, aMessage({ id: `m-${++seq}`, roomId, senderId: from.id, senderName: from.name, text, at: clock.now(), ...extra }), routes);
}

const chenjie = { id: 'yg-chenjie', name: '陈姐' };
const laozhou = { id: 'yg-laozhou', name: '老周' };
const zhang = { id: 'yg-staff-zhang', name: '张网格员' };
const said = (roomId: string) => memory.state.outbox.filter((o) => o.item.roomId === roomId).map((o) => o.item.text);

describe('a resident report', () => {
  it('opens a ticket, acknowledges it and cards the duty group in one unit of work', async () => {
    calls.length = 0;
    const outcome = await say(chenjie, YG1, '8栋1单元电梯又停在18楼不动了，能派人看看吗');
    expect(outcome).toEqual({ outcome: 'ticket', ticketNo: 1 });
    expect(said(YG1)).toEqual([expect.stringContaining('#1')]);
    expect(said(DUTY)).toEqual([expect.stringContaining('【新工单 #1】')]);

    // Stored once, marked processed once, inside the very transaction that made the ticket and what the bot says.
    const named = (name: string) => calls.filter((c) => c.call === name);
    expect(named('inbound.record')).toHaveLength(1);
    expect(named('inbound.markProcessed')).toHaveLength(1);
    const [create] = named('tickets.create');
    const [mark] = named('inbound.markProcessed');
    expect(create!.tx).not.toBeNull();
    expect(mark!.tx).toBe(create!.tx);
    expect(named('outbox.enqueue').map((c) => c.tx)).toEqual([create!.tx]);
    expect(new Set(calls.filter((c) => c.tx !== null).map((c) => c.tx)).size).toBe(1);
    expect(memory.state.inbound.map((s) => s.outcome)).toEqual(['ticket']);
  });

  it('stays silent on chit-chat, and still marks the message processed', async () => {
    expect(await say(chenjie, YG1, '今天天气真不错')).toEqual({ outcome: 'not_request', ticketNo: null });
    expect(memory.state.outbox).toEqual([]);
    expect(memory.state.inbound[0]!.processedAt).not.toBeNull();
  });

  it('answers 进度 N with the status card of a ticket of the same community', async () => {
    await say(chenjie, YG1, '8栋1单元电梯又停在18楼不动了');
    expect(await say(chenjie, YG1, '进度 1')).toEqual({ outcome: 'progress_query', ticketNo: 1 });
    expect(said(YG1).at(-1)).toContain('#1');
  });

  it('refuses a staff command typed by a resident, politely, changing nothing', async () => {
    await say(chenjie, YG1, '8栋1单元电梯又停在18楼不动了');
    expect(await say(laozhou, YG1, '认领 1')).toEqual({ outcome: 'refused_staff_command', ticketNo: null });
    expect(said(YG1).at(-1)).toContain('只有值班人员');
    expect((await memory.tickets.get(1))!.status).toBe('new');
  });
});

describe('the duty group', () => {
  beforeEach(async () => {
    await say(chenjie, YG1, '8栋1单元电梯又停在18楼不动了');
  });

  it('claims a ticket for a staff member and tells the resident', async () => {
    expect(await say(zhang, DUTY, '认领 1')).toEqual({ outcome: 'command_claim', ticketNo: 1 });
    const ticket = (await memory.tickets.get(1))!;
    expect(ticket.status).toBe('claimed');
    expect(ticket.assignee).toEqual(zhang);
    expect(said(YG1).at(-1)).toContain('张网格员');
  });

  it('answers a malformed command with its usage and a missing ticket with its number', async () => {
    expect((await say(zhang, DUTY, '认领')).outcome).toBe('usage');
    expect(said(DUTY).at(-1)).toMatch(/认领/);
    expect(await say(zhang, DUTY, '办结 99 好了')).toEqual({ outcome: 'command_refused_resolve', ticketNo: 99 });
    expect(said(DUTY).at(-1)).toBe('工单 99 不存在，请核对编号。');
  });

  it('says who holds a ticket when someone claims it a second time', async () => {
    await say(zhang, DUTY, '认领 1');
    expect((await say({ id: 'yg-staff-chen', name: '物业小陈' }, DUTY, '认领 1')).outcome).toBe('command_refused_claim');
    expect(said(DUTY).at(-1)).toContain('已由 张网格员 认领');
  });

  it('leaves ordinary chat in the duty group alone', async () => {
    expect(await say(zhang, DUTY, '收到，我下午过去看看')).toEqual({ outcome: 'chat', ticketNo: null });
  });
});

describe('residents adding to an open report', () => {
  beforeEach(async () => {
    await say(chenjie, YG1, '8栋1单元电梯又停在18楼不动了');
  });

  it('makes a neighbour\'s "+1" a co-reporter without a reply', async () => {
    const before = memory.state.outbox.length;
    expect(await say(laozhou, YG1, '+1')).toEqual({ outcome: 'co_report', ticketNo: 1 });
    expect((await memory.tickets.get(1))!.reporters.map((r) => r.id)).toEqual([chenjie.id, laozhou.id]);
    expect(memory.state.outbox.length).toBe(before);
  });

  it('answers the reporter chasing their report (催办) with its status, and tells the duty group it is chased', async () => {
    clock.advance(5 * 60);
    expect(await say(chenjie, YG1, '都下午三点了 电梯还是不动 师傅也没来')).toEqual({ outcome: 'chased', ticketNo: 1 });
    expect(said(DUTY).at(-1)).toBe('工单 #1 居民催办：都下午三点了 电梯还是不动 师傅也没来');
    expect(said(YG1).at(-1)).toMatch(/#1.*待签收/s);
    expect((await memory.tickets.get(1))!.text).toContain('师傅也没来');
  });

  it('relays the reporter\'s real addition to the duty group and raises the urgency when it reports danger', async () => {
    expect(await say(chenjie, YG1, '水漫到走廊了，井道里电线在冒火花')).toEqual({ outcome: 'added_to_ticket', ticketNo: 1 });
    const ticket = (await memory.tickets.get(1))!;
    expect(ticket.urgency).toBe('urgent');
    expect(said(DUTY).at(-1)).toContain('水漫');
  });
});

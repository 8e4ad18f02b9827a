// The security review's chat items, through the pipeline's own MessageContext on the in-memory
// store: status cards mask personal data; `查` and `转派` stay within the sender's communities and
// read out of scope exactly like a missing ticket; invisible format characters neither hide a
// command nor get relayed; a sign-in code does not stay in the outbox once sent.
import { beforeEach, describe, expect, it } from 'vitest';
import type { AppContext } from '../../../src/app/app-context.js';
import { handleDutyMessage } from '../../../src/app/duty-room.js';
import { handleResidentMessage } from '../../../src/app/intake.js';
import { privateChatHandler } from '../../../src/app/console-login.js';
import type { Routes } from '../../../src/app/pipeline/message-router.js';
import { createMemoryStore, type MemoryStore } from '../../support/fakes/memory-store.js';
import { aMessage, openTicket } from '../../support/builders.js';
import { TestClock, handleMessage, testContext } from '../../support/test-context.js';

const T0 = new Date('2026-11-23T02:00:00Z');
const DUTY = 'yg-duty@chatroom';
const HP_DUTY = 'hp-duty@chatroom';
const YG1 = 'yg-1@chatroom';
const zhang = { id: 'yg-staff-zhang', name: '张网格员' };
const li = { id: 'hp-staff-li', name: '李社工' };
const chenjie = { id: 'yg-chenjie', name: '陈姐' };
const PHONE = '13812345678';

let memory: MemoryStore;
let clock: TestClock;
let app: AppContext;
let seq = 0;
const routes: Partial<Routes> = { resident: handleResidentMessage, duty: handleDutyMessage, private: privateChatHandler({ loginUrl: () => null }) };

beforeEach(async () => {
  memory = createMemoryStore();
  clock = new TestClock(T0);
  app = await testContext(memory, clock);
});

function say(from: { id: string; name: string }, roomId: string, text: string, extra: Parameters<typeof aMessage>[0] = {}) {
  clock.advance(1 / 60);
  return handleMessage(app, aMessage({ id: `m-${++seq}`, roomId, senderId: from.id, senderName: from.name, text, at: clock.now(), ...extra }), routes);
}
const said = (roomId: string) => memory.state.outbox.filter((o) => o.item.roomId === roomId).map((o) => o.item.text);
const lastSaid = (roomId: string) => said(roomId).at(-1) ?? '';

describe('status cards', () => {
  it('mask personal data in the notes they quote, for 查 in the duty group and 进度 in the resident group', async () => {
    const ticket = await openTicket(app, { createdAt: T0, text: `8栋电梯坏了，我电话 ${PHONE}` });
    await say(zhang, DUTY, `进展 ${ticket.no} 已联系住户 ${PHONE}，明天上门`);
    await say(zhang, DUTY, `查 ${ticket.no}`);
    expect(lastSaid(DUTY)).toContain('最近');
    expect(lastSaid(DUTY)).not.toContain(PHONE);
    await say(chenjie, YG1, `进度 ${ticket.no}`);
    expect(lastSaid(YG1)).toContain('最近');
    expect(lastSaid(YG1)).not.toContain(PHONE);
  });
});

describe('community scope in the duty group', () => {
  it("reads another community's ticket exactly like one that does not exist, to 查 and every other command", async () => {
    const ticket = await openTicket(app, { createdAt: T0 }); // 阳光花园's
    const missing = 99_999;
    await say(li, DUTY, `查 ${missing}`);
    const notFound = lastSaid(DUTY).replace(String(missing), 'N');
    for (const command of [`查 ${ticket.no}`, `认领 ${ticket.no}`]) {
      await say(li, DUTY, command);
      expect(lastSaid(DUTY).replace(String(ticket.no), 'N')).toBe(notFound);
    }
    await say(li, HP_DUTY, `查 ${ticket.no}`);
    expect(lastSaid(HP_DUTY).replace(String(ticket.no), 'N')).toBe(notFound);
    expect((await memory.tickets.get(ticket.no))!.status).toBe('new');
  });

  it("转派 hands a ticket only to staff of the ticket's community", async () => {
    const ticket = await openTicket(app, { createdAt: T0 });
    await say(zhang, DUTY, `认领 ${ticket.no}`);
    await say(zhang, DUTY, `转派 ${ticket.no} @李社工`, { mentions: [li] });
    await say(zhang, DUTY, `转派 ${ticket.no} @李社工`);
    expect((await memory.tickets.get(ticket.no))!.assignee).toEqual(zhang);
    await say(zhang, DUTY, `转派 ${ticket.no} @物业小陈`);
    expect((await memory.tickets.get(ticket.no))!.assignee).toEqual({ id: 'yg-staff-chen', name: '物业小陈' });
  });
});

describe('Unicode format characters', () => {
  it('are removed before a command is parsed', async () => {
    const ticket = await openTicket(app, { createdAt: T0 });
    expect(await say(zhang, DUTY, `认\u200b领 ${ticket.no}`)).toMatchObject({ outcome: 'command_claim' });
    expect((await memory.tickets.get(ticket.no))!.status).toBe('claimed');
  });

  it('are removed before any text is relayed', async () => {
    const ticket = await openTicket(app, { createdAt: T0 });
    await say(zhang, DUTY, `认领 ${ticket.no}`);
    await say(zhang, DUTY, `进展 ${ticket.no} 师傅\u202e到了\u2066马上\u2069修\ufeff`);
    const relayed = lastSaid(YG1);
    expect(relayed).toContain('师傅到了马上修');
    expect(relayed).not.toMatch(/\p{Cf}/u);
  });

  it('cannot split a phone number past the masking', async () => {
    const ticket = await openTicket(app, { createdAt: T0 });
    await say(zhang, DUTY, `进展 ${ticket.no} 住户电话 138\u200b1234\u200d5678`);
    await say(zhang, DUTY, `查 ${ticket.no}`);
    expect(lastSaid(DUTY).replace(/\p{Cf}/gu, '')).not.toContain(PHONE);
  });
});

describe('sign-in codes', () => {
  it('are blanked in the outbox once sent', async () => {
    await say({ id: 'leader-zhao', name: '赵书记' }, 'dm:leader-zhao', '登录');
    const item = memory.state.outbox.find((o) => o.item.roomId === 'dm:leader-zhao')!;
    const code = /登录码：(\d{6})/.exec(item.item.text)![1]!;
    await memory.outbox.markSent(item.item.id, clock.now());
    expect(JSON.stringify(memory.state.outbox)).not.toContain(code);
  });
});

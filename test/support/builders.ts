// Test data from builders, not copied literals: a message, a ticket draft, an event, a reporter, a
// ticket opened as intake would open it, and a classifier that knows a few texts.
import type { AppContext } from '../../src/app/app-context.js';
import type { InboundMessage } from '../../src/app/inbound-message.js';
import type { NewTicket } from '../../src/app/ports/tickets.js';
import { deadlinesFor } from '../../src/domain/sla.js';
import type { Reporter, Ticket, TicketEvent } from '../../src/domain/ticket.js';
import type { Classification, Classifier } from '../../src/classify/classification.js';

export const T0 = new Date('2026-11-23T08:00:00.123Z');
export const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

export function aReporter(overrides: Partial<Reporter> = {}): Reporter {
  return { id: 'wxid_resident_a', name: '王阿姨', roomId: 'r1@chatroom', at: T0, ...overrides };
}

export function aNewTicket(overrides: Partial<NewTicket> = {}): NewTicket {
  return {
    status: 'new',
    category: 'property',
    urgency: 'normal',
    community: '幸福里',
    groupId: 'r1@chatroom',
    dutyRoomId: 'duty@chatroom',
    text: '3号楼电梯坏了，困在里面的老人已经出来了',
    source: 'rules',
    confidence: 0.875,
    reporter: aReporter(),
    createdAt: T0,
    claimDueAt: at(30),
    dueAt: at(24 * 60),
    messageIds: ['m-1'],
    ...overrides,
  };
}

export function anEvent(overrides: Partial<TicketEvent> = {}): TicketEvent {
  return { type: 'created', actor: { id: 'wxid_resident_a', name: '王阿姨' }, at: T0, note: null, ...overrides };
}

export function aMessage(overrides: Partial<InboundMessage> = {}): InboundMessage {
  return {
    id: 'msg-1',
    roomId: 'r1@chatroom',
    senderId: 'wxid_resident_a',
    senderName: '王阿姨',
    text: '电梯坏了',
    kind: 'text',
    mentionsBot: false,
    mentions: [],
    quoted: null,
    at: T0,
    ...overrides,
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

/** A classifier's verdict: "not a request" unless told otherwise. */
export function aClassification(overrides: Partial<Classification> = {}): Classification {
  return {
    isRequest: false,
    requestConfidence: 0.1,
    category: 'other',
    categoryConfidence: 0.3,
    urgency: 'normal',
    urgencyConfidence: 0.9,
    source: 'model',
    urgentSignal: null,
    reason: 'test',
    llmCalled: false,
    nonRequestKind: null,
    ...overrides,
  };
}

/** A classifier that knows a few texts (by substring): what the real one would say, without loading the model. */
export function tableClassifier(table: Record<string, Partial<Classification>>): Classifier {
  return {
    classify: async ({ text }) => aClassification(Object.entries(table).find(([k]) => text.includes(k))?.[1] ?? {}),
  };
}

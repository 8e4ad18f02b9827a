// One context per message, built once by the router (as grammY's Context): the message, where it
// was said, who said it with their resolved role, a child logger, and the message's unit of work.
//
// The unit of work: a message changes state in at most one transaction, `ctx.transaction(work)`,
// and that transaction also stores what the bot will say and marks the message processed. So the
// effects of a message and "this message was handled" land together: after a crash a message is
// either done or not started, never half done. A message that changes nothing is marked by
// `finish()` after its handler returned (many rooms' such marks in one round trip when the router
// gives a ProcessedMarks). This file is the only place that marks messages.
import type { AppContext, Transact } from '../app-context.js';
import { transactionOn } from '../app-context.js';
import type { InboundMessage } from '../inbound-message.js';
import type { RoomInfo } from '../directory.js';
import type { Log } from '../ports/clock.js';
import type { PersonRole } from '../ports/registry.js';
import { replyTo } from '../notify.js';
import { contactOfPrivateChat } from '../ports/chat.js';
import { isGroupBindingCommand } from '../../domain/identity-grammar.js';
import type { InboundRepository } from '../ports/inbound.js';
import { WriteBatcher } from './batched-writes.js';

/** Where a message was said: a bound group's kind, a private chat, or (`binding`) a `绑定`/`解绑` command in any group. */
export type ChatKind = RoomInfo['kind'] | 'private' | 'binding';

export interface Sender {
  id: string;
  name: string;
  /** From the sender's id (never their name): what they may do here. */
  role: PersonRole;
}

/** What became of a message, kept on the stored message for audits (`ticket`, `not_request`, …). */
export interface Outcome {
  outcome: string;
  ticketNo: number | null;
}

export interface MessageContext<Room extends RoomInfo | null = RoomInfo | null> extends AppContext {
  readonly message: InboundMessage;
  /** Where it was said: a room's kind, or a private chat with the bot. */
  readonly chat: ChatKind;
  /** The group it was said in; null in a private chat. */
  readonly room: Room;
  readonly sender: Sender;
  /** Logs with `msgId` and `roomId` (add `ticketNo` with `log.child`). */
  readonly log: Log;
  /** Declares what became of the message; written with the unit of work (the last word wins). */
  done(outcome: string, ticketNo?: number | null): void;
  /** The message's unit of work: at most one committed transaction per message. */
  readonly transaction: Transact;
  /** Replies to the sender where they wrote, as the message's unit of work. */
  reply(text: string): Promise<void>;
}

/** A message said in one of the district's groups. */
export type GroupMessageContext = MessageContext<RoomInfo>;
/** A message said to the bot in a private chat. */
export type PrivateMessageContext = MessageContext<null>;

export interface MessageWork<Room extends RoomInfo | null = RoomInfo | null> {
  ctx: MessageContext<Room>;
  /** Whether the unit of work committed (then nothing of the message may run again). */
  committed(): boolean;
  /** What the message came to. */
  outcome(): Outcome;
  /** Marks the message processed if its handler committed nothing (a message that changes nothing). */
  finish(): Promise<void>;
}

/** Thrown when a handler tries a second transaction after its unit of work committed: a bug. */
export class SecondUnitOfWorkError extends Error {
  constructor() {
    super('a message may commit one unit of work: put everything it changes in one ctx.transaction()');
    this.name = 'SecondUnitOfWorkError';
  }
}

/**
 * The processed marks of messages that changed nothing, written for many rooms in one round trip
 * (src/app/pipeline/batched-writes.ts). Such a message has no unit of work: its mark is all.
 */
export class ProcessedMarks {
  private readonly batcher: WriteBatcher<{ id: string; outcome: string; ticketNo: number | null }, void>;

  constructor(inbound: InboundRepository) {
    this.batcher = new WriteBatcher(async (marks) => {
      await inbound.markProcessedMany(marks);
      return marks.map(() => undefined);
    });
  }

  mark(id: string, outcome: Outcome): Promise<void> {
    return this.batcher.run({ id, outcome: outcome.outcome, ticketNo: outcome.ticketNo });
  }
}

export function createMessageContext<Room extends RoomInfo | null>(
  app: AppContext,
  message: InboundMessage,
  where: { chat: ChatKind; room: Room; sender: Sender; log: Log },
  marks?: ProcessedMarks,
): MessageWork<Room> {
  let outcome: Outcome = { outcome: 'handled', ticketNo: null };
  let committed = false;
  const markProcessed = transactionOn(app.store, app.clock, () => app.afterCommit(), {
    beforeCommit: (tx) => tx.inbound.markProcessed(message.id, outcome.outcome, outcome.ticketNo),
    // The account that received the message answers it, while it can.
    via: () => message.accountId ?? (app.directory.botId || undefined),
  });
  const transaction: Transact = async (work) => {
    if (committed) throw new SecondUnitOfWorkError();
    const result = await markProcessed(work);
    committed = true;
    return result;
  };
  const ctx: MessageContext<Room> = {
    ...app,
    ...where,
    message,
    done(label, ticketNo = null) {
      outcome = { outcome: label, ticketNo };
    },
    transaction,
    // In a resident group, answers to one person are held together (flood control, src/app/notify.ts).
    reply: (text) => transaction(async (tx) => tx.say(replyTo(message, text, 0, { heldTogether: where.chat === 'resident' }))),
  };
  return {
    ctx,
    committed: () => committed,
    outcome: () => outcome,
    async finish() {
      if (committed) return;
      if (!marks) return void (await transaction(async () => undefined));
      await marks.mark(message.id, outcome);
      committed = true;
    },
  };
}

/** A message with its context, told apart by where it was said. */
export type AddressedMessage =
  | { chat: 'private'; work: MessageWork<null> }
  | { chat: RoomInfo['kind']; work: MessageWork<RoomInfo> }
  /** `绑定 …` / `解绑` in a group, bound (room set) or not (room null). */
  | { chat: 'binding'; work: MessageWork<RoomInfo | null> }
  /** A stored message from a group that is not (or no longer) bound. */
  | { chat: 'gone'; work: MessageWork<null> };

/**
 * Builds a message's context: where it was said, and the sender's role from the binding of their
 * contact id — never from their name. The snapshot of bindings is re-read first when the database
 * moved on (another process, or the console, changed who is who), so a removed person has no power
 * from the next message on.
 */
export async function openMessage(app: AppContext, message: InboundMessage, log: Log, marks?: ProcessedMarks): Promise<AddressedMessage> {
  const { directory } = app;
  await directory.refresh(app.store.identity);
  const bound = directory.person(message.senderId);
  // A bound person is called by their bound name: a nickname cannot pass as someone else's.
  const sender: Sender = { id: message.senderId, name: bound?.name ?? message.senderName, role: directory.roleOf(message.senderId) };
  if (contactOfPrivateChat(message.roomId)) {
    return { chat: 'private', work: createMessageContext(app, message, { chat: 'private', room: null, sender, log }, marks) };
  }
  const room = directory.room(message.roomId) ?? null;
  if (message.kind === 'text' && isGroupBindingCommand(message.text)) {
    return { chat: 'binding', work: createMessageContext<RoomInfo | null>(app, message, { chat: 'binding', room, sender, log }, marks) };
  }
  if (!room) return { chat: 'gone', work: createMessageContext(app, message, { chat: 'resident', room: null, sender, log }, marks) };
  return { chat: room.kind, work: createMessageContext(app, message, { chat: room.kind, room, sender, log }, marks) };
}

// The front door for every chat message: a chain of small named filters, durable recording,
// per-room ordering, then the handler for the room's kind. One error boundary per message.
import type { AppContext } from './app-context.js';
import { inTransaction, replyTo } from './app-context.js';
import type { InboundMessage } from './inbound-message.js';
import type { RoomInfo } from './directory.js';

/** What happened to a message, kept on the stored message for audits (`ticket`, `not_request`, …). */
export type Outcome = string | { outcome: string; ticketNo: number };
export type RoomHandler = (ctx: AppContext, msg: InboundMessage, room: RoomInfo) => Promise<Outcome>;

export interface RoomHandlers {
  resident: RoomHandler;
  duty: RoomHandler;
  leaders: RoomHandler;
}

type Filter = (ctx: AppContext, msg: InboundMessage) => string | null; // a reason to skip, or null

const ignoreSelf: Filter = (ctx, msg) => (msg.senderId === ctx.directory.botId ? 'own message' : null);
const ignoreStale: Filter = (ctx, msg) => {
  const ageMs = ctx.clock.now().getTime() - msg.at.getTime();
  return ageMs > ctx.config.intake.staleMinutes * 60_000 ? `stale (${Math.round(ageMs / 1000)} s old)` : null;
};
const onlyKnownRooms: Filter = (ctx, msg) => (ctx.directory.room(msg.roomId) ? null : 'not a Linli group');

const FILTERS: Array<[string, Filter]> = [
  ['ignoreSelf', ignoreSelf],
  ['ignoreStale', ignoreStale],
  ['onlyKnownRooms', onlyKnownRooms],
];

export class MessageRouter {
  private readonly chains = new Map<string, Promise<unknown>>();
  private pending = 0;

  constructor(
    private readonly ctx: AppContext,
    private readonly handlers: RoomHandlers,
  ) {}

  /** Number of messages accepted but not yet fully handled. */
  get inFlight(): number {
    return this.pending;
  }

  /** Handles one message after every earlier message of the same room; resolves when done. */
  receive(msg: InboundMessage): Promise<void> {
    this.pending++;
    const previous = this.chains.get(msg.roomId) ?? Promise.resolve();
    const next = previous.then(() => this.handle(msg)).finally(() => {
      this.pending--;
      if (this.chains.get(msg.roomId) === next) this.chains.delete(msg.roomId);
    });
    this.chains.set(msg.roomId, next);
    return next;
  }

  private async handle(msg: InboundMessage): Promise<void> {
    const log = this.ctx.log.child({ msgId: msg.id, roomId: msg.roomId });
    for (const [name, filter] of FILTERS) {
      const reason = filter(this.ctx, msg);
      if (reason) {
        log.debug({ filter: name, reason }, 'message skipped');
        return;
      }
    }
    const room = this.ctx.directory.room(msg.roomId)!;
    try {
      if (!(await this.ctx.store.inbound.record(msg))) {
        log.debug({ filter: 'ignoreRedelivered' }, 'message skipped: delivered before');
        return;
      }
    } catch (err) {
      log.error({ err }, 'could not store the message');
      throw err;
    }
    await this.process(msg, room, log);
  }

  /** Runs the handler for an already stored message (also used to catch up after a restart). */
  async process(msg: InboundMessage, room: RoomInfo, log = this.ctx.log.child({ msgId: msg.id, roomId: msg.roomId })): Promise<void> {
    const ctx = { ...this.ctx, log };
    let outcome: Outcome;
    try {
      outcome = await this.handlers[room.kind](ctx, msg, room);
    } catch (err) {
      log.error({ err, kind: room.kind }, 'handling a message failed');
      outcome = 'error';
      // Tell the person something useful rather than nothing: only where they gave a command.
      if (room.kind !== 'resident' || msg.mentionsBot) {
        await inTransaction(ctx, (tx) => tx.outbox.enqueue([replyTo(msg, ctx.texts.somethingWentWrong(), 99)], ctx.clock.now())).catch(
          (e) => log.error({ err: e }, 'could not even say sorry'),
        );
      }
    }
    const { outcome: label, ticketNo } = typeof outcome === 'string' ? { outcome, ticketNo: null } : outcome;
    log.debug({ outcome: label, ticketNo }, 'message handled');
    await this.ctx.store.inbound.markProcessed(msg.id, label, ticketNo).catch((err) => log.error({ err }, 'could not mark message processed'));
  }
}

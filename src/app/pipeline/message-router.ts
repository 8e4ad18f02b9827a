// The front door for every message, group and private alike: a chain of small named filters, the
// inbound queue (stored before handled, each room in order, outages ridden out), one context per
// message, the route for where it was said, and one error boundary.
import type { AppContext } from '../app-context.js';
import type { InboundMessage } from '../inbound-message.js';
import type { Log } from '../ports/clock.js';
import { contactOfPrivateChat } from '../ports/chat.js';
import { CommitOutcomeUnknownError, StoreUnavailableError } from '../ports/store.js';
import { DatabaseGate, GateClosedError, type DatabaseStatus } from './database-gate.js';
import { InboundQueue, type InboundSpool } from './inbound-queue.js';
import { openMessage, ProcessedMarks, type GroupMessageContext, type MessageContext, type MessageWork, type PrivateMessageContext } from './message-context.js';
import type { RoomInfo } from '../directory.js';
import { isGroupBindingCommand } from '../../domain/identity-grammar.js';

export type MessageHandler<Ctx extends MessageContext = MessageContext> = (ctx: Ctx) => Promise<void>;
/** Where a message was said decides who handles it. */
export interface Routes {
  resident: MessageHandler<GroupMessageContext>;
  duty: MessageHandler<GroupMessageContext>;
  leaders: MessageHandler<GroupMessageContext>;
  private: MessageHandler<PrivateMessageContext>;
  /** `绑定 …` / `解绑` in any group, bound or not (src/app/group-binding.ts). */
  binding: MessageHandler<MessageContext<RoomInfo | null>>;
}

export interface RouterOptions {
  /** Messages held in memory before new ones go to the spool. Default 2000. */
  maxBuffered?: number;
  /** Overflow file; without one the buffer just grows (tests, in-memory stores). */
  spool?: InboundSpool | null;
  /** Database availability; by default one probing `inbound.unprocessed(1)`. */
  gate?: DatabaseGate;
  /**
   * After the chat platform was offline: messages written since this instant are caught up even if
   * older than `intake.staleMinutes` (the puppet delivers them late). Null: no catch-up going on.
   */
  catchUpFrom?: () => Date | null;
}

export interface RouterStatus {
  database: DatabaseStatus;
  /** In memory, not yet fully handled. */
  buffered: number;
  /** In the spool file, not yet read back. */
  spooled: number;
}

/** A reason to skip the message, or null to take it in. */
type Filter = (app: AppContext, msg: InboundMessage, catchUpFrom: Date | null) => string | null;

const ignoreSelf: Filter = (app, msg) => (msg.senderId === app.directory.botId ? 'own message' : null);
const ignoreStale: Filter = (app, msg, catchUpFrom) => {
  const ageMs = app.clock.now().getTime() - msg.at.getTime();
  if (ageMs <= app.config.intake.staleMinutes * 60_000) return null;
  if (catchUpFrom && msg.at >= catchUpFrom) return null;
  return `stale (${Math.round(ageMs / 1000)} s old)`;
};
// A group that is not bound gets nothing from the bot beyond an answer to `绑定`: its chat is not
// even stored. (Bindings made by another process reach this process's snapshot within seconds.)
const onlyBoundRoomsOrPrivate: Filter = (app, msg) =>
  contactOfPrivateChat(msg.roomId) || app.directory.room(msg.roomId) || (msg.kind === 'text' && isGroupBindingCommand(msg.text))
    ? null
    : 'not a bound group';

// Run when a message arrives, not when its turn comes: one that waited out a database outage in
// the buffer was fresh when it arrived and must not be dropped as stale.
const FILTERS: Array<[string, Filter]> = [
  ['ignoreSelf', ignoreSelf],
  ['ignoreStale', ignoreStale],
  ['onlyBoundRoomsOrPrivate', onlyBoundRoomsOrPrivate],
];

export class MessageRouter {
  readonly gate: DatabaseGate;
  private readonly queue: InboundQueue;
  /** Marks of messages that changed nothing, many rooms' at a time. */
  private readonly marks: ProcessedMarks;

  constructor(
    private readonly app: AppContext,
    private readonly routes: Routes,
    private readonly options: RouterOptions = {},
  ) {
    this.gate = options.gate ?? new DatabaseGate({ probe: () => app.store.inbound.unprocessed(1), log: app.log });
    this.marks = new ProcessedMarks(app.store.inbound);
    this.queue = new InboundQueue({
      inbound: app.store.inbound,
      account: () => app.directory.botId || undefined,
      gate: this.gate,
      log: app.log,
      maxBuffered: options.maxBuffered,
      spool: options.spool,
      handle: (msg, log) => this.handle(msg, log),
    });
  }

  /** Messages accepted but not yet fully handled, the spooled ones included. */
  get inFlight(): number {
    return this.queue.inFlight;
  }

  status(): RouterStatus {
    return { database: this.gate.status(), buffered: this.queue.buffered, spooled: this.queue.spooled };
  }

  /** Takes up what the previous run left (stored-but-unprocessed, then the spool), then what arrived since. */
  start(limit?: number): Promise<{ resumed: number; spooled: number }> {
    return this.queue.start(limit);
  }

  /** Takes one message in; resolves once it was handled (or is safe in the spool). */
  receive(msg: InboundMessage): Promise<void> {
    const catchUpFrom = this.options.catchUpFrom?.() ?? null;
    for (const [name, filter] of FILTERS) {
      const reason = filter(this.app, msg, catchUpFrom);
      if (reason) {
        this.app.log.debug({ msgId: msg.id, roomId: msg.roomId, filter: name, reason }, 'message skipped');
        return Promise.resolve();
      }
    }
    return this.queue.push(msg);
  }

  /** Stops taking work: what the database has not taken yet goes to the spool. */
  stop(): { spooled: number } {
    return this.queue.stop();
  }

  idle(timeoutMs: number): Promise<void> {
    return this.queue.idle(timeoutMs);
  }

  /**
   * Handles one stored message: builds its context and runs its route. Work that failed because
   * the database went away, with nothing committed, is run again once it is back; anything else
   * that fails is logged, and the person is told something went wrong where they gave a command.
   */
  private async handle(msg: InboundMessage, log: Log): Promise<void> {
    for (;;) {
      await this.gate.ready();
      let opened: { work: MessageWork; run: () => Promise<void> };
      try {
        opened = await this.contextFor(msg, log);
      } catch (err) {
        // Reading who the sender is needs the database: an outage here waits like any other.
        if (err instanceof StoreUnavailableError) {
          log.warn({ err: err.message }, 'database unavailable while opening a message: will handle it again');
          this.gate.failed(err);
          continue;
        }
        throw err;
      }
      const { work, run } = opened;
      try {
        await run();
        await work.finish();
        log.debug(work.outcome(), 'message handled');
        this.app.telemetry.messageHandled(work.ctx.chat, work.outcome().outcome);
        return;
      } catch (err) {
        if (err instanceof GateClosedError) throw err;
        if (work.committed()) {
          log.error({ err, ...work.outcome() }, 'a message failed after its unit of work committed');
          return;
        }
        if (err instanceof CommitOutcomeUnknownError) {
          // Its unit of work carried the processed mark: the mark tells whether it landed.
          const landed = await this.queue.whenStoreIsUp(() => this.app.store.inbound.isProcessed(msg.id));
          log.warn({ committed: landed }, 'the connection dropped while committing: checked whether it landed');
          if (landed !== false) return; // it did, or nobody can tell: better not do it twice
          this.gate.failed(err.cause);
          continue;
        }
        if (err instanceof StoreUnavailableError) {
          log.warn({ err: err.message }, 'database unavailable while handling a message: will handle it again');
          this.gate.failed(err);
          continue;
        }
        log.error({ err, chat: work.ctx.chat }, 'handling a message failed');
        await this.queue.whenStoreIsUp(() => this.sayItWentWrong(msg, log));
        return;
      }
    }
  }

  /** Marks the failed message and, where the person gave a command, says sorry — one unit of work. */
  private async sayItWentWrong(msg: InboundMessage, log: Log): Promise<void> {
    const { ctx } = (await this.contextFor(msg, log)).work;
    ctx.done('error');
    if (ctx.chat !== 'resident' || msg.mentionsBot) await ctx.reply(ctx.texts.somethingWentWrong());
    else await ctx.transaction(async () => undefined);
    this.app.telemetry.messageHandled(ctx.chat, 'error');
  }

  /** The message's context, and its route run on it. */
  private async contextFor(msg: InboundMessage, log: Log): Promise<{ work: MessageWork; run: () => Promise<void> }> {
    const addressed = await openMessage(this.app, msg, log, this.marks);
    switch (addressed.chat) {
      case 'private':
        return { work: addressed.work, run: () => this.routes.private(addressed.work.ctx) };
      case 'binding':
        return { work: addressed.work as MessageWork, run: () => this.routes.binding(addressed.work.ctx) };
      case 'gone':
        // Only from the database or the spool: the group is no longer one of ours.
        return { work: addressed.work, run: async () => addressed.work.ctx.done('not_a_linli_group') };
      default:
        return { work: addressed.work, run: () => this.routes[addressed.chat](addressed.work.ctx) };
    }
  }
}

// wechaty-puppet-service's client as the bot uses it: the same puppet, plus
// - `connection` 'lost' when the gateway's event stream ends while the puppet runs (the client
//   itself does nothing then: the bot would sit "logged in" and deaf; PuppetConnectionKeeper
//   reconnects on it);
// - a bound on messages in flight: Wechaty starts loading every message the moment its event
//   arrives, so a backlog delivered at once (a reconnection, a flood) meant thousands of
//   half-loaded messages alive together and a heap of hundreds of megabytes. Past
//   `maxInFlight`, message events wait here as bare ids until the bot has dealt with earlier ones
//   (messageHandled(), called by the Wechaty adapter), or a slot times out;
// - no room-member lookup of a room id (room-member-dirty.ts), which would otherwise reach the
//   gateway and come back as an error on every room event;
// - a changed contact or room is read afresh: the client answers a 'dirty' event by deleting its
//   on-disk copy without waiting, while Wechaty reloads the payload at once — which could read
//   the old copy before the deletion landed and keep, say, a resident's old nickname for good.
//   Reads of a payload wait for its deletion here.
import { EventEmitter } from 'node:events';
import * as PUPPET from 'wechaty-puppet';
import { PuppetService } from 'wechaty-puppet-service';
import { isRoomId, roomIdContactPayload } from './room-member-dirty.js';

/** Messages handled at once; each is stored within milliseconds, so more would only queue deeper. */
const MAX_IN_FLIGHT = 32;
/** A message Wechaty never hands over (its payload could not be loaded) frees its slot after this. */
const SLOT_TIMEOUT_MS = 30_000;

export class LinliPuppetService extends PuppetService {
  /** Emits 'lost' (reason) when the event stream from the gateway ends unasked. */
  readonly connection = new EventEmitter();
  private closing = false;
  private readonly inFlight = new Map<string, NodeJS.Timeout>();
  private readonly waiting: Array<{ messageId: string }> = [];
  maxInFlight = MAX_IN_FLIGHT;
  private readonly emitNow: (event: string, ...args: unknown[]) => boolean;
  /** Deletions of changed payloads from the client's store, by `type:id`, until they land. */
  private readonly forgetting = new Map<string, Promise<unknown>>();

  constructor(options?: ConstructorParameters<typeof PuppetService>[0]) {
    super(options);
    // `emit` is an instance property of the puppet (a typed emitter), so it is wrapped, not overridden.
    this.emitNow = this.emit.bind(this) as (event: string, ...args: unknown[]) => boolean;
    (this as unknown as { emit: (event: string, ...args: unknown[]) => boolean }).emit = (event, ...args) => {
      if (event !== 'message') return this.emitNow(event, ...args);
      this.waiting.push(args[0] as { messageId: string });
      this.drain();
      return true;
    };
    // While logged out (reconnecting) nothing can be loaded: what was in flight is offered again
    // after the login, before what waits (the store takes a message once, whatever the repeats).
    this.on('logout', () => {
      const interrupted = [...this.inFlight.keys()].map((messageId) => ({ messageId }));
      for (const timer of this.inFlight.values()) clearTimeout(timer);
      this.inFlight.clear();
      this.waiting.unshift(...interrupted);
    });
    this.on('login', () => {
      setImmediate(() => this.drain());
    });
  }

  /** The bot is done with this message (handled, refused or failed): the next may come in. */
  messageHandled(id: string): void {
    const timer = this.inFlight.get(id);
    if (!timer) return;
    clearTimeout(timer);
    this.inFlight.delete(id);
    this.drain();
  }

  private drain(): void {
    while (this.waiting.length > 0 && this.inFlight.size < this.maxInFlight && this.isLoggedIn) this.admit(this.waiting.shift()!);
  }

  /** Message events waiting for a slot. */
  get backlog(): number {
    return this.waiting.length;
  }

  private admit(payload: { messageId: string }): void {
    const id = payload.messageId;
    if (!this.inFlight.has(id)) {
      const timer = setTimeout(() => this.messageHandled(id), SLOT_TIMEOUT_MS);
      timer.unref();
      this.inFlight.set(id, timer);
    }
    this.emitNow('message', payload);
  }

  override async onStart(): Promise<void> {
    this.closing = false;
    await super.onStart();
    const manager = this.grpcManager;
    let told = false;
    const lost = (reason: string) => {
      // A late word from a stream this puppet has already replaced is not news.
      if (this.closing || told || manager !== this._grpcManager) return;
      told = true;
      this.connection.emit('lost', reason);
    };
    manager.on('end', () => lost('the event stream from the gateway ended'));
    manager.on('error', (err: Error) => lost(`the event stream from the gateway failed: ${err.message}`));
  }

  override async onStop(): Promise<void> {
    this.closing = true;
    await super.onStop();
  }

  override onDirty(event: PUPPET.payloads.EventDirty): void {
    const { payloadType: type, payloadId: id } = event;
    const store = this.storeOf(type);
    if (store) {
      const key = `${type}:${id}`;
      const gone: Promise<unknown> = store
        .delete(id)
        .catch(() => undefined)
        .finally(() => {
          if (this.forgetting.get(key) === gone) this.forgetting.delete(key);
        });
      this.forgetting.set(key, gone);
    }
    super.onDirty(event);
  }

  private storeOf(type: PUPPET.types.Dirty): { delete(id: string): Promise<unknown> } | undefined {
    const stores = this._payloadStore;
    if (type === PUPPET.types.Dirty.Contact) return stores.contact;
    if (type === PUPPET.types.Dirty.Room) return stores.room;
    if (type === PUPPET.types.Dirty.RoomMember) return stores.roomMember;
    return undefined;
  }

  /** Waits until a changed payload's old copy is gone from the store. */
  private async forgotten(type: PUPPET.types.Dirty, id: string): Promise<void> {
    await this.forgetting.get(`${type}:${id}`);
  }

  override async contactRawPayload(id: string): Promise<PUPPET.payloads.Contact> {
    if (isRoomId(id)) return roomIdContactPayload(id);
    await this.forgotten(PUPPET.types.Dirty.Contact, id);
    return super.contactRawPayload(id);
  }

  override async roomRawPayload(id: string): Promise<PUPPET.payloads.Room> {
    await this.forgotten(PUPPET.types.Dirty.Room, id);
    return super.roomRawPayload(id);
  }

  override async roomMemberRawPayload(roomId: string, contactId: string): Promise<PUPPET.payloads.RoomMember> {
    await this.forgotten(PUPPET.types.Dirty.RoomMember, roomId);
    return super.roomMemberRawPayload(roomId, contactId);
  }
}

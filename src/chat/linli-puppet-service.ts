// wechaty-puppet-service's client as the bot uses it: the same puppet, plus
// - `connection` 'lost' when the gateway's event stream ends while the puppet runs (the client
//   itself does nothing then: the bot would sit "logged in" and deaf; PuppetConnectionKeeper
//   reconnects on it), and
// - no room-member lookup of a room id (room-member-dirty.ts), which would otherwise reach the
//   gateway and come back as an error on every room event.
import { EventEmitter } from 'node:events';
import type * as PUPPET from 'wechaty-puppet';
import { PuppetService } from 'wechaty-puppet-service';
import { isRoomId, roomIdContactPayload } from './room-member-dirty.js';

export class LinliPuppetService extends PuppetService {
  /** Emits 'lost' (reason) when the event stream from the gateway ends unasked. */
  readonly connection = new EventEmitter();
  private closing = false;

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

  override async contactRawPayload(id: string): Promise<PUPPET.payloads.Contact> {
    if (isRoomId(id)) return roomIdContactPayload(id);
    return super.contactRawPayload(id);
  }
}

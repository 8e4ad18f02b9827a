// wechaty-puppet-service's client as the bot uses it: the same puppet, minus Wechaty 1.20's
// room-member lookup of a room id (room-member-dirty.ts), which would otherwise reach the gateway
// and come back as an error on every room event.
import type * as PUPPET from 'wechaty-puppet';
import { PuppetService } from 'wechaty-puppet-service';
import { isRoomId, roomIdContactPayload } from './room-member-dirty.js';

export class LinliPuppetService extends PuppetService {
  override async contactRawPayload(id: string): Promise<PUPPET.payloads.Contact> {
    if (isRoomId(id)) return roomIdContactPayload(id);
    return super.contactRawPayload(id);
  }
}

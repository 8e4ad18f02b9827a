// Wechaty 1.20 answers a room-member "dirty" event — whose id is a room id — by loading a
// *contact* with that id (the 'dirty' case in wechaty-mixins/puppet-mixin.ts), which fails and is
// reported as a Wechaty error on every room-join, room-topic and room sync. Room ids end in
// "@chatroom" and contact ids never do, so the bot's own puppet answers that lookup with an empty
// contact instead of asking WeChat (or the gateway) for something that cannot exist.
import * as PUPPET from 'wechaty-puppet';

export function isRoomId(id: string): boolean {
  return id.endsWith('@chatroom');
}

/** What the bot's puppet returns for a contact lookup of a room id. */
export function roomIdContactPayload(id: string): PUPPET.payloads.Contact {
  return { id, name: '', avatar: '', gender: PUPPET.types.ContactGender.Unknown, phone: [], type: PUPPET.types.Contact.Unknown };
}

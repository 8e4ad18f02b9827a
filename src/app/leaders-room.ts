// Leaders groups: `日报` sends the digest now. Everything else there is conversation.
import { inTransaction, type AppContext } from './app-context.js';
import type { InboundMessage } from './inbound-message.js';
import type { RoomInfo } from './directory.js';
import type { Outcome } from './router.js';

export type DigestSender = (ctx: AppContext, roomId: string, requestId: string) => Promise<void>;

export function leadersRoomHandler(sendDigest: DigestSender) {
  return async (ctx: AppContext, msg: InboundMessage, room: RoomInfo): Promise<Outcome> => {
    if (!/^\s*(日报|今日日报|发日报)\s*$/.test(msg.text)) return 'chat';
    if (ctx.directory.roleOf({ id: msg.senderId, name: msg.senderName }, room.id) === 'resident') {
      await inTransaction(ctx, (tx) =>
        tx.outbox.enqueue([{ roomId: room.id, text: ctx.texts.staffOnly(), mentionIds: [msg.senderId], dedupeKey: `reply:${msg.id}` }], ctx.clock.now()),
      );
      return 'refused_not_leader';
    }
    await sendDigest(ctx, room.id, msg.id);
    return 'digest_on_demand';
  };
}

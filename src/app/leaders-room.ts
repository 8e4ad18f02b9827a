// Leaders groups: `日报` sends the digest now. Everything else there is conversation.
import type { GroupMessageContext } from './pipeline/message-context.js';
import { sendDigest } from './digest.js';

export async function handleLeadersMessage(ctx: GroupMessageContext): Promise<void> {
  if (!/^\s*(日报|今日日报|发日报)\s*$/.test(ctx.message.text)) return ctx.done('chat');
  // A leader or admin by the binding of their contact id: a name, or a seat in this group, is not enough.
  if (ctx.sender.role !== 'leader' && ctx.sender.role !== 'admin') {
    ctx.done('refused_not_leader');
    return ctx.reply(ctx.texts.staffOnly());
  }
  ctx.done('digest_on_demand');
  await sendDigest(ctx, ctx.room.id, ctx.message.id);
}

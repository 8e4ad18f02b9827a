// The only module that talks to Wechaty: turns its messages into InboundMessage, keeps the
// directory in step with the groups the bot sits in, and sends outbox items.
import { FileBox } from 'file-box';
import { types, type Wechaty } from 'wechaty';
import type { ContactInterface, MessageInterface, RoomInterface } from 'wechaty/impls';
import type { InboundMessage, MessageKind } from '../app/inbound-message.js';
import type { Directory } from '../app/directory.js';
import { ChatSendError, type ChatPort, type Clock, type Log, type OutboxItem, type RegistryRepository } from '../app/ports.js';
import type { MessageRouter } from '../app/router.js';
import { splitQuotedReply } from './quoted-reply.js';

const KIND_BY_TYPE: Partial<Record<types.Message, MessageKind>> = {
  [types.Message.Text]: 'text',
  [types.Message.Image]: 'image',
  [types.Message.Audio]: 'voice',
  [types.Message.Video]: 'video',
  [types.Message.Attachment]: 'file',
  [types.Message.Url]: 'link',
  [types.Message.MiniProgram]: 'mini_program',
  [types.Message.RedEnvelope]: 'red_packet',
  [types.Message.Transfer]: 'red_packet',
  [types.Message.Emoticon]: 'emoticon',
  [types.Message.Recalled]: 'recalled',
  [types.Message.GroupNote]: 'system',
};

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Converts a Wechaty room message; null for private chats (not handled here). */
export async function toInbound(message: MessageInterface, bot: { id: string; name: string }): Promise<InboundMessage | null> {
  const room = message.room();
  if (!room) return null;
  const talker = message.talker();
  const kind = KIND_BY_TYPE[message.type()] ?? 'other';
  const raw = kind === 'text' ? message.text() : '';
  const [mentionsBot, mentionList, alias] = await Promise.all([
    message.mentionSelf().catch(() => false),
    message.mentionList().catch(() => [] as ContactInterface[]),
    room.alias(talker).catch(() => undefined),
  ]);
  const { quoted, text } = splitQuotedReply(raw);
  // The bot's own @name is addressing, not content: drop it so "@邻里小助手 电梯坏了" reads as the report.
  const withoutBotName = text.replace(new RegExp(`@${escapeRegex(bot.name)}[\\s\\u2005]*`, 'g'), '').trim();
  return {
    id: message.id,
    roomId: room.id,
    senderId: talker.id,
    senderName: alias || talker.name() || talker.id,
    text: withoutBotName,
    kind,
    mentionsBot: mentionsBot || text.includes(`@${bot.name}`),
    mentions: mentionList.filter((c) => c.id !== bot.id).map((c) => ({ id: c.id, name: c.name() })),
    quoted,
    at: message.date(),
  };
}

export interface WechatyAdapterDeps {
  bot: Wechaty;
  directory: Directory;
  registry: RegistryRepository;
  router: MessageRouter;
  clock: Clock;
  log: Log;
  /** Called when a message event has been fully dealt with (sandbox settle bookkeeping). */
  onHandled?: (messageId: string) => void;
}

export class WechatyAdapter implements ChatPort {
  constructor(private readonly deps: WechatyAdapterDeps) {}

  /** Subscribes to the bot's events. Call before `bot.start()`. */
  attach(): void {
    const { bot, log } = this.deps;
    bot.on('login', (user) => {
      log.info({ user: user.name() }, 'logged in to WeChat');
      this.syncRooms().catch((err) => log.error({ err }, 'could not list the groups'));
    });
    bot.on('logout', (user, reason) => log.warn({ user: user.name(), reason }, 'logged out of WeChat'));
    bot.on('error', (err) => log.error({ err }, 'wechaty error'));
    bot.on('room-topic', (room) => void this.registerRoom(room));
    bot.on('room-join', (room, invitees) => {
      if (invitees.some((c) => c.id === bot.currentUser.id)) void this.registerRoom(room);
    });
    bot.on('message', (message) => void this.onMessage(message));
  }

  private async onMessage(message: MessageInterface): Promise<void> {
    const { bot, router, log } = this.deps;
    try {
      if (message.self()) return;
      const inbound = await toInbound(message, { id: bot.currentUser.id, name: bot.currentUser.name() });
      if (!inbound) return;
      if (!this.deps.directory.room(inbound.roomId)) {
        const room = message.room();
        if (room) await this.registerRoom(room);
      }
      await router.receive(inbound);
    } catch (err) {
      log.error({ err, msgId: message.id }, 'could not take in a message');
    } finally {
      this.deps.onHandled?.(message.id);
    }
  }

  async syncRooms(): Promise<void> {
    const rooms = await this.deps.bot.Room.findAll();
    await Promise.all(rooms.map((r) => this.registerRoom(r)));
    this.deps.log.info({ rooms: this.deps.directory.allRooms().length, seen: rooms.length }, 'groups matched to the district');
  }

  private async registerRoom(room: RoomInterface): Promise<void> {
    try {
      const topic = await room.topic();
      const info = this.deps.directory.registerRoom({ id: room.id, topic });
      if (info) await this.deps.registry.upsertRoom(info, this.deps.clock.now());
    } catch (err) {
      this.deps.log.warn({ err, roomId: room.id }, 'could not register a group');
    }
  }

  /** ChatPort: says an outbox item in its room. */
  async send(item: OutboxItem): Promise<void> {
    const { bot } = this.deps;
    let room: RoomInterface | undefined;
    try {
      room = await bot.Room.find({ id: item.roomId });
    } catch (err) {
      throw new ChatSendError(`looking up room failed: ${(err as Error).message}`);
    }
    if (!room) throw new ChatSendError(`the bot is not in room ${item.roomId}`, false);
    try {
      if (item.imagePngBase64) {
        await room.say(FileBox.fromBase64(item.imagePngBase64, 'linli.png'));
        return;
      }
      const contacts = (await Promise.all(item.mentionIds.map((id) => bot.Contact.find({ id })))).filter(
        (c): c is ContactInterface => Boolean(c),
      );
      await room.say(item.text, ...contacts);
    } catch (err) {
      throw new ChatSendError(`sending failed: ${(err as Error).message}`);
    }
  }
}

// Wechaty at the edge (only src/chat/ imports it): turns its messages into InboundMessage, keeps
// the directory in step with the groups the bot sits in, and sends outbox items.
import { FileBox } from 'file-box';
import { types, type Wechaty } from 'wechaty';
import type { ContactInterface, MessageInterface, RoomInterface } from 'wechaty/impls';
import type { InboundMessage, MessageKind } from '../app/inbound-message.js';
import type { Directory } from '../app/directory.js';
import { ChatSendError, contactOfPrivateChat, privateChatId, type ChatPort } from '../app/ports/chat.js';
import type { Clock, Log } from '../app/ports/clock.js';
import type { OutboxItem } from '../app/ports/outbox.js';
import { splitQuotedReply } from './quoted-reply.js';
import { stripFormatChars } from '../domain/format-chars.js';
import type { RemarkedContact } from '../app/remarks.js';
import { imageMime } from './image-mime.js';

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

/** A private (one-to-one) message to the bot, addressed as `dm:<contactId>` in `roomId`. */
export async function privateToInbound(message: MessageInterface): Promise<InboundMessage> {
  const talker = message.talker();
  const kind = KIND_BY_TYPE[message.type()] ?? 'other';
  return {
    id: message.id,
    roomId: privateChatId(talker.id),
    senderId: talker.id,
    senderName: stripFormatChars(talker.name()) || talker.id,
    text: kind === 'text' ? stripFormatChars(message.text()).trim() : '',
    kind,
    mentionsBot: true,
    mentions: [],
    quoted: null,
    at: message.date(),
  };
}

/** Converts a Wechaty room message; null for private chats (see privateToInbound). */
export async function toInbound(message: MessageInterface, bot: { id: string; name: string }): Promise<InboundMessage | null> {
  const room = message.room();
  if (!room) return null;
  const talker = message.talker();
  const kind = KIND_BY_TYPE[message.type()] ?? 'other';
  // Invisible format characters go before anything reads the text (src/domain/format-chars.ts).
  const raw = kind === 'text' ? stripFormatChars(message.text()) : '';
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
    senderName: stripFormatChars(alias || talker.name()) || talker.id,
    text: withoutBotName,
    kind,
    mentionsBot: mentionsBot || text.includes(`@${bot.name}`),
    mentions: mentionList.filter((c) => c.id !== bot.id).map((c) => ({ id: c.id, name: stripFormatChars(c.name()) })),
    quoted,
    at: message.date(),
    image: kind === 'image' ? await downloadImage(message) : null,
  };
}

/** Photos bigger than this are not kept (a WeChat photo is usually 100 KB – 2 MB). */
const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

async function downloadImage(message: MessageInterface): Promise<{ base64: string; mime: string } | null> {
  try {
    const box = await message.toFileBox();
    if (box.size > MAX_IMAGE_BYTES) return null;
    const base64 = await box.toBase64();
    if (base64.length * 0.75 > MAX_IMAGE_BYTES) return null;
    return { base64, mime: imageMime(base64) };
  } catch {
    return null; // the picture could not be fetched: the message still counts, without it
  }
}

export interface WechatyAdapterDeps {
  bot: Wechaty;
  directory: Directory;
  clock: Clock;
  log: Log;
}


/** Who hears what the adapter receives. */
export interface ChatListeners {
  /** Every message from a group or a private chat, as the app sees it. */
  receive(message: InboundMessage): Promise<void>;
  /** A message event has been fully dealt with (sandbox settle bookkeeping). */
  handled?(messageId: string): void;
  /** Logged in to WeChat (the first time, or again after a logout / disconnect). */
  login?(): void;
  /** Logged out or disconnected: nothing can be sent until the next login. */
  logout?(reason: string): void;
  /**
   * The bot sees itself in a group with this topic (at login, when added, when someone renames the
   * group — `changer` — or a message comes from a group not seen yet).
   */
  roomSeen?(room: { id: string; topic: string }, changer: { id: string; name: string } | null): Promise<void>;
  /** The bot was removed from a group. */
  roomLeft?(roomId: string): Promise<void>;
  /** Every group the bot is in, as a scan at login found them (after `roomSeen` for each). */
  roomsListed?(roomIds: string[]): Promise<void>;
  /** After a login (and once the contact list is ready): the contacts whose remark starts with `remarkPrefix`. */
  remarkedContacts?(contacts: RemarkedContact[]): Promise<void>;
  /** The remark prefix `remarkedContacts` is about. */
  remarkPrefix?: string;
}

export class WechatyAdapter implements ChatPort {
  private listeners: ChatListeners | null = null;

  constructor(private readonly deps: WechatyAdapterDeps) {}

  /** Subscribes to the bot's events. Call before `bot.start()`. */
  attach(listeners: ChatListeners): void {
    const { bot, log } = this.deps;
    this.listeners = listeners;
    bot.on('login', (user) => {
      log.info({ user: user.name() }, 'logged in to WeChat');
      this.syncRooms().catch((err) => log.error({ err }, 'could not list the groups'));
      void this.findRemarked();
      listeners.login?.();
    });
    // Puppets that load the contact list after the login (wechat4u) say so with `ready`.
    bot.on('ready', () => void this.findRemarked());
    bot.on('logout', (user, reason) => {
      log.warn({ user: user.name(), reason }, 'logged out of WeChat');
      listeners.logout?.(String(reason ?? 'logout'));
    });
    // Wechaty's errors are wechat-login.ts's: one rate-limited line per kind, no stacks.
    bot.on('room-topic', (room, topic, _old, changer) => void this.registerRoom(room, topic, changer ? { id: changer.id, name: changer.name() } : null));
    bot.on('room-join', (room, invitees) => {
      if (invitees.some((c) => c.id === bot.currentUser.id)) void this.registerRoom(room);
    });
    bot.on('room-leave', (room, leavers) => {
      if (leavers.some((c) => c.id === bot.currentUser.id)) void listeners.roomLeft?.(room.id).catch((err) => log.warn({ err, roomId: room.id }, 'could not record leaving a group'));
    });
    bot.on('message', (message) => void this.onMessage(message));
  }

  private async onMessage(message: MessageInterface): Promise<void> {
    const { bot, log } = this.deps;
    const listeners = this.listeners;
    if (!listeners) return;
    try {
      if (message.self()) return;
      const room = message.room();
      // Which account received it (several may sit in one group): it handles it if it stores it first.
      const accountId = bot.currentUser.id;
      if (!room) return await listeners.receive({ ...(await privateToInbound(message)), accountId });
      const inbound = await toInbound(message, { id: accountId, name: bot.currentUser.name() });
      if (!inbound) return;
      if (!this.deps.directory.roomRecord(inbound.roomId)) await this.registerRoom(room);
      await listeners.receive({ ...inbound, accountId });
    } catch (err) {
      log.error({ err, msgId: message.id }, 'could not take in a message');
    } finally {
      // A puppet that bounds the messages in flight (LinliPuppetService) may let the next one in.
      (bot.puppet as { messageHandled?: (id: string) => void }).messageHandled?.(message.id);
      listeners.handled?.(message.id);
    }
  }

  async syncRooms(): Promise<void> {
    const rooms = await this.deps.bot.Room.findAll();
    for (const room of rooms) await this.registerRoom(room);
    await this.listeners?.roomsListed?.(rooms.map((r) => r.id));
    const bound = rooms.filter((r) => this.deps.directory.room(r.id)).length;
    this.deps.log.info({ bound, unbound: rooms.length - bound }, 'groups the bot is in');
  }

  private async registerRoom(room: RoomInterface, knownTopic?: string, changer: { id: string; name: string } | null = null): Promise<void> {
    try {
      const topic = knownTopic ?? (await room.topic());
      await this.listeners?.roomSeen?.({ id: room.id, topic }, changer);
    } catch (err) {
      this.deps.log.warn({ err, roomId: room.id }, 'could not register a group');
    }
  }

  /** Hands the contacts carrying the bot's remarks to the listener (after a login: their ids may be new). */
  private async findRemarked(): Promise<void> {
    const listeners = this.listeners;
    if (!listeners?.remarkedContacts || !listeners.remarkPrefix) return;
    try {
      const prefix = listeners.remarkPrefix;
      const found = await this.deps.bot.Contact.findAll({ alias: new RegExp(`^${escapeRegex(prefix)}`) });
      const contacts: RemarkedContact[] = [];
      for (const c of found) {
        const remark = await c.alias();
        if (remark?.startsWith(prefix)) contacts.push({ id: c.id, name: c.name(), remark });
      }
      await listeners.remarkedContacts(contacts);
    } catch (err) {
      this.deps.log.warn({ err }, 'could not match remarked contacts to their bindings');
    }
  }

  /** ChatPort: sets the remark (备注) on a contact. */
  async setRemark(contactId: string, remark: string): Promise<void> {
    const contact = await this.deps.bot.Contact.find({ id: contactId });
    if (!contact) throw new ChatSendError(`no contact ${contactId}`, false);
    try {
      await contact.alias(remark);
    } catch (err) {
      throw new ChatSendError(`setting a remark failed: ${(err as Error).message}`);
    }
  }

  /** Does this contact sit in this group? */
  async isMember(roomId: string, contactId: string): Promise<boolean> {
    const [room, contact] = await Promise.all([this.deps.bot.Room.find({ id: roomId }), this.deps.bot.Contact.find({ id: contactId })]);
    return room && contact ? room.has(contact) : false;
  }

  /** Says an outbox item addressed to a private chat (`dm:<contactId>`). */
  private async sendPrivate(contactId: string, item: OutboxItem): Promise<void> {
    let contact: ContactInterface | undefined;
    try {
      contact = await this.deps.bot.Contact.find({ id: contactId });
    } catch (err) {
      throw new ChatSendError(`looking up contact failed: ${(err as Error).message}`);
    }
    if (!contact) throw new ChatSendError(`no contact ${contactId}`, false);
    try {
      await contact.say(item.imagePngBase64 ? FileBox.fromBase64(item.imagePngBase64, 'linli.png') : item.text);
    } catch (err) {
      throw new ChatSendError(`sending failed: ${(err as Error).message}`);
    }
  }

  /** ChatPort: says an outbox item in its room (or private chat). */
  async send(item: OutboxItem): Promise<void> {
    const { bot } = this.deps;
    // Logged out (or disconnected): retry later rather than let the puppet fail in its own way.
    if (!bot.isLoggedIn) throw new ChatSendError('not logged in to WeChat');
    const contactId = contactOfPrivateChat(item.roomId);
    if (contactId) return this.sendPrivate(contactId, item);
    let room: RoomInterface | undefined;
    try {
      room = await bot.Room.find({ id: item.roomId });
    } catch (err) {
      throw new ChatSendError(`looking up room failed: ${(err as Error).message}`);
    }
    if (!room) throw new ChatSendError(`the bot is not in room ${item.roomId}`, false);
    try {
      if (item.imagePngBase64) {
        const ext = imageMime(item.imagePngBase64) === 'image/jpeg' ? 'jpg' : 'png';
        await room.say(FileBox.fromBase64(item.imagePngBase64, `linli.${ext}`));
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

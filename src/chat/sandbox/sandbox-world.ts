// The simulated district on the Wechaty mock puppet: people, groups and the bot from
// config/sandbox.yaml, a way to speak as anyone, and the transcript of every group.
import { PuppetMock, mock } from 'wechaty-puppet-mock';
import * as PUPPET from 'wechaty-puppet';
import { FileBox } from 'file-box';
import type { SandboxConfig } from '../../config/sandbox-config.js';
import type { Directory } from '../../app/directory.js';
import { contactOfPrivateChat, privateChatId } from '../../app/ports/chat.js';
import type { Clock } from '../../app/ports/clock.js';
import type { PersonRole } from '../../app/ports/registry.js';

/** 16×16 PNG standing in for a resident's photo in the sandbox. */
export const SAMPLE_PHOTO_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAABv0lEQVR4nAXBoRJFQAAAQF8sCUa6ZATBSJfMhheMdMkIgpEuiqIo+oS3W9RykDt5kKNMnuUkb/IhZ/mSb/mRX/mTi9oZnJ1zcEYn5+xMzs15OLPzct7Ox/k6P2dR24O9sw/2aGef7cm+2Q97tl/22/7YX/tnL2prsHbWwRqtrLM1WTfrYc3Wy3pbH+tr/axFLQWpkwYpSqRZStImHVKWLumWHumVPqmoLcHSWQZLtLDMlmTZLIclWy7LbXksr+WzFLVf8Ov8Br/ox2/2S36b3+GX/S6/2+/xe/0+v6I2BVNnGkzRxDSbkmkzHaZsuky36TG9ps9U1GIQO3EQo0icxSRu4iFm8RJv8RFf8ROL2hiMnXEwRiPjbEzGzXgYs/Ey3sbH+Bo/Y1Hrg77TD/qop5/1Sb/pD33WX/pb/+hf/acvam3QdtpBG7W0szZpN+2hzdpLe2sf7av9tEUtBKETBiEKhFlIwiYcQhYu4RYe4RU+oag1QdNpBk3U0MyapNk0hyZrLs2teTSv5tMUtSqoOtWgiiqqWZVUm+pQZdWlulWP6lV9qqJWBmWnHJRRSTkrk3JTHsqsvJS38lG+yk/5B6tE7xC6z5bdAAAAAElFTkSuQmCC';

export interface TranscriptEntry {
  id: string;
  from: string;
  fromName: string;
  text: string;
  type: 'text' | 'image' | SandboxMessageType;
  at: string;
}

/**
 * Extension: the kinds of message a sandbox post may be (default text). Each becomes the Wechaty
 * message type a real puppet delivers for it; `text` then stands for its title or payload.
 */
export const SANDBOX_MESSAGE_TYPES = {
  text: PUPPET.types.Message.Text,
  image: PUPPET.types.Message.Image,
  voice: PUPPET.types.Message.Audio,
  video: PUPPET.types.Message.Video,
  file: PUPPET.types.Message.Attachment,
  link: PUPPET.types.Message.Url,
  mini_program: PUPPET.types.Message.MiniProgram,
  red_packet: PUPPET.types.Message.RedEnvelope,
  transfer: PUPPET.types.Message.Transfer,
  emoticon: PUPPET.types.Message.Emoticon,
  recalled: PUPPET.types.Message.Recalled,
  system: PUPPET.types.Message.GroupNote,
  contact_card: PUPPET.types.Message.Contact,
  location: PUPPET.types.Message.Location,
  chat_history: PUPPET.types.Message.ChatHistory,
  other: PUPPET.types.Message.Unknown,
} as const;
export type SandboxMessageType = keyof typeof SANDBOX_MESSAGE_TYPES;

export interface SandboxRoomView {
  id: string;
  topic: string;
  /** Null for a group that is not bound. */
  kind: 'resident' | 'duty' | 'leaders' | null;
  community: string | null;
  members: Array<{ id: string; name: string; role: 'resident' | 'staff' | 'leader' | 'bot' }>;
}

/** Something was said somewhere: `chat` is a room id, or `dm:<contactId>` for a private chat with the bot. */
export interface SandboxChatEvent {
  chat: string;
  message: TranscriptEntry;
}

export interface SandboxPersonView {
  id: string;
  name: string;
  role: 'resident' | 'staff' | 'leader';
  communities: string[];
}

export class SandboxError extends Error {
  constructor(
    readonly status: 400 | 404,
    message: string,
  ) {
    super(message);
  }
}

export class SandboxWorld {
  readonly mocker = new mock.Mocker();
  readonly puppet = new PuppetMock({ mocker: this.mocker });
  private readonly names = new Map<string, string>();
  private readonly rooms = new Map<string, { id: string; topic: string; members: string[] }>();
  private readonly transcripts = new Map<string, TranscriptEntry[]>();
  private readonly seenIds = new Map<string, { roomId: string }>();
  /** Private chats with the bot, by the person's contact id. */
  private readonly privateChats = new Map<string, TranscriptEntry[]>();
  private readonly listeners = new Set<(event: SandboxChatEvent) => void>();
  private seq = 0;

  constructor(
    readonly config: SandboxConfig,
    private readonly clock: Clock,
  ) {
    const bot = this.mocker.createContact({ id: config.bot.id, name: config.bot.name });
    this.names.set(config.bot.id, config.bot.name);
    for (const p of config.people) {
      this.mocker.createContact({ id: p.id, name: p.name });
      this.names.set(p.id, p.name);
    }
    const allRooms = [
      ...config.communities.flatMap((c) => [...c.residentGroups, c.dutyGroup]),
      config.leadersGroup,
    ];
    for (const r of allRooms) {
      const memberIdList = [config.bot.id, ...r.members];
      this.mocker.createRoom({ id: r.id, topic: r.topic, memberIdList, ownerId: r.members[0] });
      this.rooms.set(r.id, { id: r.id, topic: r.topic, members: memberIdList });
      this.transcripts.set(r.id, []);
    }
    this.botContact = bot;
  }

  private readonly botContact: ReturnType<mock.Mocker['createContact']>;

  /** Logs the bot in; call after the Wechaty instance has started. */
  login(): void {
    this.mocker.login(this.botContact);
  }

  roomViews(directory: Directory): SandboxRoomView[] {
    return [...this.rooms.values()].map((r) => {
      const info = directory.room(r.id);
      return {
        id: r.id,
        topic: r.topic,
        kind: info?.kind ?? null,
        community: info?.community ?? null,
        members: r.members.map((id) => {
          const name = this.names.get(id) ?? id;
          return { id, name, role: toApiRole(directory.roleOf(id)) };
        }),
      };
    });
  }

  /**
   * Someone says something in a group. With an `id` used before, the same message is delivered
   * again, as a real puppet does after a reconnect.
   */
  post(input: { roomId: string; from: string; text: string; mentionBot?: boolean; id?: string; type?: SandboxMessageType; mentions?: string[] }): string {
    const room = this.rooms.get(input.roomId);
    if (!room) throw new SandboxError(404, `no room ${input.roomId}`);
    if (input.id && this.seenIds.has(input.id)) {
      this.deliver(input.id);
      return input.id;
    }
    if (!room.members.includes(input.from) || input.from === this.config.bot.id) {
      throw new SandboxError(400, `${input.from} is not a member of ${input.roomId}`);
    }
    const id = input.id ?? this.newMessageId();
    const now = this.clock.now();
    const image = input.type === 'image' || (!input.type && /^\[(图片|image)\]$/i.test(input.text.trim()));
    const kind: SandboxMessageType = image ? 'image' : (input.type ?? 'text');
    const payload = {
      id,
      talkerId: input.from,
      roomId: input.roomId,
      timestamp: now.getTime(),
      type: SANDBOX_MESSAGE_TYPES[kind],
      text: image ? undefined : input.text,
      mentionIdList: [...(input.mentionBot ? [this.config.bot.id] : []), ...(input.mentions ?? [])],
    } as PUPPET.payloads.Message;
    this.mocker.MessageMock.create(payload);
    // A resident's "photo": a small picture the bot can download like a real one.
    if (image) this.mocker.cacheFileBoxPayload.set(id, FileBox.fromBase64(SAMPLE_PHOTO_PNG, 'photo.png').toJSON());
    this.seenIds.set(id, { roomId: input.roomId });
    this.record(input.roomId, {
      id,
      from: input.from,
      fromName: this.names.get(input.from) ?? input.from,
      text: input.mentionBot ? `@${this.config.bot.name} ${input.text}` : input.text,
      type: kind,
      at: now.toISOString(),
    });
    this.deliver(id);
    return id;
  }

  private loggedOut = false;
  private readonly held: string[] = [];

  /** Hands a message to the bot, or holds it while the bot is logged out (as WeChat does). */
  private deliver(id: string): void {
    if (this.loggedOut) this.held.push(id);
    else this.mocker.puppet.emit('message', { messageId: id });
  }

  /** Extension: the message is held until the bot logs in again. */
  isHeld(id: string): boolean {
    return this.held.includes(id);
  }

  get isLoggedOut(): boolean {
    return this.loggedOut;
  }

  /** Extension: the bot is logged out (as when WeChat drops the session or the network goes). */
  async logout(reason = 'sandbox: logged out'): Promise<void> {
    if (this.loggedOut) return;
    this.loggedOut = true;
    await this.puppet.logout(reason);
  }

  /**
   * Extension: the bot logs in again and the messages held meanwhile are delivered, in order, with
   * their original times. `onRelease` is told each id just before it is delivered.
   */
  relogin(onRelease?: (id: string) => void): string[] {
    if (!this.loggedOut) return [];
    this.loggedOut = false;
    this.mocker.login(this.botContact);
    const ids = this.held.splice(0);
    for (const id of ids) {
      onRelease?.(id);
      this.mocker.puppet.emit('message', { messageId: id });
    }
    return ids;
  }

  /** Someone writes to the bot in a private chat (re-delivery by `id` as for groups). */
  postPrivate(input: { from: string; text: string; id?: string }): string {
    if (input.id && this.seenIds.has(input.id)) {
      this.mocker.puppet.emit('message', { messageId: input.id });
      return input.id;
    }
    if (!this.config.people.some((p) => p.id === input.from)) throw new SandboxError(404, `no person ${input.from}`);
    const id = input.id ?? this.newMessageId();
    const now = this.clock.now();
    const payload = {
      id,
      talkerId: input.from,
      listenerId: this.config.bot.id,
      timestamp: now.getTime(),
      type: PUPPET.types.Message.Text,
      text: input.text,
      mentionIdList: [],
    } as unknown as PUPPET.payloads.Message;
    this.mocker.MessageMock.create(payload);
    this.seenIds.set(id, { roomId: privateChatId(input.from) });
    this.record(privateChatId(input.from), {
      id,
      from: input.from,
      fromName: this.names.get(input.from) ?? input.from,
      text: input.text,
      type: 'text',
      at: now.toISOString(),
    });
    this.mocker.puppet.emit('message', { messageId: id });
    return id;
  }

  /** The private chat between this person and the bot, after `cursor`. */
  privateMessages(contactId: string, after?: string): { messages: TranscriptEntry[]; cursor: string } {
    if (!this.names.has(contactId) || contactId === this.config.bot.id) throw new SandboxError(404, `no person ${contactId}`);
    return page(this.privateChats.get(contactId) ?? [], after);
  }

  /** Everyone in the world but the bot, with their configured role. */
  people(): SandboxPersonView[] {
    return this.config.people.map((p) => ({ id: p.id, name: p.name, role: p.role ?? 'resident', communities: p.communities ?? [] }));
  }

  /** Calls `listener` for every line said anywhere from now on; returns the unsubscribe function. */
  subscribe(listener: (event: SandboxChatEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  newMessageId(): string {
    return `sbx-${Date.now().toString(36)}-${(++this.seq).toString(36)}`;
  }

  /** What the bot said (in a group, or `dm:<contactId>` privately), recorded once the puppet accepted it. */
  recordBotPost(roomId: string, outboxId: number, text: string, image: boolean): void {
    this.record(roomId, {
      id: `bot-${outboxId}`,
      from: this.config.bot.id,
      fromName: this.config.bot.name,
      text: image ? '[图片]' : text,
      type: image ? 'image' : 'text',
      at: this.clock.now().toISOString(),
    });
  }

  private record(chat: string, entry: TranscriptEntry): void {
    const contactId = contactOfPrivateChat(chat);
    let transcript = this.transcripts.get(chat);
    if (contactId) {
      transcript = this.privateChats.get(contactId);
      if (!transcript) this.privateChats.set(contactId, (transcript = []));
    }
    if (!transcript) return;
    transcript.push(entry);
    for (const listener of this.listeners) listener({ chat, message: entry });
  }

  /** Messages after `cursor` (an opaque position), and the cursor to ask with next time. */
  messages(roomId: string, after?: string): { messages: TranscriptEntry[]; cursor: string } {
    const all = this.transcripts.get(roomId);
    if (!all) throw new SandboxError(404, `no room ${roomId}`);
    return page(all, after);
  }

  hasRoom(roomId: string): boolean {
    return this.rooms.has(roomId);
  }

  nameOf(id: string): string | undefined {
    return this.names.get(id);
  }
}

function page(all: TranscriptEntry[], after?: string): { messages: TranscriptEntry[]; cursor: string } {
  const from = after && /^\d+$/.test(after) ? Math.min(Number(after), all.length) : 0;
  return { messages: all.slice(from), cursor: String(all.length) };
}

function toApiRole(role: PersonRole): SandboxRoomView['members'][number]['role'] {
  return role === 'admin' ? 'staff' : role;
}

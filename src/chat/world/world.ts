// The simulated district of config/sandbox.yaml as WeChat holds it: people, groups, the bot's
// accounts in them, and the transcript of everything said. The in-process sandbox and the world
// server both run on this model; each bot account sees it through its own mock puppet
// (world-account.ts), so a group message reaches every account in the group with one message id.
import * as PUPPET from 'wechaty-puppet';
import type { SandboxConfig } from '../../config/sandbox-config.js';
import { contactOfPrivateChat, privateChatId } from '../../app/ports/chat.js';
import type { Clock } from '../../app/ports/clock.js';
import type { RoomKind } from '../../app/ports/registry.js';
import { imageMime } from '../image-mime.js';
import { WorldAccount, type WorldForAccount } from './world-account.js';
import type { BotContent } from './world-puppet.js';
import { placeAccounts, worldAccounts } from './world-placement.js';
import {
  SAMPLE_PHOTO_PNG,
  WORLD_MESSAGE_TYPES,
  type TranscriptEntry,
  type WorldChatEvent,
  type WorldMessageType,
} from './world-message-types.js';

export interface WorldPerson {
  id: string;
  name: string;
  role: 'resident' | 'staff' | 'leader';
  communities: string[];
}

export interface WorldRoom {
  id: string;
  topic: string;
  /** People and bot accounts, the group owner first. */
  members: string[];
  ownerId: string;
  /** As config/sandbox.yaml describes the group; null for a group created in the world later. */
  kind: RoomKind | null;
  community: string | null;
}

export interface WorldImage {
  base64: string;
  mime: string;
}

export class WorldError extends Error {
  constructor(
    readonly status: 400 | 404,
    message: string,
  ) {
    super(message);
  }
}

export interface WorldOptions {
  clock: Clock;
  /** Bot accounts (1 or 2), placed as world-placement.ts says. Default 1. */
  accounts?: number;
  /** Log each account in when a client starts its puppet (the world server), instead of by `login()`. */
  loginOnStart?: boolean;
  /**
   * Instead, show the client a login QR code when it starts the puppet, and log in when the
   * account's owner scans it (`WorldAccount.scan()`), as WeChat does (WORLD_LOGIN=scan).
   */
  scanToLogin?: boolean;
  /** The bot runs in this process on the account's puppet (the in-process sandbox). */
  botInProcess?: boolean;
  /**
   * Record what the bot says as its puppet receives it. The in-process sandbox turns this off and
   * records each post with its outbox id instead (recordBotPost), which chaos runs count by.
   */
  recordBotPosts?: boolean;
}

export interface PostInput {
  roomId: string;
  from: string;
  text: string;
  mentionBot?: boolean;
  id?: string;
  type?: WorldMessageType;
  mentions?: string[];
}

export class World implements WorldForAccount {
  readonly accounts: WorldAccount[];
  private readonly people = new Map<string, WorldPerson>();
  private readonly rooms = new Map<string, WorldRoom>();
  private readonly transcripts = new Map<string, TranscriptEntry[]>();
  /** Private chats with the bot, by the person's contact id. */
  private readonly privateChats = new Map<string, TranscriptEntry[]>();
  private readonly seen = new Map<string, { chat: string }>();
  private readonly images = new Map<string, WorldImage>();
  private readonly listeners = new Set<(event: WorldChatEvent) => void>();
  private readonly clock: Clock;
  private readonly recordBotPosts: boolean;
  private seq = 0;

  constructor(
    readonly config: SandboxConfig,
    options: WorldOptions,
  ) {
    this.clock = options.clock;
    this.recordBotPosts = options.recordBotPosts ?? true;
    const refs = worldAccounts(config, options.accounts ?? 1);
    this.accounts = refs.map((ref) => new WorldAccount(this, ref, options.loginOnStart ?? false, options.botInProcess ?? false));
    for (const account of this.accounts) account.requiresScan = options.scanToLogin ?? false;
    for (const p of config.people) {
      this.people.set(p.id, { id: p.id, name: p.name, role: p.role ?? 'resident', communities: p.communities ?? [] });
    }
    // Every account knows every person and every other account as a contact.
    for (const account of this.accounts) {
      for (const p of this.people.values()) account.addContact(p.id, p.name);
      for (const other of refs) if (other.id !== account.id) account.addContact(other.id, other.name);
    }
    const placement = placeAccounts(config, refs);
    const described = [
      ...config.communities.flatMap((c) => [
        ...c.residentGroups.map((g) => ({ g, kind: 'resident' as const, community: c.id })),
        { g: c.dutyGroup, kind: 'duty' as const, community: c.id },
      ]),
      { g: config.leadersGroup, kind: 'leaders' as const, community: null },
    ];
    for (const { g, kind, community } of described) {
      const accountIds = placement.get(g.id)!;
      const room: WorldRoom = { id: g.id, topic: g.topic, members: [...accountIds, ...g.members], ownerId: g.members[0]!, kind, community };
      this.rooms.set(room.id, room);
      this.transcripts.set(room.id, []);
      for (const id of accountIds) this.account(id)!.addRoom(room);
    }
  }

  /** The configured bot: private chats and new groups go to it. */
  get primary(): WorldAccount {
    return this.accounts[0]!;
  }

  account(id: string): WorldAccount | undefined {
    return this.accounts.find((a) => a.id === id);
  }

  isAccount(id: string): boolean {
    return this.accounts.some((a) => a.id === id);
  }

  // ---- reading ----

  roomList(): WorldRoom[] {
    return [...this.rooms.values()];
  }

  room(roomId: string): WorldRoom | undefined {
    return this.rooms.get(roomId);
  }

  hasRoom(roomId: string): boolean {
    return this.rooms.has(roomId);
  }

  personList(): WorldPerson[] {
    return [...this.people.values()];
  }

  person(id: string): WorldPerson | undefined {
    return this.people.get(id);
  }

  nameOf(id: string): string | undefined {
    return this.people.get(id)?.name ?? this.account(id)?.name;
  }

  accountsIn(roomId: string): WorldAccount[] {
    const room = this.rooms.get(roomId);
    return room ? this.accounts.filter((a) => room.members.includes(a.id)) : [];
  }

  /** Messages after `cursor` (an opaque position), and the cursor to ask with next time. */
  messages(roomId: string, after?: string): { messages: TranscriptEntry[]; cursor: string } {
    const all = this.transcripts.get(roomId);
    if (!all) throw new WorldError(404, `no room ${roomId}`);
    return page(all, after);
  }

  /** The private chat between this person and the bot, after `cursor`. */
  privateMessages(contactId: string, after?: string): { messages: TranscriptEntry[]; cursor: string } {
    if (!this.people.has(contactId)) throw new WorldError(404, `no person ${contactId}`);
    return page(this.privateChats.get(contactId) ?? [], after);
  }

  /** The picture an image message carries. */
  image(messageId: string): WorldImage | undefined {
    return this.images.get(messageId);
  }

  /** Calls `listener` for every line said anywhere from now on; returns the unsubscribe function. */
  subscribe(listener: (event: WorldChatEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  newMessageId(): string {
    return `sbx-${Date.now().toString(36)}-${(++this.seq).toString(36)}`;
  }

  // ---- people act ----

  /**
   * Someone says something in a group; every account in it receives the message. With an `id`
   * used before, the same message is delivered again, as a real puppet does after a reconnect.
   */
  post(input: PostInput): string {
    const room = this.rooms.get(input.roomId);
    if (!room) throw new WorldError(404, `no room ${input.roomId}`);
    if (input.id && this.seen.has(input.id)) {
      this.redeliver(input.id);
      return input.id;
    }
    if (!room.members.includes(input.from) || this.isAccount(input.from)) {
      throw new WorldError(400, `${input.from} is not a member of ${input.roomId}`);
    }
    const accounts = this.accountsIn(room.id);
    const id = input.id ?? this.newMessageId();
    const now = this.clock.now();
    const image = input.type === 'image' || (!input.type && /^\[(图片|image)\]$/i.test(input.text.trim()));
    const kind: WorldMessageType = image ? 'image' : (input.type ?? 'text');
    const payload = {
      id,
      talkerId: input.from,
      roomId: room.id,
      timestamp: now.getTime(),
      type: WORLD_MESSAGE_TYPES[kind],
      text: image ? undefined : input.text,
      mentionIdList: [...(input.mentionBot ? accounts.map((a) => a.id) : []), ...(input.mentions ?? [])],
    } as PUPPET.payloads.Message;
    this.seen.set(id, { chat: room.id });
    // A resident's "photo": a small picture the bot can download like a real one.
    if (image) this.images.set(id, { base64: SAMPLE_PHOTO_PNG, mime: 'image/png' });
    this.record(room.id, {
      id,
      from: input.from,
      fromName: this.nameOf(input.from) ?? input.from,
      text: input.mentionBot && accounts[0] ? `@${accounts[0].name} ${input.text}` : input.text,
      type: kind,
      at: now.toISOString(),
    });
    for (const account of accounts) account.receive(payload, image ? SAMPLE_PHOTO_PNG : undefined);
    return id;
  }

  /** Someone writes to the bot (the primary account) in a private chat; re-delivery by `id` as for groups. */
  postPrivate(input: { from: string; text: string; id?: string }): string {
    if (input.id && this.seen.has(input.id)) {
      this.redeliver(input.id);
      return input.id;
    }
    if (!this.people.has(input.from)) throw new WorldError(404, `no person ${input.from}`);
    const id = input.id ?? this.newMessageId();
    const now = this.clock.now();
    const payload = {
      id,
      talkerId: input.from,
      listenerId: this.primary.id,
      timestamp: now.getTime(),
      type: PUPPET.types.Message.Text,
      text: input.text,
      mentionIdList: [],
    } as unknown as PUPPET.payloads.Message;
    this.seen.set(id, { chat: privateChatId(input.from) });
    this.record(privateChatId(input.from), {
      id,
      from: input.from,
      fromName: this.nameOf(input.from) ?? input.from,
      text: input.text,
      type: 'text',
      at: now.toISOString(),
    });
    this.primary.receive(payload);
    return id;
  }

  private redeliver(id: string): void {
    const chat = this.seen.get(id)!.chat;
    const accounts = contactOfPrivateChat(chat) ? [this.primary] : this.accountsIn(chat);
    for (const account of accounts) if (account.hasMessage(id)) account.deliver(id);
  }

  /** Is this message waiting for an account that is logged out? */
  isHeld(id: string): boolean {
    return this.accounts.some((a) => a.isHeld(id));
  }

  /** The person changes their WeChat nickname: every account's contact shows the new one. */
  renamePerson(contactId: string, name: string): void {
    const person = this.people.get(contactId);
    if (!person) throw new WorldError(404, `no person ${contactId}`);
    person.name = name;
    for (const account of this.accounts) account.renameContact(contactId, name);
  }

  /**
   * A person creates a group with these members and adds the bot (the primary account, or the
   * accounts listed among the members); every account in it gets room-join. Returns the room id.
   */
  createRoom(input: { topic: string; members: string[] }): string {
    const people = unique(input.members.filter((id) => !this.isAccount(id)));
    const unknown = people.find((id) => !this.people.has(id));
    if (unknown) throw new WorldError(404, `no person ${unknown}`);
    if (people.length === 0) throw new WorldError(400, 'a group needs at least one person to create it');
    const listed = this.accounts.filter((a) => input.members.includes(a.id));
    const accounts = listed.length ? listed : [this.primary];
    const creator = people[0]!;
    const id = `g-${Date.now().toString(36)}${(++this.seq).toString(36)}@chatroom`;
    const room: WorldRoom = { id, topic: input.topic, members: [creator, ...accounts.map((a) => a.id), ...people.slice(1)], ownerId: creator, kind: null, community: null };
    this.rooms.set(id, room);
    this.transcripts.set(id, []);
    const now = this.clock.now();
    for (const account of accounts) {
      account.addRoom(room);
      account.roomJoin(id, room.members.filter((m) => m !== creator), creator, now);
    }
    return id;
  }

  /** A member renames the group (by default its owner); every account in it gets room-topic. */
  renameRoom(roomId: string, topic: string, by?: string): void {
    const room = this.rooms.get(roomId);
    if (!room) throw new WorldError(404, `no room ${roomId}`);
    const changer = by ?? room.ownerId;
    if (!room.members.includes(changer)) throw new WorldError(400, `${changer} is not a member of ${roomId}`);
    room.topic = topic;
    const now = this.clock.now();
    for (const account of this.accountsIn(roomId)) account.roomTopic(roomId, topic, changer, now);
  }

  /**
   * A member (by default the owner) adds a person or a bot account to the group. Every account in
   * it gets room-join; an account added sees the group from then on. Adding a member twice is a no-op.
   */
  addMember(roomId: string, contactId: string, by?: string): void {
    const room = this.rooms.get(roomId);
    if (!room) throw new WorldError(404, `no room ${roomId}`);
    if (!this.people.has(contactId) && !this.isAccount(contactId)) throw new WorldError(404, `no person ${contactId}`);
    const inviter = by ?? room.ownerId;
    if (!room.members.includes(inviter)) throw new WorldError(400, `${inviter} is not a member of ${roomId}`);
    if (room.members.includes(contactId)) return;
    room.members.push(contactId);
    const now = this.clock.now();
    for (const account of this.accountsIn(roomId)) {
      if (account.hasRoom(roomId)) account.setMembers(roomId, room.members);
      else account.addRoom(room);
      account.roomJoin(roomId, [contactId], inviter, now);
    }
  }

  // ---- the bot acts ----

  /**
   * A bot account says something (from its puppet): the group's other accounts receive it as a
   * message from that account, and the account itself gets it back as its own, as WeChat does.
   */
  accountSays(account: WorldAccount, conversationId: string, content: BotContent): string {
    const contactId = conversationId.includes('@') ? null : conversationId;
    if (contactId === null) {
      const room = this.rooms.get(conversationId);
      if (!room || !room.members.includes(account.id)) throw new Error(`${account.id} is not in room ${conversationId}`);
    } else if (!this.people.has(contactId) && !this.isAccount(contactId)) {
      throw new Error(`no contact ${contactId}`);
    }
    const id = this.newMessageId();
    const now = this.clock.now();
    const image = 'image' in content ? content.image : null;
    const mime = image ? imageMime(image.base64) : null;
    const kind: WorldMessageType = image ? (mime!.startsWith('image/') ? 'image' : 'file') : 'text';
    const payload = {
      id,
      talkerId: account.id,
      ...(contactId ? { listenerId: contactId } : { roomId: conversationId }),
      timestamp: now.getTime(),
      type: WORLD_MESSAGE_TYPES[kind],
      text: 'text' in content ? content.text : undefined,
      mentionIdList: 'mentionIds' in content ? content.mentionIds : [],
    } as unknown as PUPPET.payloads.Message;
    const receivers = contactId ? [account] : this.accountsIn(conversationId);
    for (const receiver of receivers) receiver.receive(payload, image?.base64, image?.name);
    if (this.recordBotPosts) {
      this.recordPost(contactId ? privateChatId(contactId) : conversationId, {
        id,
        accountId: account.id,
        text: 'text' in content ? content.text : '',
        image: image ? { base64: image.base64, mime: mime! } : null,
      });
    }
    return id;
  }

  /** What the bot said (in a group, or `dm:<contactId>` privately), once the puppet accepted it. */
  recordPost(chat: string, post: { id: string; accountId: string; text: string; image: WorldImage | null }): void {
    const kind: WorldMessageType = post.image ? (post.image.mime.startsWith('image/') ? 'image' : 'file') : 'text';
    if (post.image) this.images.set(post.id, post.image);
    this.record(chat, {
      id: post.id,
      from: post.accountId,
      fromName: this.nameOf(post.accountId) ?? post.accountId,
      text: post.image ? (kind === 'image' ? '[图片]' : '[文件]') : post.text,
      type: kind,
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
}

function page(all: TranscriptEntry[], after?: string): { messages: TranscriptEntry[]; cursor: string } {
  const from = after && /^\d+$/.test(after) ? Math.min(Number(after), all.length) : 0;
  return { messages: all.slice(from), cursor: String(all.length) };
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}

// The simulated district on the Wechaty mock puppet: people, groups and the bot from
// config/sandbox.yaml, a way to speak as anyone, and the transcript of every group.
import { PuppetMock, mock } from 'wechaty-puppet-mock';
import * as PUPPET from 'wechaty-puppet';
import type { SandboxConfig } from '../../config/sandbox-config.js';
import type { Directory } from '../../app/directory.js';
import type { Clock, PersonRole } from '../../app/ports.js';

export interface TranscriptEntry {
  id: string;
  from: string;
  fromName: string;
  text: string;
  type: 'text' | 'image';
  at: string;
}

export interface SandboxRoomView {
  id: string;
  topic: string;
  kind: 'resident' | 'duty' | 'leaders';
  community: string | null;
  members: Array<{ id: string; name: string; role: 'resident' | 'staff' | 'leader' | 'bot' }>;
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
        kind: info?.kind ?? 'resident',
        community: info?.community ?? null,
        members: r.members.map((id) => {
          const name = this.names.get(id) ?? id;
          return { id, name, role: toApiRole(directory.roleOf({ id, name }, r.id)) };
        }),
      };
    });
  }

  /**
   * Someone says something in a group. With an `id` used before, the same message is delivered
   * again, as a real puppet does after a reconnect.
   */
  post(input: { roomId: string; from: string; text: string; mentionBot?: boolean; id?: string }): string {
    const room = this.rooms.get(input.roomId);
    if (!room) throw new SandboxError(404, `no room ${input.roomId}`);
    if (input.id && this.seenIds.has(input.id)) {
      this.mocker.puppet.emit('message', { messageId: input.id });
      return input.id;
    }
    if (!room.members.includes(input.from) || input.from === this.config.bot.id) {
      throw new SandboxError(400, `${input.from} is not a member of ${input.roomId}`);
    }
    const id = input.id ?? this.newMessageId();
    const now = this.clock.now();
    const image = /^\[(图片|image)\]$/i.test(input.text.trim());
    const payload = {
      id,
      talkerId: input.from,
      roomId: input.roomId,
      timestamp: now.getTime(),
      type: image ? PUPPET.types.Message.Image : PUPPET.types.Message.Text,
      text: image ? undefined : input.text,
      mentionIdList: input.mentionBot ? [this.config.bot.id] : [],
    } as PUPPET.payloads.Message;
    this.mocker.MessageMock.create(payload);
    this.seenIds.set(id, { roomId: input.roomId });
    this.record(input.roomId, {
      id,
      from: input.from,
      fromName: this.names.get(input.from) ?? input.from,
      text: input.mentionBot ? `@${this.config.bot.name} ${input.text}` : input.text,
      type: image ? 'image' : 'text',
      at: now.toISOString(),
    });
    this.mocker.puppet.emit('message', { messageId: id });
    return id;
  }

  newMessageId(): string {
    return `sbx-${Date.now().toString(36)}-${(++this.seq).toString(36)}`;
  }

  /** What the bot said, recorded once the puppet accepted it. */
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

  private record(roomId: string, entry: TranscriptEntry): void {
    this.transcripts.get(roomId)?.push(entry);
  }

  /** Messages after `cursor` (an opaque position), and the cursor to ask with next time. */
  messages(roomId: string, after?: string): { messages: TranscriptEntry[]; cursor: string } {
    const all = this.transcripts.get(roomId);
    if (!all) throw new SandboxError(404, `no room ${roomId}`);
    const from = after && /^\d+$/.test(after) ? Math.min(Number(after), all.length) : 0;
    return { messages: all.slice(from), cursor: String(all.length) };
  }

  hasRoom(roomId: string): boolean {
    return this.rooms.has(roomId);
  }

  nameOf(id: string): string | undefined {
    return this.names.get(id);
  }
}

function toApiRole(role: PersonRole): SandboxRoomView['members'][number]['role'] {
  return role === 'admin' ? 'staff' : role;
}

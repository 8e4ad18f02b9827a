// Starts a whole Linli in sandbox mode in this process and talks to it only through the
// sandbox HTTP API, as the outside tests do.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLinli, type Linli } from '../../src/linli.js';

export interface RoomView {
  id: string;
  topic: string;
  /** null for a group the bot has not bound. */
  kind: 'resident' | 'duty' | 'leaders' | null;
  community: string | null;
  members: Array<{ id: string; name: string; role: 'resident' | 'staff' | 'leader' | 'bot' }>;
}
export interface ChatLine {
  id: string;
  from: string;
  fromName: string;
  text: string;
  type: string;
  at: string;
  /** Image messages: where the picture can be fetched. */
  url?: string;
}
export interface TicketView {
  no: number;
  status: string;
  category: string;
  urgency: string;
  community: string;
  groupId: string;
  text: string;
  reporters: Array<{ id: string; name: string }>;
  assignee: { id: string; name: string } | null;
  createdAt: string;
  claimDueAt: string;
  dueAt: string;
  claimedAt: string | null;
  resolvedAt: string | null;
  rating: string | null;
  reopenCount: number;
  events: Array<{ type: string; actor: string; at: string; note: string | null }>;
}

export interface Sandbox {
  linli: Linli;
  url: string;
  dir: string;
  rooms: RoomView[];
  call(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }>;
  say(roomId: string, from: string, text: string, opts?: { mentionBot?: boolean; id?: string }): Promise<string>;
  settle(): Promise<void>;
  /** Everything said in a room since the last call to `heard` for that room. */
  heard(roomId: string): Promise<ChatLine[]>;
  transcript(roomId: string): Promise<ChatLine[]>;
  tickets(query?: string): Promise<TicketView[]>;
  ticket(no: number): Promise<TicketView>;
  advance(minutes: number): Promise<string>;
  room(kind: NonNullable<RoomView['kind']>, index?: number, community?: string): RoomView;
  member(room: RoomView, role: RoomView['members'][number]['role'], index?: number): { id: string; name: string };
  stop(): Promise<void>;
}

export async function startSandbox(
  env: Record<string, string> | ((dir: string) => Record<string, string>) = {},
): Promise<Sandbox> {
  const dir = mkdtempSync(join(tmpdir(), 'linli-e2e-'));
  const linli = await startLinli({
    PATH: process.env.PATH,
    DATABASE_URL: `sqlite:${join(dir, 'linli.db')}`,
    PORT: '0',
    LOG_LEVEL: 'silent',
    // Tests run the sandbox on MariaDB too, which only this allows.
    LINLI_SANDBOX: '1',
    ...(typeof env === 'function' ? env(dir) : env),
  });
  const url = linli.url;
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(url + path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = text;
    }
    return { status: res.status, json };
  };
  const rooms = (await call('GET', '/api/sandbox/rooms')).json as RoomView[];
  const cursors = new Map<string, string>();
  const sb: Sandbox = {
    linli,
    url,
    dir,
    rooms,
    call,
    async say(roomId, from, text, opts = {}) {
      const r = await call('POST', `/api/sandbox/rooms/${encodeURIComponent(roomId)}/messages`, { from, text, ...opts });
      if (r.status !== 202) throw new Error(`post failed: ${r.status} ${JSON.stringify(r.json)}`);
      return r.json.id;
    },
    async settle() {
      const r = await call('POST', '/api/sandbox/settle');
      if (r.status !== 200) throw new Error(`settle failed: ${r.status}`);
    },
    async heard(roomId) {
      const after = cursors.get(roomId);
      const r = await call('GET', `/api/sandbox/rooms/${encodeURIComponent(roomId)}/messages${after ? `?after=${after}` : ''}`);
      cursors.set(roomId, r.json.cursor);
      return r.json.messages;
    },
    async transcript(roomId) {
      return (await call('GET', `/api/sandbox/rooms/${encodeURIComponent(roomId)}/messages`)).json.messages;
    },
    async tickets(query = '') {
      return (await call('GET', `/api/tickets${query}`)).json.tickets;
    },
    async ticket(no) {
      const r = await call('GET', `/api/tickets/${no}`);
      if (r.status !== 200) throw new Error(`ticket ${no}: ${r.status}`);
      return r.json;
    },
    async advance(minutes) {
      return (await call('POST', '/api/sandbox/clock', { advanceMinutes: minutes })).json.now;
    },
    room(kind, index = 0, community) {
      const found = rooms.filter((r) => r.kind === kind && (!community || r.community === community))[index];
      if (!found) throw new Error(`no ${kind} room #${index}`);
      return found;
    },
    member(room, role, index = 0) {
      const found = room.members.filter((m) => m.role === role)[index];
      if (!found) throw new Error(`no ${role} #${index} in ${room.topic}`);
      return found;
    },
    async stop() {
      await linli.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return sb;
}

/** The bot's lines among `lines`. */
export const fromBot = (sb: Sandbox, lines: ChatLine[]) => lines.filter((l) => l.from === sb.room('resident').members.find((m) => m.role === 'bot')!.id);

// Two bot accounts serving one district on one MariaDB, as docs/deployment.md ("Several accounts")
// describes: the world server with WORLD_ACCOUNTS=2 (placement in design.md, "World server"), the
// first account's bot as its own process (src/main.ts), the second's in this process, both in
// production mode over real gRPC. Every resident group's report gives one ticket, one
// acknowledgement and one duty card, each said by an account that sits in that group; an urgent
// report alerts the leaders once; the nightly digest goes out once. Then the first process is
// killed: a report in a group both accounts share is still handled, and the groups only the first
// account served are announced to the leaders once.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLinli, type Linli } from '../../src/linli.js';
import { localStateDirFor } from '../../src/store/spool.js';
import { createTestMariaDb, type TestDatabase } from '../support/databases.js';
import { startWorldProcess, type WorldProcess } from '../support/world-process.js';
import { startBotProcess, type BotProcess } from '../support/bot-process.js';
import { freePortRun } from '../support/free-ports.js';
import type { ChatLine, TicketView } from '../support/sandbox-client.js';

const CONSOLE_TOKEN = 'several-accounts-token-0123456789';
const ACCOUNT_1 = 'linli-bot';
const ACCOUNT_2 = 'linli-bot-2';
const BOTS = new Set([ACCOUNT_1, ACCOUNT_2]);
const DUTY: Record<string, string> = { yangguang: 'yg-duty@chatroom', hepingli: 'hp-duty@chatroom' };
const LEADERS = 'leaders@chatroom';

interface RoomView {
  id: string;
  topic: string;
  kind: 'resident' | 'duty' | 'leaders' | null;
  community: string | null;
  members: Array<{ id: string; role: string }>;
}

/** A few minutes before now, as HH:MM in Shanghai: the digest falls in the bots' first jobs window. */
function shanghaiMinutesAgo(minutes: number): string {
  const at = new Date(Date.now() - minutes * 60_000 + 8 * 3600_000);
  return `${String(at.getUTCHours()).padStart(2, '0')}:${String(at.getUTCMinutes()).padStart(2, '0')}`;
}

describe('two bot accounts, one district', () => {
  let world: WorldProcess;
  let db: TestDatabase;
  let first: BotProcess;
  let second: Linli;
  let dir: string;
  let rooms: RoomView[];
  const botsIn = (roomId: string) => rooms.find((r) => r.id === roomId)!.members.filter((m) => BOTS.has(m.id)).map((m) => m.id);

  async function transcript(roomId: string): Promise<ChatLine[]> {
    return (await world.call('GET', `/api/sandbox/rooms/${encodeURIComponent(roomId)}/messages`)).json.messages;
  }
  const botLines = async (roomId: string, pattern: RegExp) => (await transcript(roomId)).filter((l) => BOTS.has(l.from) && pattern.test(l.text));

  async function say(roomId: string, from: string, text: string): Promise<void> {
    expect((await world.call('POST', `/api/sandbox/rooms/${encodeURIComponent(roomId)}/messages`, { from, text })).status).toBe(202);
  }

  async function tickets(): Promise<TicketView[]> {
    const res = await fetch(`${second.url}/api/tickets`, { headers: { authorization: `Bearer ${CONSOLE_TOKEN}` } });
    return ((await res.json()) as { tickets: TicketView[] }).tickets;
  }

  async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const value = await probe();
      if (value) return value;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`timed out waiting for ${what}\n--- first bot ---\n${first?.stdout().slice(-3000)}\n--- world ---\n${world.output().slice(-2000)}`);
  }

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'linli-accounts-'));
    [world, db] = await Promise.all([startWorldProcess({ WORLD_ACCOUNTS: '2' }), createTestMariaDb()]);
    const config = path.join(dir, 'staging-accounts.yaml');
    writeFileSync(
      config,
      `extends: ${path.resolve('config/staging.yaml')}\n` +
        'outbox: { globalIntervalMs: 50, roomIntervalMs: 100, jitterMs: 0, retryBaseMs: 300 }\n' +
        `digest: { dailyAt: "${shanghaiMinutesAgo(2)}" }\n`,
    );
    const common = {
      WECHATY_PUPPET: 'wechaty-puppet-service',
      WECHATY_PUPPET_SERVICE_TOKEN: world.token,
      WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT: 'true',
      LINLI_CONFIG: config,
      DATABASE_URL: db.url,
      CONSOLE_TOKEN,
      // Short, so that the test sees a lost account within seconds (production: 10 s / 45 s), yet
      // several beats long: a process slowed down by a busy machine is not taken for gone.
      LINLI_HEARTBEAT_SECONDS: '1',
      LINLI_ACCOUNT_TIMEOUT_SECONDS: '6',
    };
    first = startBotProcess(
      { ...common, WECHATY_PUPPET_SERVICE_ENDPOINT: `127.0.0.1:${world.grpcPort}`, WECHATY_NAME: path.join(dir, 'account-1') },
      await freePortRun(1),
    );
    second = await startLinli({
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...common,
      WECHATY_PUPPET_SERVICE_ENDPOINT: `127.0.0.1:${world.grpcPort + 1}`,
      WECHATY_NAME: path.join(dir, 'account-2'),
      PORT: '0',
      LOG_LEVEL: 'silent',
    });
    await first.waitForHealth((h) => h.status === 200 && h.json.status === 'ok', 60_000);
    rooms = (await world.call('GET', '/api/sandbox/rooms')).json;
  }, 120_000);

  afterAll(async () => {
    first?.kill();
    await second?.stop();
    await world?.stop();
    await db?.drop();
    // The bots' local state (spool, logout marker) for this throwaway database.
    const state = db && localStateDirFor(db.url);
    if (state) rmSync(state, { recursive: true, force: true });
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('both accounts are logged in and the nightly digest went out once', async () => {
    const accounts = (await world.call('GET', '/api/world/accounts')).json as Array<{ id: string; loggedIn: boolean }>;
    expect(accounts.map((a) => [a.id, a.loggedIn])).toEqual([
      [ACCOUNT_1, true],
      [ACCOUNT_2, true],
    ]);
    // Both processes ran the digest job for the same instant; the lease and the record let one send.
    await waitFor('the digest', async () => (await botLines(LEADERS, /日报 ·/)).length > 0);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await botLines(LEADERS, /日报 ·/)).toHaveLength(1);
  });

  it('a report in every resident group: one ticket, one ack and one duty card, each from an account in that room', async () => {
    const reports: Record<string, string> = {
      'yg-1@chatroom': '8栋1单元电梯又停在18楼不动了，按了半天没反应，能派人看看吗',
      'yg-2@chatroom': '3号楼楼顶漏水，天花板一直往下滴',
      'hp-1@chatroom': '小区东门口的路灯不亮了，晚上走路看不清，麻烦派人修一下',
      'hp-2@chatroom': '楼下垃圾桶满了好几天没人清运，味道很大',
    };
    const resident = rooms.filter((r) => r.kind === 'resident');
    expect(resident.map((r) => r.id).sort()).toEqual(Object.keys(reports).sort());
    for (const room of resident) await say(room.id, room.members.find((m) => m.role === 'resident')!.id, reports[room.id]!);

    const all = await waitFor('four tickets with a duty card each', async () => {
      const list = await tickets();
      if (list.length < 4) return null;
      for (const t of list) if ((await botLines(DUTY[t.community]!, new RegExp(`工单 #${t.no}\\b`))).length === 0) return null;
      return list;
    });
    expect(all).toHaveLength(4);
    expect(all.map((t) => t.groupId).sort()).toEqual(Object.keys(reports).sort());
    for (const t of all) {
      const acks = await botLines(t.groupId, new RegExp(`#${t.no}\\b`));
      expect(acks, `acks in ${t.groupId}`).toHaveLength(1);
      expect(botsIn(t.groupId)).toContain(acks[0]!.from);
      const cards = await botLines(DUTY[t.community]!, new RegExp(`工单 #${t.no}\\b`));
      expect(cards, `cards of #${t.no}`).toHaveLength(1);
      expect(botsIn(DUTY[t.community]!)).toContain(cards[0]!.from);
    }
    // The second community's groups have account 2 only; their cards go to a duty group it is not in.
    expect(botsIn('hp-1@chatroom')).toEqual([ACCOUNT_2]);
    expect(botsIn('hp-duty@chatroom')).toEqual([ACCOUNT_1]);
  });

  it('an urgent report alerts the leaders group once', async () => {
    await say('hp-1@chatroom', 'hp-zhangmei', '5栋楼道里煤气味很重！！快来人');
    const urgent = await waitFor('the urgent ticket', async () => (await tickets()).find((t) => t.urgency === 'urgent'));
    await waitFor('the leaders alert', async () => (await botLines(LEADERS, new RegExp(`紧急工单 #${urgent.no}\\b`))).length > 0);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await botLines(LEADERS, new RegExp(`紧急工单 #${urgent.no}\\b`))).toHaveLength(1);
  });

  it('after the first process is killed, a shared group is still served and the lost groups are announced once', async () => {
    first.kill();
    await first.exited;
    await say('yg-1@chatroom', 'yg-laozhou', '小区东门垃圾桶满了好几天没人收，味道很大');
    const ticket = await waitFor('the ticket from the shared group', async () =>
      (await tickets()).find((t) => t.groupId === 'yg-1@chatroom' && t.text.includes('垃圾桶')),
    );
    const acks = await waitFor('its acknowledgement', async () => {
      const lines = await botLines('yg-1@chatroom', new RegExp(`#${ticket.no}\\b`));
      return lines.length ? lines : null;
    });
    expect(acks.map((l) => l.from)).toEqual([ACCOUNT_2]);

    const notice = await waitFor('the orphaned groups notice', async () => (await botLines(LEADERS, /以下群暂无机器人在线/))[0]);
    expect(notice.from).toBe(ACCOUNT_2);
    for (const topic of ['阳光花园邻里牵手2群', '阳光花园值班群', '和平里值班群']) expect(notice.text).toContain(topic);
    for (const topic of ['阳光花园邻里牵手1群', '和平里东区邻里群', '示范街道领导群']) expect(notice.text).not.toContain(topic);
    // Several heartbeats later it has still been said once.
    await new Promise((r) => setTimeout(r, 4000));
    expect(await botLines(LEADERS, /以下群暂无机器人在线/)).toHaveLength(1);
    const console = await fetch(`${second.url}/api/console/accounts`, { headers: { authorization: `Bearer ${CONSOLE_TOKEN}` } });
    expect(console.status).toBe(200);
    const view = (await console.json()) as { accounts: Array<{ id: string; alive: boolean }>; orphans: Array<{ topic: string }> };
    expect(view.accounts.map((a) => [a.id, a.alive]).sort()).toEqual([
      [ACCOUNT_1, false],
      [ACCOUNT_2, true],
    ]);
    expect(view.orphans.map((o) => o.topic).sort()).toEqual(['和平里值班群', '阳光花园值班群', '阳光花园邻里牵手2群'].sort());
  });
});

// The bot in production mode against the world server, as a staging deployment runs it: the world
// (`npm run world`) in its own process, the bot on MariaDB with wechaty-puppet-service over real
// gRPC, config/staging.yaml binding the district by id, real time and real node-cron. A report
// goes through ack, duty card, claim by quoting the card, resolve and rating; then the world
// server restarts under the bot and the next report is still handled.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLinli, type Linli } from '../../src/linli.js';
import { createTestMariaDb, type TestDatabase } from '../support/databases.js';
import { startWorldProcess, type WorldProcess } from '../support/world-process.js';
import type { ChatLine, TicketView } from '../support/sandbox-client.js';

const CONSOLE_TOKEN = 'staging-console-token-0123456789';
const BOT = 'linli-bot';

describe('production mode against the world server', () => {
  let world: WorldProcess;
  let db: TestDatabase;
  let linli: Linli;
  let dir: string;
  const cursors = new Map<string, string>();

  /** What was said in a room since the last look. */
  async function heard(roomId: string): Promise<ChatLine[]> {
    const after = cursors.get(roomId);
    const { json } = await world.call('GET', `/api/sandbox/rooms/${encodeURIComponent(roomId)}/messages${after ? `?after=${after}` : ''}`);
    cursors.set(roomId, json.cursor);
    return json.messages;
  }

  /** Waits for the bot to say something matching `pattern` in a room (real time: it takes a moment). */
  async function botSays(roomId: string, pattern: RegExp, timeoutMs = 20_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const line = (await heard(roomId)).find((l) => l.from === BOT && pattern.test(l.text));
      if (line) return line.text;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`the bot did not say ${pattern} in ${roomId}\n--- world ---\n${world.output().slice(-3000)}`);
  }

  async function say(roomId: string, from: string, text: string): Promise<void> {
    const r = await world.call('POST', `/api/sandbox/rooms/${encodeURIComponent(roomId)}/messages`, { from, text });
    expect(r.status).toBe(202);
  }

  async function ticket(no: number): Promise<TicketView> {
    const res = await fetch(`${linli.url}/api/tickets/${no}`, { headers: { authorization: `Bearer ${CONSOLE_TOKEN}` } });
    expect(res.status).toBe(200);
    return (await res.json()) as TicketView;
  }

  async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const value = await probe();
      if (value) return value;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'linli-staging-'));
    [world, db] = await Promise.all([startWorldProcess(), createTestMariaDb()]);
    // staging.yaml as shipped, with quicker pacing than production's 1.5 s so the test is short.
    const config = path.join(dir, 'staging-test.yaml');
    writeFileSync(
      config,
      `extends: ${path.resolve('config/staging.yaml')}\noutbox: { globalIntervalMs: 50, roomIntervalMs: 100, jitterMs: 0, retryBaseMs: 300 }\n`,
    );
    linli = await startLinli({
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      WECHATY_PUPPET: 'wechaty-puppet-service',
      WECHATY_PUPPET_SERVICE_ENDPOINT: `127.0.0.1:${world.grpcPort}`,
      WECHATY_PUPPET_SERVICE_TOKEN: world.token,
      WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT: 'true',
      WECHATY_NAME: path.join(dir, 'linli'),
      LINLI_CONFIG: config,
      DATABASE_URL: db.url,
      CONSOLE_TOKEN,
      PORT: '0',
      LOG_LEVEL: 'silent',
    });
    for (const room of ['yg-1@chatroom', 'yg-duty@chatroom', 'leaders@chatroom']) await heard(room);
  });

  afterAll(async () => {
    await linli?.stop();
    await world?.stop();
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('logs in over gRPC and reports the district as staging.yaml binds it', async () => {
    const health = await (await fetch(`${linli.url}/healthz`)).json();
    expect(health).toEqual({ status: 'ok' });
    const accounts = (await world.call('GET', '/api/world/accounts')).json;
    expect(accounts).toEqual([expect.objectContaining({ id: BOT, loggedIn: true })]);
  });

  it('report → ack + duty card → claim by quoting the card → resolve → rating', async () => {
    await say('yg-1@chatroom', 'yg-chenjie', '8栋1单元电梯又停在18楼不动了，按了半天没反应，能派人看看吗');
    const ack = await botSays('yg-1@chatroom', /#\d+/);
    const no = Number(/#(\d+)/.exec(ack)![1]);
    expect(ack).toContain('@陈姐');
    const card = await botSays('yg-duty@chatroom', new RegExp(`工单 #${no}`));
    expect(card).toContain('阳光花园邻里牵手1群');
    expect((await ticket(no)).status).toBe('new');

    // 张网格员 quotes the card in WeChat and writes 我来 (wechat4u's shape of a quoted reply).
    await say('yg-duty@chatroom', 'yg-staff-zhang', `「邻里小助手：${card}」\n- - - - - - - - - - - - - - -\n我来`);
    await botSays('yg-1@chatroom', /张网格员/);
    const claimed = await ticket(no);
    expect(claimed).toMatchObject({ status: 'claimed', assignee: { id: 'yg-staff-zhang', name: '张网格员' } });

    await say('yg-duty@chatroom', 'yg-staff-zhang', `办结 ${no} 已更换电梯控制板，恢复运行`);
    const prompt = await botSays('yg-1@chatroom', new RegExp(`#${no}.*已办结`, 's'));
    expect(prompt).toMatch(/满意/);
    expect((await ticket(no)).status).toBe('resolved');

    await say('yg-1@chatroom', 'yg-chenjie', '满意');
    const closed = await waitFor('the rating', async () => {
      const t = await ticket(no);
      return t.status === 'closed' ? t : null;
    });
    expect(closed.rating).toBe('satisfied');
    expect(closed.events.map((e) => e.type)).toEqual(['created', 'claimed', 'resolved', 'rated', 'closed']);
  });

  it('rides out a restart of the world server and handles the next report', async () => {
    await world.restart();
    // The world comes back empty-handed; the bot notices the lost stream and logs in again.
    await waitFor('the bot to log in to the new world', async () => (await world.call('GET', '/api/world/accounts')).json[0]?.loggedIn);
    cursors.clear();
    await say('hp-1@chatroom', 'hp-lidaye', '小区东门口的路灯不亮了，晚上走路看不清，麻烦派人修一下');
    const ack = await botSays('hp-1@chatroom', /#\d+/, 30_000);
    const no = Number(/#(\d+)/.exec(ack)![1]);
    await botSays('hp-duty@chatroom', new RegExp(`工单 #${no}`));
    expect((await ticket(no)).community).toBe('hepingli');
  });
});

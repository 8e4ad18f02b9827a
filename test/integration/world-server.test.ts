// The world server with two bot accounts (design.md, "World server"), talked to over real gRPC by
// two plain Wechaty clients with wechaty-puppet-service, as two bot processes would: where each
// account sits, one message id for everyone in a group, what one account says reaching the other,
// pictures, and the world-changing routes reaching the right accounts. The clients use the bot's
// puppet-service client (LinliPuppetService).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WechatyBuilder, type Wechaty } from 'wechaty';
import type { MessageInterface } from 'wechaty/impls';
import { LinliPuppetService } from '../../src/chat/linli-puppet-service.js';
import { FileBox } from 'file-box';
import { loadSandboxConfig } from '../../src/config/load-config.js';
import { startWorldServer, type WorldServer } from '../../src/chat/world/world-server.js';
import { SAMPLE_PHOTO_PNG } from '../../src/chat/world/world-message-types.js';
import { freePortRun } from '../support/free-ports.js';

/** An event crosses the world server and gRPC to every account: up to seconds on a busy two-core machine, not the poll's default 1 s. (Twice a nickname change seemed to take longer than 10 s; it was never coming: the client could re-read its old copy — see LinliPuppetService.onDirty.) */
const PROPAGATION = { timeout: 20_000 };

const silent = { info() {}, warn() {}, error() {}, debug() {}, child() { return silent; } } as never;

describe('world server with two accounts', () => {
  let server: WorldServer;
  const bots: Wechaty[] = [];
  const received: MessageInterface[][] = [[], []];
  const token = `insecure_world${process.pid}`;
  const errors: string[] = [];

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(server.httpUrl + path, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
    return { status: res.status, json: (await res.json()) as any };
  };
  const say = async (roomId: string, from: string, text: string) => {
    const r = await call('POST', `/api/sandbox/rooms/${encodeURIComponent(roomId)}/messages`, { from, text });
    expect(r.status).toBe(202);
    return r.json.id as string;
  };
  /** The messages each client got with this id (waiting a moment for both). */
  async function receivedBy(id: string): Promise<[number, number]> {
    await new Promise((r) => setTimeout(r, 400));
    return [received[0]!.filter((m) => m.id === id).length, received[1]!.filter((m) => m.id === id).length];
  }

  beforeAll(async () => {
    const grpcPort = await freePortRun(2);
    server = await startWorldServer({ config: loadSandboxConfig('config/sandbox.yaml'), host: '127.0.0.1', grpcPort, httpPort: 0, token, accounts: 2, log: silent });
    for (const [i, endpoint] of server.endpoints.entries()) {
      const bot = WechatyBuilder.build({ puppet: new LinliPuppetService({ endpoint, token, tls: { disable: true } }) });
      bot.on('message', (m) => void received[i]!.push(m));
      bot.on('error', (err) => void errors.push(`${i}: ${err.message}`));
      const loggedIn = new Promise<void>((r) => bot.once('login', () => r()));
      await bot.start();
      await loggedIn;
      bots.push(bot);
    }
  });

  afterAll(async () => {
    for (const bot of bots) await bot.stop();
    await server?.stop();
  });

  it('places the accounts as the contract says and reports the world as sandbox.yaml describes it', async () => {
    const sorted = async (bot: Wechaty) => (await bot.Room.findAll()).map((r) => r.id).sort();
    expect(await sorted(bots[0]!)).toEqual(['hp-duty@chatroom', 'leaders@chatroom', 'yg-1@chatroom', 'yg-2@chatroom', 'yg-duty@chatroom']);
    expect(await sorted(bots[1]!)).toEqual(['hp-1@chatroom', 'hp-2@chatroom', 'leaders@chatroom', 'yg-1@chatroom']);
    expect([bots[0]!.currentUser.id, bots[1]!.currentUser.id]).toEqual(['linli-bot', 'linli-bot-2']);

    const rooms = (await call('GET', '/api/sandbox/rooms')).json as Array<{ id: string; kind: string; community: string | null; members: Array<{ id: string; role: string }> }>;
    const byId = new Map(rooms.map((r) => [r.id, r]));
    expect(byId.get('hp-2@chatroom')).toMatchObject({ kind: 'resident', community: 'hepingli' });
    expect(byId.get('yg-duty@chatroom')).toMatchObject({ kind: 'duty', community: 'yangguang' });
    expect(byId.get('leaders@chatroom')).toMatchObject({ kind: 'leaders', community: null });
    const botsIn = (id: string) => byId.get(id)!.members.filter((m) => m.role === 'bot').map((m) => m.id);
    expect(botsIn('yg-1@chatroom')).toEqual(['linli-bot', 'linli-bot-2']);
    expect(botsIn('hp-1@chatroom')).toEqual(['linli-bot-2']);
    expect(botsIn('hp-duty@chatroom')).toEqual(['linli-bot']);
    expect(byId.get('yg-duty@chatroom')!.members.find((m) => m.id === 'yg-staff-zhang')?.role).toBe('staff');
    expect(byId.get('leaders@chatroom')!.members.find((m) => m.id === 'leader-zhao')?.role).toBe('leader');
    const accounts = (await call('GET', '/api/world/accounts')).json;
    expect(accounts).toEqual([
      { id: 'linli-bot', name: '邻里小助手', endpoint: server.endpoints[0], loggedIn: true },
      { id: 'linli-bot-2', name: '邻里小助手2', endpoint: server.endpoints[1], loggedIn: true },
    ]);
  });

  it('delivers a group message to every account in the group, with one message id', async () => {
    expect(await receivedBy(await say('yg-1@chatroom', 'yg-chenjie', '大家好'))).toEqual([1, 1]);
    expect(await receivedBy(await say('hp-1@chatroom', 'hp-lidaye', '大家好'))).toEqual([0, 1]);
    expect(await receivedBy(await say('yg-duty@chatroom', 'yg-staff-zhang', '收到'))).toEqual([1, 0]);
    const leaders = await say('leaders@chatroom', 'leader-zhao', '日报');
    expect(await receivedBy(leaders)).toEqual([1, 1]);
    expect(received[1]!.find((m) => m.id === leaders)!.talker().name()).toBe('赵书记');
  });

  it("what one account says is in the transcript and reaches the other account in the group", async () => {
    const room = (await bots[0]!.Room.find({ id: 'yg-1@chatroom' }))!;
    const sent = await room.say('收到，已登记');
    const line = (await call('GET', '/api/sandbox/rooms/yg-1%40chatroom/messages')).json.messages.at(-1);
    expect(line).toMatchObject({ from: 'linli-bot', fromName: '邻里小助手', text: '收到，已登记', type: 'text' });
    expect((sent as MessageInterface).id).toBe(line.id);
    expect(await receivedBy(line.id)).toEqual([1, 1]);
    const seen = received[1]!.find((m) => m.id === line.id)!;
    expect([seen.self(), seen.talker().id, seen.text()]).toEqual([false, 'linli-bot', '收到，已登记']);
  });

  it('pictures: a resident photo downloads over gRPC; a picture a bot sends has a url', async () => {
    const id = await say('yg-1@chatroom', 'yg-chenjie', '[图片]');
    await receivedBy(id);
    const photo = received[0]!.find((m) => m.id === id)!;
    expect(await (await photo.toFileBox()).toBase64()).toBe(SAMPLE_PHOTO_PNG);

    const leaders = (await bots[0]!.Room.find({ id: 'leaders@chatroom' }))!;
    await leaders.say(FileBox.fromBase64(SAMPLE_PHOTO_PNG, 'chart.png'));
    const line = (await call('GET', '/api/sandbox/rooms/leaders%40chatroom/messages')).json.messages.at(-1);
    expect(line).toMatchObject({ from: 'linli-bot', type: 'image', url: `${server.httpUrl}/api/sandbox/images/${line.id}` });
    const res = await fetch(line.url);
    expect(Buffer.from(await res.arrayBuffer()).toString('base64')).toBe(SAMPLE_PHOTO_PNG);
    expect(await receivedBy(line.id)).toEqual([1, 1]);
  });

  it('a nickname change reaches every account; a new group, a rename and an added member reach the accounts in it', async () => {
    expect((await call('POST', '/api/sandbox/people/hp-lidaye', { name: '李老师' })).status).toBe(200);
    for (const bot of bots) await expect.poll(async () => (await bot.Contact.find({ id: 'hp-lidaye' }))?.name(), PROPAGATION).toBe('李老师');

    const joins: string[][] = [[], []];
    bots.forEach((bot, i) => bot.on('room-join', (room) => void joins[i]!.push(room.id)));
    const created = await call('POST', '/api/sandbox/rooms', { topic: '和平里楼长群', members: ['hp-lidaye', 'linli-bot-2', 'hp-zhangmei'] });
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    await expect.poll(() => joins[1]!.includes(id), PROPAGATION).toBe(true);
    expect(joins[0]).not.toContain(id);

    const topics: string[] = [];
    bots[1]!.on('room-topic', (room, topic) => void topics.push(`${room.id} ${topic}`));
    expect((await call('POST', `/api/sandbox/rooms/${encodeURIComponent(id)}`, { topic: '和平里东区楼长群' })).status).toBe(200);
    await expect.poll(() => topics, PROPAGATION).toEqual([`${id} 和平里东区楼长群`]);

    expect((await call('POST', `/api/sandbox/rooms/${encodeURIComponent(id)}/members`, { id: 'linli-bot' })).status).toBe(200);
    await expect.poll(() => joins[0]!.includes(id), PROPAGATION).toBe(true);
    expect(await (await bots[0]!.Room.find({ id }))?.topic()).toBe('和平里东区楼长群');
    expect(await receivedBy(await say(id, 'hp-zhangmei', '楼长们好'))).toEqual([1, 1]);
    // Room events make Wechaty re-read rooms; nothing of that may come back as an error.
    expect(errors).toEqual([]);
  });

  it('holds what is said while a bot is away and delivers it, in order, when it is back', async () => {
    await bots[1]!.stop();
    await expect.poll(async () => (await call('GET', '/api/world/accounts')).json[1].loggedIn, PROPAGATION).toBe(false);
    const first = await say('hp-2@chatroom', 'hp-mabo', '有人在吗');
    const second = await say('hp-2@chatroom', 'hp-mabo', '西区5号楼下的垃圾桶满了好几天没人收');
    const back = new Promise<void>((r) => bots[1]!.once('login', () => r()));
    await bots[1]!.start();
    await back;
    await expect.poll(() => received[1]!.filter((m) => m.id === first || m.id === second).map((m) => m.id), PROPAGATION).toEqual([first, second]);
  });
});

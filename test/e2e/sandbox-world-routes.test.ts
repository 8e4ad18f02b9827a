// The sandbox routes that change the world (design.md, "Identity": nickname, new group, rename,
// add member) and pictures in the message routes, driven through the in-process sandbox: each
// change must reach the bot the way WeChat would tell it (contact payload, room-join, room-topic).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContactInterface, RoomInterface } from 'wechaty/impls';
import { startSandbox, type Sandbox } from '../support/sandbox-client.js';

describe('sandbox world routes', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox();
  });
  afterAll(async () => {
    await sb?.stop();
  });

  /** Resolves with the arguments of the bot's next `event`. */
  function nextBotEvent<A extends unknown[]>(event: 'room-join' | 'room-topic'): Promise<A> {
    return new Promise((resolve) => sb.linli.bot.once(event as 'room-join', (...args: unknown[]) => resolve(args as A)));
  }

  it('a nickname change reaches the bot: the contact shows it and a new report carries it', async () => {
    const r = await sb.call('POST', '/api/sandbox/people/yg-laozhou', { name: '周师傅' });
    expect(r.status).toBe(200);
    await expect.poll(async () => (await sb.linli.bot.Contact.find({ id: 'yg-laozhou' }))?.name()).toBe('周师傅');
    const people = (await sb.call('GET', '/api/sandbox/people')).json as Array<{ id: string; name: string }>;
    expect(people.find((p) => p.id === 'yg-laozhou')?.name).toBe('周师傅');
    const rooms = (await sb.call('GET', '/api/sandbox/rooms')).json as typeof sb.rooms;
    expect(rooms.find((x) => x.id === 'yg-1@chatroom')!.members.find((m) => m.id === 'yg-laozhou')?.name).toBe('周师傅');

    await sb.say('yg-1@chatroom', 'yg-laozhou', '5号楼楼道灯坏了，晚上黑漆漆的，老人下楼不安全');
    await sb.settle();
    const [ticket] = await sb.tickets();
    expect(ticket!.reporters).toEqual([{ id: 'yg-laozhou', name: '周师傅' }]);
    expect((await sb.call('POST', '/api/sandbox/people/nobody', { name: 'x' })).status).toBe(404);
    expect((await sb.call('POST', '/api/sandbox/people/yg-laozhou', { name: '' })).status).toBe(400);
  });

  it('a resident creates a group and adds the bot: the bot gets room-join; the group is not bound', async () => {
    const joined = nextBotEvent<[RoomInterface, ContactInterface[], ContactInterface]>('room-join');
    const r = await sb.call('POST', '/api/sandbox/rooms', { topic: '阳光花园领导群', members: ['yg-wangayi', 'yg-liushu'] });
    expect(r.status).toBe(201);
    const id = r.json.id as string;
    expect(id).toMatch(/@chatroom$/);
    const [room, invitees, inviter] = await joined;
    expect(room.id).toBe(id);
    expect(await room.topic()).toBe('阳光花园领导群');
    expect(invitees.map((c) => c.id)).toContain('linli-bot');
    expect(inviter.id).toBe('yg-wangayi');

    const view = ((await sb.call('GET', '/api/sandbox/rooms')).json as typeof sb.rooms).find((x) => x.id === id)!;
    expect(view).toMatchObject({ topic: '阳光花园领导群', kind: null, community: null });
    expect(view.members.map((m) => [m.id, m.role])).toEqual([
      ['yg-wangayi', 'resident'],
      ['linli-bot', 'bot'],
      ['yg-liushu', 'resident'],
    ]);
    // Named like a group with power, it has none: no ticket, no answer.
    await sb.say(id, 'yg-liushu', '3号楼电梯坏了，困了人，快来');
    await sb.settle();
    expect((await sb.tickets()).some((t) => t.groupId === id)).toBe(false);
    expect((await sb.heard(id)).filter((l) => l.from === 'linli-bot')).toEqual([]);

    expect((await sb.call('POST', '/api/sandbox/rooms', { topic: 'x', members: ['nobody'] })).status).toBe(404);
    expect((await sb.call('POST', '/api/sandbox/rooms', { topic: 'x', members: [] })).status).toBe(400);
  });

  it('a member renames a group: room-topic reaches the bot, and a bound group keeps its kind', async () => {
    const renamed = nextBotEvent<[RoomInterface, string, string, ContactInterface]>('room-topic');
    const r = await sb.call('POST', '/api/sandbox/rooms/yg-2@chatroom', { topic: '阳光花园值班群' });
    expect(r.status).toBe(200);
    const [room, newTopic, oldTopic, changer] = await renamed;
    expect([room.id, newTopic, oldTopic, changer.id]).toEqual(['yg-2@chatroom', '阳光花园值班群', '阳光花园邻里牵手2群', 'yg-sunnainai']);
    const view = ((await sb.call('GET', '/api/sandbox/rooms')).json as typeof sb.rooms).find((x) => x.id === 'yg-2@chatroom')!;
    expect(view).toMatchObject({ topic: '阳光花园值班群', kind: 'resident', community: 'yangguang' });
    expect((await sb.call('POST', '/api/sandbox/rooms/yg-2@chatroom', { topic: 'x', from: 'hp-lidaye' })).status).toBe(400);
    expect((await sb.call('POST', '/api/sandbox/rooms/none@chatroom', { topic: 'x' })).status).toBe(404);
  });

  it('a member adds someone to a group: room-join reaches the bot and the list shows them', async () => {
    const joined = nextBotEvent<[RoomInterface, ContactInterface[], ContactInterface]>('room-join');
    const r = await sb.call('POST', '/api/sandbox/rooms/yg-duty@chatroom/members', { id: 'hp-staff-li' });
    expect(r.status).toBe(200);
    const [room, invitees, inviter] = await joined;
    expect([room.id, invitees.map((c) => c.id), inviter.id]).toEqual(['yg-duty@chatroom', ['hp-staff-li'], 'yg-staff-zhang']);
    expect(await room.has((await sb.linli.bot.Contact.find({ id: 'hp-staff-li' }))!)).toBe(true);
    const view = ((await sb.call('GET', '/api/sandbox/rooms')).json as typeof sb.rooms).find((x) => x.id === 'yg-duty@chatroom')!;
    expect(view.members.map((m) => m.id)).toContain('hp-staff-li');
    // The new member can speak there now.
    await sb.say('yg-duty@chatroom', 'hp-staff-li', '大家好');
    expect((await sb.call('POST', '/api/sandbox/rooms/yg-duty@chatroom/members', { id: 'nobody' })).status).toBe(404);
  });

  it("an image message carries a url with the picture: a resident's photo and the bot's digest chart", async () => {
    await sb.heard('leaders@chatroom');
    await sb.say('yg-1@chatroom', 'yg-chenjie', '[图片]');
    await sb.say('leaders@chatroom', 'leader-zhao', '日报');
    await sb.settle();
    const photo = (await sb.transcript('yg-1@chatroom')).filter((l) => l.type === 'image').at(-1)!;
    const chart = (await sb.heard('leaders@chatroom')).find((l) => l.type === 'image' && l.from === 'linli-bot')!;
    for (const line of [photo, chart]) {
      expect(line.url).toMatch(new RegExp(`^${sb.url}/api/sandbox/images/`));
      const res = await fetch(line.url!);
      expect(res.headers.get('content-type')).toBe('image/png');
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    }
    expect(chart.text).toBe('[图片]');
    // Text lines carry none.
    expect((await sb.transcript('yg-1@chatroom')).filter((l) => l.type === 'text').every((l) => l.url === undefined)).toBe(true);
    expect((await sb.call('GET', '/api/sandbox/images/nothing')).status).toBe(404);
  });
});

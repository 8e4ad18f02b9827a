// Puppet trouble through the sandbox: the bot is logged out of WeChat, residents keep writing,
// the bot logs in again. Nothing said meanwhile is lost, the leaders group hears once that the bot
// was offline, and health shows the outage while it lasts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, fromBot, type Sandbox } from '../support/sandbox-client.js';
import { advanceTo } from '../support/sandbox-time.js';

describe('logged out of WeChat and back', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox();
    // A known hour: the sandbox clock starts at real time, and an offline spell across 21:00 would
    // hold the nightly digest too (the run at 20:50 local time failed on it).
    await advanceTo(sb, '10:00');
  });
  afterAll(async () => {
    await sb?.stop();
  });

  it('holds what residents write meanwhile, catches it up, and tells the leaders once', async () => {
    const group = sb.room('resident', 0, 'yangguang');
    const duty = sb.room('duty', 0, 'yangguang');
    const leaders = sb.room('leaders');
    const resident = sb.member(group, 'resident', 2);
    await sb.heard(group.id);
    await sb.heard(duty.id);
    await sb.heard(leaders.id);
    expect((await sb.call('GET', '/healthz')).json).toEqual({ status: 'ok' });

    expect((await sb.call('POST', '/api/sandbox/puppet', { action: 'logout' })).json).toMatchObject({ loggedIn: false });
    const health = await sb.call('GET', '/healthz');
    expect(health.status).toBe(200);
    expect(health.json).toMatchObject({ status: 'degraded', wechat: 'logged_out', database: 'up' });

    await sb.say(group.id, resident.id, '5栋2单元楼道灯坏了一个星期了，晚上黑漆漆的，麻烦物业来修一下');
    await sb.settle();
    // Twelve minutes offline: the report is now older than intake.staleMinutes when it arrives.
    await sb.advance(12);
    expect(await sb.tickets()).toHaveLength(0);

    expect((await sb.call('POST', '/api/sandbox/puppet', { action: 'login' })).json).toEqual({ loggedIn: true, released: 1 });
    await sb.settle();

    const [ticket] = await sb.tickets();
    expect(ticket).toMatchObject({ status: 'new', reporters: [{ id: resident.id, name: resident.name }] });
    // 受理时间 is when the resident wrote, not when the bot got back: the deadlines did not start late.
    const said = (await sb.transcript(group.id)).find((l) => l.from === resident.id)!;
    expect(Math.abs(Date.parse(ticket!.createdAt) - Date.parse(said.at))).toBeLessThan(1000);
    expect(fromBot(sb, await sb.heard(group.id)).map((l) => l.text).join('\n')).toContain(`#${ticket!.no}`);
    expect((await sb.heard(duty.id)).map((l) => l.text).join('\n')).toContain(`#${ticket!.no}`);
    const notices = fromBot(sb, await sb.heard(leaders.id)).map((l) => l.text);
    expect(notices).toEqual(['【系统提示】机器人曾掉线 12 分钟，已恢复，期间消息已补处理。']);
    expect((await sb.call('GET', '/healthz')).json).toEqual({ status: 'ok' });

    // A second login without a logout in between changes nothing and says nothing.
    expect((await sb.call('POST', '/api/sandbox/puppet', { action: 'login' })).json).toEqual({ loggedIn: true, released: 0 });
    await sb.settle();
    expect(await sb.heard(leaders.id)).toEqual([]);
  });

  it('announces each offline spell once, and sends nothing while logged out', async () => {
    const group = sb.room('resident', 1, 'hepingli');
    const leaders = sb.room('leaders');
    const resident = sb.member(group, 'resident');
    await sb.heard(group.id);
    await sb.heard(leaders.id);

    await sb.call('POST', '/api/sandbox/puppet', { action: 'logout' });
    await sb.say(group.id, resident.id, '3号楼门口的路灯不亮了，晚上走路看不见，报修');
    await sb.say(group.id, resident.id, '3号楼门口的路灯不亮了，晚上走路看不见，报修', { id: 'held-twice' });
    await sb.say(group.id, resident.id, '3号楼门口的路灯不亮了，晚上走路看不见，报修', { id: 'held-twice' });
    await sb.settle();
    expect(fromBot(sb, await sb.heard(group.id))).toEqual([]);
    await sb.call('POST', '/api/sandbox/puppet', { action: 'login' });
    await sb.settle();
    const acks = fromBot(sb, await sb.heard(group.id));
    expect(acks.length).toBeGreaterThanOrEqual(1);
    expect(fromBot(sb, await sb.heard(leaders.id)).map((l) => l.text)).toEqual(['【系统提示】机器人曾掉线 1 分钟，已恢复，期间消息已补处理。']);
  });
});

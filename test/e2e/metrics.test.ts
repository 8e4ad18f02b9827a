// /metrics: Prometheus text for the operator's scraper, behind the console token like /api.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../support/sandbox-client.js';

const TOKEN = 'metrics-test-token-0123456789';

describe('/metrics', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox({ CONSOLE_TOKEN: TOKEN });
  });
  afterAll(async () => {
    await sb.stop();
  });

  const scrape = async (token?: string) => {
    const res = await fetch(`${sb.url}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: res.status, text: await res.text() };
  };
  const value = (text: string, series: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line === undefined ? undefined : Number(line.slice(series.length + 1));
  };

  it('answers only with the token', async () => {
    expect((await scrape()).status).toBe(401);
    expect((await scrape('wrong-token-0123456789abc')).status).toBe(401);
    expect((await scrape(TOKEN)).status).toBe(200);
  });

  it('counts messages by outcome, tickets opened and finished, and reads the backlog and login state', async () => {
    const resident = sb.room('resident');
    const duty = sb.room('duty', 0, resident.community!);
    await sb.say(resident.id, sb.member(resident, 'resident').id, '8栋1单元电梯又停在18楼不动了，能派人看看吗');
    await sb.say(resident.id, sb.member(resident, 'resident', 1).id, '今天天气真不错');
    await sb.settle();
    const [ticket] = await sb.tickets();
    const staff = sb.member(duty, 'staff');
    await sb.say(duty.id, staff.id, `认领 ${ticket!.no}`);
    await sb.say(duty.id, staff.id, `办结 ${ticket!.no} 已修好`);
    await sb.settle();

    const { text } = await scrape(TOKEN);
    expect(value(text, 'linli_messages_total{chat="resident",outcome="ticket"}')).toBe(1);
    expect(value(text, 'linli_messages_total{chat="duty",outcome="command_claim"}')).toBe(1);
    expect(value(text, `linli_tickets_opened_total{category="${ticket!.category}",urgency="normal"}`)).toBe(1);
    expect(value(text, `linli_tickets_finished_total{category="${ticket!.category}",status="resolved"}`)).toBe(1);
    expect(value(text, 'linli_tickets_open')).toBe(0);
    expect(value(text, 'linli_outbox_pending')).toBe(0);
    expect(value(text, 'linli_outbox_sent_total')).toBeGreaterThanOrEqual(4);
    expect(value(text, 'linli_wechat_logged_in')).toBe(1);
    expect(value(text, 'linli_database_up')).toBe(1);
    expect(value(text, 'linli_inbound_backlog{where="memory"}')).toBe(0);
    expect(value(text, 'linli_process_resident_memory_bytes')).toBeGreaterThan(0);
  });
});

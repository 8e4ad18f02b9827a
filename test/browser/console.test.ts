// The console and the sandbox chat in real Chromium (Debian's, driven by playwright-core), against
// a whole Linli started in-process in sandbox mode. Every wait is for a condition on the page.
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDateKey, localTimeOfDay, startOfLocalDay } from '../../src/domain/calendar.js';
import { EXPORT_COLUMNS } from '../../src/web/ticket-export.js';
import { startSandbox, type Sandbox, type TicketView } from '../support/sandbox-client.js';
import { closeBrowser, launchChromium, screenshot, skipBrowserTests } from '../support/browser.js';

const TZ = 'Asia/Shanghai';
const REPORT = '8栋1单元电梯又停在18楼不动了，按了半天没反应，能派人看看吗';

describe.skipIf(skipBrowserTests)('console and sandbox chat in Chromium', () => {
  let sb: Sandbox;
  let browser: Browser;
  let staffContext: BrowserContext;
  let chat: Page; // the sandbox chat page
  let desk: Page; // the console, signed in as 张网格员 (阳光花园 staff)
  let ticketNo: number;
  const seeded: Record<string, number> = {};

  /**
   * Speaks in the sandbox page as `persona` in `chatId` (a room id, or 'dm' for the bot) and, given
   * `reply`, waits for the bot's next line matching it there and returns its text.
   */
  async function say(chatId: string, persona: string, text: string, reply?: RegExp): Promise<string> {
    await chat.bringToFront();
    await chat.click(`[data-testid=chat-item][data-chat="${chatId}"]`);
    await chat.selectOption('[data-testid=persona]', persona);
    const key = chatId === 'dm' ? `dm:${persona}` : chatId;
    await chat.waitForSelector(`[data-testid=messages][data-loaded="${key}"]`);
    const lines = chat.locator('[data-testid=message][data-bot="1"] .bubble', { hasText: reply ?? /$^/ });
    const before = await lines.count();
    await chat.fill('[data-testid=composer-text]', text);
    await chat.press('[data-testid=composer-text]', 'Enter');
    if (!reply) return '';
    await lines.nth(before).waitFor();
    return lines.nth(before).innerText();
  }

  /** Opens a conversation and waits for a bot line matching `pattern` there. */
  async function botSaid(chatId: string, pattern: RegExp): Promise<string> {
    await chat.bringToFront();
    await chat.click(`[data-testid=chat-item][data-chat="${chatId}"]`);
    const line = chat.locator('[data-testid=message][data-bot="1"] .bubble', { hasText: pattern }).last();
    await line.waitFor();
    return line.innerText();
  }

  async function loginCodeFor(personId: string): Promise<string> {
    await sb.call('POST', `/api/sandbox/private/${personId}/messages`, { text: '登录' });
    await sb.settle();
    const { json } = await sb.call('GET', `/api/sandbox/private/${personId}/messages`);
    const reply = json.messages.at(-1).text as string;
    return /登录码：(\d{6})/.exec(reply)![1]!;
  }

  async function report(roomId: string, from: string, text: string): Promise<number> {
    await sb.say(roomId, from, text);
    await sb.settle();
    const ticket = (await sb.tickets()).find((t) => t.text === text);
    if (!ticket) throw new Error(`no ticket was made of "${text}"`);
    return ticket.no;
  }

  beforeAll(async () => {
    sb = await startSandbox();
    browser = await launchChromium();
    // Start at 08:30 local time, whatever the wall clock says, so days and screenshots look alike.
    const started = new Date(await sb.advance(0));
    const { hour, minute } = localTimeOfDay(started, TZ);
    await sb.advance((((8 * 60 + 30 - (hour * 60 + minute)) % 1440) + 1440) % 1440);
    // A day of history, so the list shows every deadline colour and the dashboard has a shape.
    seeded.lights = await report('yg-2@chatroom', 'yg-sunnainai', '2号楼楼道灯坏了好几天了，晚上黑漆漆的，老人下楼很不安全');
    seeded.streetlamp = await report('hp-1@chatroom', 'hp-lidaye', '小区东门口的路灯不亮了，晚上走路看不清');
    seeded.rubbish = await report('hp-2@chatroom', 'hp-xuayi', '西区5号楼下的垃圾桶满了好几天没人收，臭得不行');
    await sb.say('yg-duty@chatroom', 'yg-staff-chen', `办结 ${seeded.lights} 已更换楼道灯`);
    await sb.say('hp-duty@chatroom', 'hp-staff-li', `认领 ${seeded.streetlamp}`);
    await sb.settle();
    await sb.say('yg-2@chatroom', 'yg-sunnainai', '满意');
    await sb.settle();
    await sb.advance(24 * 60);
    seeded.gate = await report('yg-1@chatroom', 'yg-wangayi', '3号楼单元门门禁坏了，门一直关不上，外面的人随便进');
    seeded.noise = await report('hp-1@chatroom', 'hp-heqiang', '楼上装修电钻声从早上七点就开始了，吵得老人没法休息，能不能管管');
    await sb.advance(100);
  });

  afterAll(async () => {
    await closeBrowser(browser);
    await sb?.stop();
  });

  it('signs in with a code the bot sends in the sandbox private chat', async () => {
    staffContext = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', timezoneId: TZ });
    chat = await staffContext.newPage();
    await chat.goto(`${sb.url}/sandbox`);
    await chat.waitForSelector('#app[data-ready="1"][data-live="open"]');

    const reply = await say('dm', 'yg-staff-zhang', '登录', /登录码/);
    const code = /登录码：(\d{6})/.exec(reply)![1]!;
    expect(reply).toContain(`${sb.url}/console/login?code=${code}`);

    desk = await staffContext.newPage();
    await desk.goto(`${sb.url}/console`);
    await desk.waitForURL(/\/console\/login/);
    await desk.fill('[data-testid=login-code]', code);
    await desk.click('[data-testid=login-submit]');
    await desk.waitForURL(/\/console\/tickets$/);
    expect(await desk.locator('[data-testid=who]').innerText()).toBe('张网格员');

    // The code works once.
    const again = await browser.newContext();
    const other = await again.newPage();
    await other.goto(`${sb.url}/console/login?code=${code}`);
    await other.click('[data-testid=login-submit]');
    await other.waitForSelector('[data-testid=login-error]');
    await again.close();
  });

  it('shows a report posted as a resident in the sandbox page in the ticket list, live', async () => {
    await desk.waitForSelector('body[data-live-state="open"]');
    const ack = await say('yg-1@chatroom', 'yg-chenjie', REPORT, /已登记为工单/);
    ticketNo = Number(/#(\d+)/.exec(ack)![1]);

    const row = desk.locator(`[data-testid=ticket-row][data-no="${ticketNo}"]`);
    await row.waitFor();
    expect(await row.innerText()).toContain('8栋1单元电梯');
    expect(await row.getAttribute('data-status')).toBe('new');
    expect(await row.getAttribute('class')).toContain('tier-blue');
  });

  it('updates the console when staff claim the ticket in the duty group', async () => {
    await say('yg-duty@chatroom', 'yg-staff-zhang', `认领 ${ticketNo}`, new RegExp(`工单 #${ticketNo} 已由 张网格员 认领`));
    const status = desk.locator(`[data-testid=ticket-row][data-no="${ticketNo}"] [data-testid=ticket-status]`);
    await expect.poll(() => status.innerText()).toBe('处理中');
    expect(await desk.locator(`[data-testid=ticket-row][data-no="${ticketNo}"]`).innerText()).toContain('张网格员');
    // Deadline colours: this morning's unclaimed report is yellow, the one just claimed blue.
    expect(await desk.locator(`[data-testid=ticket-row][data-no="${seeded.gate}"]`).getAttribute('class')).toContain('tier-yellow');
    await say('yg-duty@chatroom', 'yg-staff-zhang', `进展 ${ticketNo} 维保师傅已到现场，正在检修`, /已把工单 #\d+ 的进展转告居民/);
  });

  it('resolves the ticket from the console and the residents are told in chat', async () => {
    await desk.click(`[data-testid=ticket-row][data-no="${ticketNo}"] a.no`);
    await desk.waitForURL(new RegExp(`/console/tickets/${ticketNo}$`));
    await desk.fill('[data-testid=resolve-note]', '已更换电梯控制板，恢复运行');
    await desk.click('[data-testid=action-resolve] button[type=submit]');
    await desk.waitForSelector('[data-testid=flash]');
    expect(await desk.locator('[data-testid=detail-status]').innerText()).toBe('已办结');
    const types = await desk.locator('[data-testid=timeline-event]').evaluateAll((els) => els.map((e) => e.getAttribute('data-type')));
    expect(types).toEqual(['created', 'claimed', 'progress', 'resolved']);

    const told = await botSaid('yg-1@chatroom', new RegExp(`工单 #${ticketNo} 已办结`));
    expect(told).toContain('已更换电梯控制板');
    expect(told).toMatch(/满意/);
    // The audit trail has the console user as the actor, as a chat command would.
    const t: TicketView = await sb.ticket(ticketNo);
    expect(t.events.at(-1)).toMatchObject({ type: 'resolved', actor: '张网格员', note: '已更换电梯控制板，恢复运行' });

    await screenshot(desk, 'ticket-timeline');
    await screenshot(chat, 'sandbox-chat');
  });

  it('exports the ticket to .xlsx in the 12345 column layout', async () => {
    const now = new Date((await sb.call('POST', '/api/sandbox/clock', { advanceMinutes: 0 })).json.now);
    await desk.goto(`${sb.url}/console/export`);
    await desk.fill('[data-testid=export-from]', localDateKey(new Date(now.getTime() - 7 * 86_400_000), TZ));
    await desk.fill('[data-testid=export-to]', localDateKey(now, TZ));
    const [download] = await Promise.all([desk.waitForEvent('download'), desk.click('[data-testid=export-xlsx]')]);
    expect(download.suggestedFilename()).toMatch(/^linli-tickets-.*\.xlsx$/);

    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile((await download.path())!);
    const sheet = book.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual([...EXPORT_COLUMNS]);
    const rows = [];
    // Every column of the layout; an empty cell reads as '' (the streaming writer leaves empty strings out, as Excel does).
    for (let i = 2; i <= sheet.rowCount; i++) rows.push(EXPORT_COLUMNS.map((_, c) => sheet.getRow(i).getCell(c + 1).value ?? ''));
    const row = rows.find((r) => r[0] === ticketNo)!;
    const t = await sb.ticket(ticketNo);
    const local = (iso: string | null) => (iso ? new Intl.DateTimeFormat('sv-SE', { timeZone: TZ, dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso)) : '');
    expect(row).toEqual([
      ticketNo,
      '阳光花园邻里牵手1群',
      '陈姐',
      REPORT,
      '房产物业',
      '一般',
      '张网格员',
      local(t.createdAt),
      local(t.claimedAt),
      local(t.resolvedAt),
      '否',
      '',
    ]);
    // Staff export only their own communities.
    expect(rows.map((r) => r[0])).not.toContain(seeded.noise);

    const csv = await desk.request.get(`${sb.url}/api/console/export.csv?from=${localDateKey(now, TZ)}&to=${localDateKey(now, TZ)}`);
    const bytes = await csv.body();
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toContain(`${ticketNo},阳光花园邻里牵手1群,陈姐,`);
  });

  it('keeps a staff member to their communities; a leader sees all and the dashboard matches the API', async () => {
    // Staff of 阳光花园: no 和平里 tickets in the list, not by number, not through the API.
    await desk.goto(`${sb.url}/console/tickets`);
    const nos = await desk.locator('[data-testid=ticket-row]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-no'))));
    expect(nos).toContain(ticketNo);
    expect(nos).not.toContain(seeded.noise);
    expect((await desk.goto(`${sb.url}/console/tickets/${seeded.noise}`))!.status()).toBe(404);
    expect((await desk.request.get(`${sb.url}/api/console/tickets/${seeded.noise}`)).status()).toBe(404);
    const apiNos = ((await (await desk.request.get(`${sb.url}/api/tickets`)).json()).tickets as TicketView[]).map((t) => t.community);
    expect(new Set(apiNos)).toEqual(new Set(['yangguang']));

    // A leader, signed in through the link the bot sends.
    const leaderContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: TZ });
    const boss = await leaderContext.newPage();
    const code = await loginCodeFor('leader-zhao');
    await boss.goto(`${sb.url}/console/login?code=${code}`);
    await boss.click('[data-testid=login-submit]');
    await boss.waitForURL(/\/console\/tickets$/);
    const all = await boss.locator('[data-testid=ticket-row]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-no'))));
    expect(all).toEqual(expect.arrayContaining([ticketNo, seeded.noise, seeded.rubbish, seeded.streetlamp]));
    // Yesterday's report nobody claimed is past its claim deadline: red.
    expect(await boss.locator(`[data-testid=ticket-row][data-no="${seeded.rubbish}"]`).getAttribute('class')).toContain('tier-red');
    await screenshot(boss, 'ticket-list');

    await boss.goto(`${sb.url}/console/dashboard`);
    await boss.waitForSelector('[data-testid=dashboard][data-ready]');
    const figure = (id: string) => boss.locator(`[data-testid=kpi-${id}-value]`).innerText();
    const api = await (await boss.request.get(`${sb.url}/api/console/dashboard?range=today`)).json();
    const tickets = (await (await boss.request.get(`${sb.url}/api/tickets`)).json()).tickets as TicketView[];
    const now = new Date(api.now);
    const today = startOfLocalDay(now, TZ);
    const open = tickets.filter((t) => t.status === 'new' || t.status === 'claimed');
    const dueNow = (t: TicketView) => new Date(t.status === 'new' ? t.claimDueAt : t.dueAt);
    expect(Number(await figure('created'))).toBe(tickets.filter((t) => new Date(t.createdAt) >= today).length);
    expect(Number(await figure('open'))).toBe(open.length);
    expect(Number(await figure('overdue'))).toBe(open.filter((t) => dueNow(t) < now).length);
    expect(Number(await figure('overdue'))).toBeGreaterThan(0);
    const pct = (v: number | null) => (v === null ? '—' : `${(Math.round(v * 1000) / 10).toFixed(1)}%`);
    expect(await figure('claim-rate')).toBe(pct(api.rates.claimOnTime.value));
    expect(await figure('resolve-rate')).toBe(pct(api.rates.resolveOnTime.value));
    expect(await figure('satisfaction')).toBe(pct(api.rates.satisfaction.value));
    expect(await figure('redo')).toBe(pct(api.rates.redo.value));
    // Today one claim (张网格员, on time) and one resolution (from the console, on time).
    expect(api.rates.claimOnTime).toMatchObject({ numerator: 1 });
    expect(api.rates.resolveOnTime).toMatchObject({ numerator: 1 });
    expect(api.byDay.at(-1).created).toBe(tickets.filter((t) => new Date(t.createdAt) >= today).length);
    await boss.locator('[data-testid=chart-days] canvas').first().waitFor();
    await screenshot(boss, 'dashboard', { fullPage: true });
    await leaderContext.close();
  });

  it('refuses console pages and the console API to a browser that has not signed in', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    for (const path of ['/console', '/console/tickets', `/console/tickets/${ticketNo}`, '/console/dashboard', '/console/export', '/console/admin']) {
      await page.goto(sb.url + path);
      expect(page.url()).toContain('/console/login');
    }
    for (const path of ['/api/console/tickets', `/api/console/tickets/${ticketNo}`, '/api/console/dashboard', '/api/console/me', '/api/console/export.xlsx?from=2026-01-01&to=2026-01-02']) {
      expect((await page.request.get(sb.url + path)).status()).toBe(401);
    }
    await context.close();
    expect(readFileSync(new URL('../../docs/screenshots/dashboard.png', import.meta.url)).length).toBeGreaterThan(10_000);
  });
});

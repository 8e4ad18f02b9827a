// The 人员 and 群 pages in real Chromium under the content security policy: a leader signs in with a
// code from the bot, invites someone (the code shown once), and binds a group the bot was added to.
// Any policy violation or script error would show on the page's console and fail the test.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../support/sandbox-client.js';
import { closeBrowser, launchChromium, skipBrowserTests } from '../support/browser.js';

describe.skipIf(skipBrowserTests)('people and groups pages in Chromium', () => {
  let sb: Sandbox;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    sb = await startSandbox();
    browser = await launchChromium();
    page = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/favicon/.test(m.location().url)) problems.push(`console: ${m.text()}`);
    });
    await sb.call('POST', '/api/sandbox/private/leader-zhao/messages', { text: '登录' });
    await sb.settle();
    const reply = (await sb.call('GET', '/api/sandbox/private/leader-zhao/messages')).json.messages.at(-1).text as string;
    const code = /登录码：(\d{6})/.exec(reply)![1]!;
    await page.goto(`${sb.url}/console/login?code=${code}`);
    await page.click('[data-testid=login-submit]');
    await page.waitForURL(/\/console\/tickets$/);
  });
  afterAll(async () => {
    await closeBrowser(browser);
    await sb?.stop();
  });

  it('invites from the 人员 page and shows the code once', async () => {
    await page.click('nav >> text=人员');
    await page.waitForURL(/\/console\/people$/);
    expect(await page.locator('[data-testid=people] tr[data-person="yg-staff-zhang"]').innerText()).toContain('张网格员');
    await page.fill('[data-testid=invite] input[name=name]', '小刘');
    await page.selectOption('[data-testid=invite] select[name=role]', 'staff');
    await page.selectOption('[data-testid=invite] select[name=community]', 'yangguang');
    await page.click('[data-testid=invite] button[type=submit]');
    const code = await page.locator('[data-testid=invitation-code]').innerText();
    expect(code).toMatch(/^\d{6}$/);
    await page.goto(`${sb.url}/console/people`);
    expect(await page.content()).not.toContain(code);
    expect(await page.locator('[data-testid=audit]').innerText()).toContain('发出邀请');
    expect(problems).toEqual([]);
  });

  it('binds a group the bot was added to from the 群 page', async () => {
    const created = await sb.call('POST', '/api/sandbox/rooms', { topic: '阳光花园新楼栋群', members: ['yg-chenjie', 'yg-laozhou'] });
    const id = created.json.id as string;
    await sb.settle();
    await page.goto(`${sb.url}/console/groups`);
    const row = page.locator(`[data-testid=unbound-groups] tr[data-room="${id}"]`);
    await row.waitFor();
    await row.locator('select[name=kind]').selectOption('resident');
    await row.locator('select[name=community]').selectOption('yangguang');
    await row.locator('button[type=submit]').click();
    await page.waitForURL(/ok=bound/);
    expect(await page.locator('[data-testid=flash]').innerText()).toBe('已绑定。');
    expect(await page.locator(`[data-testid=bound-groups] tr[data-room="${id}"]`).innerText()).toContain('阳光花园居民群');
    const view = ((await sb.call('GET', '/api/sandbox/rooms')).json as typeof sb.rooms).find((r) => r.id === id)!;
    expect(view).toMatchObject({ kind: 'resident', community: 'yangguang' });
    expect(problems).toEqual([]);
  });
});

// Pictures in the sandbox chat, in real Chromium: a resident's photo and the leaders' digest chart
// are shown inline from the `url` the message routes give, not as "[图片]".
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../support/sandbox-client.js';
import { closeBrowser, launchChromium, skipBrowserTests } from '../support/browser.js';

describe.skipIf(skipBrowserTests)('pictures in the sandbox chat', () => {
  let sb: Sandbox;
  let browser: Browser;
  let page: Page;

  /** The pictures shown in a conversation once each has loaded: their natural sizes. */
  async function loadedPictures(chatId: string, count: number): Promise<Array<{ width: number; height: number; src: string }>> {
    await page.click(`[data-testid=chat-item][data-chat="${chatId}"]`);
    await page.waitForSelector(`[data-testid=messages][data-loaded="${chatId}"]`);
    const pictures = page.locator('[data-testid=message-image]');
    const sizes = () =>
      pictures.evaluateAll((imgs) =>
        imgs.map((i) => {
          const img = i as unknown as { complete: boolean; naturalWidth: number; naturalHeight: number; src: string };
          return { loaded: img.complete && img.naturalWidth > 0, width: img.naturalWidth, height: img.naturalHeight, src: img.src };
        }),
      );
    await expect.poll(async () => (await sizes()).filter((p) => p.loaded).length, { timeout: 10_000 }).toBeGreaterThanOrEqual(count);
    return (await sizes()).map(({ width, height, src }) => ({ width, height, src }));
  }

  beforeAll(async () => {
    sb = await startSandbox();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${sb.url}/sandbox`);
    await page.waitForSelector('#app[data-ready="1"][data-live="open"]');
  });

  afterAll(async () => {
    await closeBrowser(browser);
    await sb?.stop();
  });

  it("shows a resident's photo in the group", async () => {
    await sb.say('yg-1@chatroom', 'yg-chenjie', '[图片]');
    await sb.settle();
    const [photo] = await loadedPictures('yg-1@chatroom', 1);
    expect(photo).toMatchObject({ width: 16, height: 16 });
    expect(await page.locator('[data-testid=message][data-from="yg-chenjie"] .bubble').last().innerText()).not.toContain('[图片]');
  });

  it("shows the leaders' digest chart the bot posts, live", async () => {
    await page.click('[data-testid=chat-item][data-chat="leaders@chatroom"]');
    await sb.say('leaders@chatroom', 'leader-zhao', '日报');
    await sb.settle();
    const [chart] = await loadedPictures('leaders@chatroom', 1);
    // The chart is a real rendering, not the 16-pixel stand-in.
    expect(chart!.width).toBeGreaterThan(300);
    const bot = page.locator('[data-testid=message][data-bot="1"] [data-testid=message-image]');
    expect(await bot.count()).toBe(1);
    const fetched = await fetch(chart!.src);
    expect(fetched.headers.get('content-type')).toBe('image/png');
  });
});

// Debian's Chromium driven by playwright-core (no browser download): how the browser tests start
// it, and whether they can. They skip only when Chromium is missing and CI is not set.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.LINLI_CHROMIUM ?? '/usr/bin/chromium';
export const chromiumMissing = !existsSync(CHROMIUM);
/** Skip only on a developer's machine without Chromium; under CI a missing browser is a failure. */
export const skipBrowserTests = chromiumMissing && !process.env.CI;
if (skipBrowserTests) {
  console.warn(`[browser tests] skipped: ${CHROMIUM} not found. Install it with \`apt-get install chromium\` (CI installs it and always runs them).`);
}

/**
 * Headless, as root, with the flags this machine needs: without the background-networking ones
 * Chromium keeps dialling Google's hosts through a closed network. Playwright gives every launch
 * a fresh, empty user-data-dir of its own.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // Two pages side by side (chat and console): keep the one behind running at full speed.
      '--disable-background-timer-throttling',
      '--disable-renderer-backgrounding',
      '--disable-backgrounding-occluded-windows',
    ],
  });
}

/**
 * Closes Chromium after a browser test, waiting at most 15 s: once, in a full run on two cores, a
 * browser test's teardown ran past the 60 s hook timeout after all its tests had passed (closing the
 * browser or stopping the sandbox; not seen when run alone). A browser that will not close is left to
 * the test runner's exit, with a warning; stopping the sandbox stays unbounded, so a real hang there
 * still fails.
 */
export async function closeBrowser(browser: Browser | undefined): Promise<void> {
  if (!browser) return;
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const closed = await Promise.race([
    browser.close().then(() => true),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 15_000))),
  ]);
  clearTimeout(timer);
  if (!closed) console.warn(`[browser tests] Chromium did not close within ${Date.now() - started} ms; left to the test runner`);
}

export const SCREENSHOT_DIR = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));

/** Saves a screenshot for the README (docs/screenshots/<name>.png). */
export async function screenshot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), animations: 'disabled', fullPage: opts.fullPage ?? false });
}

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

export const SCREENSHOT_DIR = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));

/** Saves a screenshot for the README (docs/screenshots/<name>.png). */
export async function screenshot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), animations: 'disabled', fullPage: opts.fullPage ?? false });
}

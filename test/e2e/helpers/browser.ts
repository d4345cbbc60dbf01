// Debian's Chromium driven by playwright-core, headless, with screenshots saved under
// test-output/e2e/<flow>.png.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

const ROOT = resolve(import.meta.dirname, '../../..');
export const SCREENSHOT_DIR = join(ROOT, 'test-output/e2e');

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
    ],
  });
}

/** Saves a full-page screenshot of the current state as test-output/e2e/<flow>.png. */
export async function screenshot(page: Page, flow: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${flow}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

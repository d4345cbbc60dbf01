// Debian's Chromium driven by playwright-core, headless, with screenshots saved under
// test-output/e2e/<flow>.png (or <flow>-light.png and <flow>-dark.png for both themes).
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

/**
 * Saves the current screen in both themes as <flow>-light.png and <flow>-dark.png, switching
 * data-theme on <html> (what the Settings theme applies), then puts the page's theme back.
 */
export async function screenshotThemes(page: Page, flow: string): Promise<string[]> {
  // Expressions as strings: this file is type-checked without the DOM library.
  const before = String(await page.evaluate("document.documentElement.dataset.theme ?? 'light'"));
  const setTheme = (theme: string) =>
    page.evaluate(`document.documentElement.dataset.theme = ${JSON.stringify(theme)}`);
  const paths: string[] = [];
  for (const theme of ['light', 'dark']) {
    await setTheme(theme);
    paths.push(await screenshot(page, `${flow}-${theme}`));
  }
  await setTheme(before);
  return paths;
}

/** An element's foreground colour and the first opaque background behind it, as drawn. */
export interface ColourPair {
  foreground: string;
  background: string;
}

/**
 * For every element matching `selector`, its foreground (`foreground`, a page expression over
 * `el`, such as `getComputedStyle(el).color`) and the first opaque background behind it.
 * Evaluated from a string: the e2e files are type-checked without the DOM library.
 */
export async function colourPairs(
  page: Page,
  selector: string,
  foreground: string,
): Promise<ColourPair[]> {
  return (await page.evaluate(`[...document.querySelectorAll(${JSON.stringify(selector)})].map((el) => {
  let node = el;
  let background = 'rgb(255, 255, 255)';
  while (node) {
    const colour = getComputedStyle(node).backgroundColor;
    if (colour && colour !== 'transparent' && !/rgba\\(.*,\\s*0\\)$/.test(colour)) {
      background = colour;
      break;
    }
    node = node.parentElement;
  }
  return { foreground: ${foreground}, background };
})`)) as ColourPair[];
}

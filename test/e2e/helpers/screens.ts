// What every end-to-end flow does with the app: open it (server, browser, page), go to a screen
// through the left navigation (and wait for its heading), and find a form field by its label.
import { afterAll, beforeAll } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchBrowser } from './browser';
import { ensureRendererBuilt } from './rendererBuild';
import { startServe, type ServeHandle } from './serveProcess';

/** Clicks `screen` in the navigation and waits for the screen's level-1 heading. */
export async function goToScreen(
  page: Page,
  screen: string,
  heading: string | RegExp = screen,
): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('link', { name: screen, exact: true })
    .click();
  await page.getByRole('heading', { level: 1, name: heading }).first().waitFor();
}

/** The input or select of the `label.field` whose text starts with `label`. */
export function formField(page: Page, label: string): Locator {
  return page
    .locator('label.field', { hasText: new RegExp(`^\\s*${label}`) })
    .locator('input, select')
    .first();
}

/** What a flow may ask of its page besides the viewport (downloads, say). */
export type StudioPageOptions = Omit<NonNullable<Parameters<Browser['newPage']>[0]>, 'viewport'>;

/**
 * `npas serve` on a fresh data folder and Chromium with one page on it (renderer built first);
 * `pageOptions` go to the page as Playwright takes them (`{ acceptDownloads: true }`).
 */
export async function openStudio(
  viewport = { width: 1440, height: 1000 },
  pageOptions: StudioPageOptions = {},
): Promise<{ server: ServeHandle; browser: Browser; page: Page }> {
  ensureRendererBuilt();
  const [server, browser] = await Promise.all([startServe(), launchBrowser()]);
  const page = await browser.newPage({ ...pageOptions, viewport });
  page.setDefaultTimeout(30_000);
  return { server, browser, page };
}

/** An open studio as the tests of one file share it, with the errors its page has thrown. */
export interface Studio {
  server: ServeHandle;
  browser: Browser;
  page: Page;
  pageErrors: string[];
}

/**
 * Opens the studio at `route` ('/#/design') before the tests of the calling suite, collecting
 * the page's uncaught errors, and closes the browser and the server after them. The fields are
 * filled in by the beforeAll hook: read them inside tests, not at registration.
 */
export function useStudio(route: string, timeoutMs = 180_000): Studio {
  const studio = { pageErrors: [] as string[] } as Studio;
  beforeAll(async () => {
    Object.assign(studio, await openStudio());
    studio.page.on('pageerror', (error) => studio.pageErrors.push(error.message));
    await studio.page.goto(`${studio.server.url}${route}`);
  }, timeoutMs);
  afterAll(async () => {
    await studio.browser?.close();
    await studio.server?.stop();
  });
  return studio;
}

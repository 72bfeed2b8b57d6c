import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { startServer } from '../../src/server/start.js';
import { zh } from '../../web/src/i18n/zh.js';
import { repoRoot } from './paths.js';

/**
 * The browser suite's plumbing: the system Chromium (never a downloaded one), the built front end, logging in
 * through the login page, and screenshots of each screen visited for people to look at.
 */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const webIndex = join(repoRoot, 'web/dist/index.html');
export const screensDir = join(repoRoot, 'test-artifacts/screens');

/** Whether the suite can run here; without Chromium it fails under CI and is skipped elsewhere. */
export function browserAvailability(): { run: boolean; reason?: string } {
  if (existsSync(chromiumPath)) return { run: true };
  const reason = `Chromium not found at ${chromiumPath} (set CHROMIUM_PATH)`;
  if (process.env.CI === 'true') return { run: true, reason };
  return { run: false, reason };
}

export async function launch(): Promise<Browser> {
  if (!existsSync(chromiumPath)) throw new Error(`Chromium not found at ${chromiumPath} (set CHROMIUM_PATH)`);
  if (!existsSync(webIndex))
    throw new Error(`The front end is not built: ${webIndex} is missing. Run \`npm run build\` first.`);
  mkdirSync(screensDir, { recursive: true });
  return chromium.launch({ executablePath: chromiumPath, headless: true });
}

export async function newPage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
    acceptDownloads: true,
  });
  // Generous: under CI the suite shares two cores with LibreOffice and the crash tests.
  context.setDefaultTimeout(30_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  pageErrors.set(page, errors);
  return { context, page };
}

/** Uncaught errors in the page so far: a test that saw any has found a bug in the front end. */
const pageErrors = new WeakMap<Page, string[]>();
export function errorsOf(page: Page): string[] {
  return pageErrors.get(page) ?? [];
}

/** Logs in through the login page and waits until the role's start screen has loaded. */
export async function login(browser: Browser, base: string, username: string, password: string) {
  const { context, page } = await newPage(browser);
  await page.goto(new URL('/login', base).href);
  await page.getByLabel(zh.login.username).fill(username);
  await page.getByLabel(zh.login.password).fill(password);
  await page.getByRole('button', { name: zh.login.submit }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  await page.getByTestId('current-user').waitFor();
  return { context, page };
}

/** A screenshot once the screen has settled: no spinner turning, transitions finished. */
export async function shot(page: Page, name: string): Promise<void> {
  await page.locator('.ant-spin-spinning, .ant-spin-blur').first().waitFor({ state: 'detached' });
  await page.screenshot({ path: join(screensDir, `${name}.png`), fullPage: false, animations: 'disabled' });
}

/**
 * A server on a free local port for a browser suite: no background digests (a scenario that sends one counts
 * it itself), silent, its data under `dataDir`; with the demo data set unless `demo` is false.
 */
export function startTestServer(dataDir: string, demo = true): ReturnType<typeof startServer> {
  return startServer({ port: 0, host: '127.0.0.1', demo, reminders: false, store: { dataDir }, log: () => {} });
}

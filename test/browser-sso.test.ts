import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zh } from '../web/src/i18n/zh.js';
import { browserAvailability, errorsOf, launch, login, newPage, shot, startTestServer } from './support/browser.js';
import { startOidcProvider } from './support/sso.js';

/**
 * Single sign-on in Chromium: the login page offers 统一身份认证登录, the provider's own login and consent
 * pages are filled in, a first-time user lands on 待授权, the administrator grants 单位用户 on the accounts
 * screen, and the waiting page moves on to that unit's tasks by itself.
 */
const availability = browserAvailability();
const UNIT = 'unit:潮州市财政局';

describe.skipIf(!availability.run)('single sign-on in the browser', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let oidc: Awaited<ReturnType<typeof startOidcProvider>>;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const saved = { ...process.env };

  beforeAll(async () => {
    browser = await launch();
    server = await startTestServer(join(mkdtempSync(join(tmpdir(), 'tz-sso-web-')), 'data'));
    const base = server.url.replace(/\/$/, '');
    oidc = await startOidcProvider({
      clientId: 'taizhang',
      clientSecret: 'browser-test-secret',
      redirectUri: `${base}/api/sso/oidc/callback`,
      people: [{ login: 'u-2001', preferredUsername: 'zhaoliu', name: '赵六' }],
    });
    Object.assign(process.env, {
      TAIZHANG_PUBLIC_URL: base,
      TAIZHANG_OIDC_ISSUER: oidc.issuer,
      TAIZHANG_OIDC_CLIENT_ID: 'taizhang',
      TAIZHANG_OIDC_CLIENT_SECRET: 'browser-test-secret',
    });
  }, 120_000);

  afterAll(async () => {
    process.env = saved;
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await oidc?.close();
    await server?.close();
  });

  it('from the SSO button to 待授权, and on to the unit’s tasks once the administrator grants 单位用户', async () => {
    const { context, page } = await newPage(browser);
    contexts.push(context);
    await page.goto(new URL('/login', server.url).href);
    await page.getByRole('link', { name: zh.login.sso }).waitFor();
    await shot(page, 'sso-login');
    await page.getByRole('link', { name: zh.login.sso }).click();
    // oidc-provider's development login page, then its consent page.
    await page.locator('input[name="login"]').fill('u-2001');
    await page.locator('input[name="password"]').fill('any');
    await page.locator('button[type="submit"]').click();
    await page.locator('form input[name="prompt"][value="consent"]').waitFor({ state: 'attached' });
    await page.locator('button[type="submit"]').click();
    await page.waitForURL((u) => u.pathname === '/pending');
    await page.getByTestId('pending-grant').getByText(zh.pending.title).waitFor();
    await expect(page.getByText('赵六', { exact: false }).first().isVisible()).resolves.toBe(true);
    await shot(page, 'sso-pending');
    // Nothing of the application behind it: another screen sends the user back here.
    await page.goto(new URL('/my', server.url).href);
    await page.waitForURL((u) => u.pathname === '/pending');

    const admin = server.accounts.find((a) => a.role === 'admin')!;
    const adminSession = await login(browser, server.url, admin.username, admin.password);
    contexts.push(adminSession.context);
    const ap = adminSession.page;
    await ap.goto(new URL('/accounts', server.url).href);
    await ap.getByTestId('grant-zhaoliu').click();
    const dialog = ap.getByRole('dialog');
    await dialog.getByLabel(zh.accounts.form.role).click();
    await ap.locator('.ant-select-dropdown:visible').getByTitle(zh.roles.unit).click();
    await dialog.getByLabel(zh.accounts.form.unit).fill('潮州市财政局');
    await ap.locator('.ant-select-dropdown:visible').getByTitle('潮州市财政局').click();
    await dialog.getByRole('button', { name: zh.common.save }).click();
    await dialog.waitFor({ state: 'hidden' });

    // The waiting page rechecks on its own and goes to the unit user's home.
    await page.waitForURL((u) => u.pathname === '/my', { timeout: 40_000 });
    await page.getByTestId('my-task-card').first().waitFor();
    const rows = await page.evaluate(async () => {
      const res = await fetch('/api/ledger?limit=5000', { credentials: 'same-origin' });
      return ((await res.json()) as { rows: { unitId: string }[] }).rows.map((r) => r.unitId);
    });
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows)).toEqual(new Set([UNIT]));
    expect(errorsOf(page)).toEqual([]);
    expect(errorsOf(ap)).toEqual([]);
  }, 120_000);
});

import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../src/services/accounts.js';
import { operatorActor } from '../src/services/context.js';
import { zh } from '../web/src/i18n/zh.js';
import { browserAvailability, errorsOf, launch, login, shot, startTestServer } from './support/browser.js';
import { loadDemoDirectory } from './support/ledger.js';

/**
 * 群机器人 in the browser: the office adds a 企业微信 robot for a unit, sees its address masked, sends a test
 * message that a receiver on this machine takes, and sees it counted as sent.
 */
const availability = browserAvailability();
const PASSWORD = 'Good-pass-2024';
const t = zh.robots;

describe.skipIf(!availability.run)('group robots in the browser', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const posts: { key: string | null; body: { msgtype?: string; markdown?: { content?: string } } }[] = [];
  const receiver = createServer((req, res) => {
    let s = '';
    req.on('data', (d: Buffer) => {
      s += d.toString('utf8');
    });
    req.on('end', () => {
      posts.push({ key: new URL(req.url ?? '/', 'http://x').searchParams.get('key'), body: JSON.parse(s) });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"errcode":0,"errmsg":"ok"}');
    });
  });

  beforeAll(async () => {
    await new Promise<void>((ok) => receiver.listen(0, '127.0.0.1', ok));
    browser = await launch();
    server = await startTestServer(join(mkdtempSync(join(tmpdir(), 'tz-robots-web-')), 'data'), false);
    await loadDemoDirectory(server.store);
    const ctx = { store: server.store, actor: operatorActor('test'), now: () => new Date() };
    await createAccount(ctx, { username: 'office', displayName: '公开办', role: 'office', password: PASSWORD });
  }, 60_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
    await new Promise<void>((ok) => receiver.close(() => ok()));
  });

  it('the office adds a robot, sees the address masked, and tests it', async () => {
    const port = (receiver.address() as AddressInfo).port;
    const { context, page } = await login(browser, server.url, 'office', PASSWORD);
    contexts.push(context);
    await page.getByRole('menuitem', { name: zh.nav.robots }).click();
    await page.getByTestId('robots-page').waitFor();
    await page.getByText(t.empty).waitFor();

    await page.getByLabel(t.name, { exact: true }).fill('财政局企业微信群');
    await page.getByLabel(t.platforms.wecom).check();
    await page.getByLabel(t.webhook).fill(`http://127.0.0.1:${port}/cgi-bin/webhook/send?key=web-key-0123456789`);
    // 企业微信 has no signature: the secret field goes away.
    await expect.poll(() => page.getByLabel(t.secret).count()).toBe(0);
    const unit = page.getByLabel(t.unit, { exact: true });
    await unit.click();
    await page.keyboard.type('庆元县财政局');
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '庆元县财政局' })
      .first()
      .click();
    await page.getByRole('button', { name: t.add }).click();

    const row = page.locator('.ant-table-row', { hasText: '财政局企业微信群' });
    await row.waitFor();
    await expect.poll(() => row.textContent()).toContain(`/cgi-bin/webhook/send?key=web-****`);
    expect(await page.content()).not.toContain('web-key-0123456789');

    await row.getByRole('button', { name: t.test }).click();
    await page.getByText(t.testOk).waitFor();
    expect(posts).toHaveLength(1);
    expect(posts[0]!.key).toBe('web-key-0123456789');
    expect(posts[0]!.body.markdown?.content).toMatch(/^\*\*台账机器人测试\*\*/);
    await expect.poll(() => row.textContent()).toContain(t.sent(1, 0, 0));
    await shot(page, 'robots');
    expect(errorsOf(page)).toEqual([]);
  });
});

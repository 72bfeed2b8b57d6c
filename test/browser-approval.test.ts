import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../src/services/accounts.js';
import { operatorActor } from '../src/services/context.js';
import { browserAvailability, errorsOf, launch, login, startTestServer } from './support/browser.js';

/**
 * 三权分立 in the browser: an auditor account the system administrator makes waits, disabled, until the
 * auditor approves it on the audit page; then it logs in and must change the password first.
 */
const availability = browserAvailability();
const PASSWORD = 'Good-pass-2024';

describe.skipIf(!availability.run)('account approval in the browser', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    browser = await launch();
    server = await startTestServer(join(mkdtempSync(join(tmpdir(), 'tz-approval-')), 'data'), false);
    const ctx = { store: server.store, actor: operatorActor('test'), now: () => new Date() };
    await createAccount(ctx, { username: 'admin', displayName: '系统管理员', role: 'admin', password: PASSWORD });
    await createAccount(ctx, { username: 'auditor', displayName: '审计员', role: 'auditor', password: PASSWORD });
  }, 60_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  const api = async (path: string, init: RequestInit = {}) => fetch(new URL(path, server.url), init);

  it('the auditor approves the auditor account the administrator made', async () => {
    const admin = await api('/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: PASSWORD }),
    });
    const cookie = (admin.headers.get('set-cookie') ?? '').split(';')[0]!;
    const { csrf } = (await admin.json()) as { csrf: string };
    const made = await api('/api/accounts', {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' },
      body: JSON.stringify({
        username: 'auditor2',
        displayName: '新审计员',
        role: 'auditor',
        password: 'Chosen-9-pass',
      }),
    });
    expect(made.status).toBe(200);
    const early = await api('/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'auditor2', password: 'Chosen-9-pass' }),
    });
    expect(early.status).toBe(403);

    const s = await login(browser, server.url, 'auditor', PASSWORD);
    contexts.push(s.context);
    const page = s.page;
    await page.getByTestId('audit-page').waitFor();
    const pending = page.getByTestId('pending-accounts');
    await pending.waitFor();
    expect(await pending.textContent()).toContain('auditor2');
    await page.getByTestId('approve-account').click();
    await pending.waitFor({ state: 'detached' });
    expect(errorsOf(page)).toEqual([]);

    const after = await api('/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'auditor2', password: 'Chosen-9-pass' }),
    });
    expect(after.status).toBe(200);
    expect(((await after.json()) as { mustChangePassword: boolean }).mustChangePassword).toBe(true);
  }, 120_000);
});

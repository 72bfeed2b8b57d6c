import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zh } from '../web/src/i18n/zh.js';
import { browserAvailability, errorsOf, launch, login, shot, startTestServer } from './support/browser.js';
import { requireShared } from './support/paths.js';

/**
 * A revised plan uploaded over an issued one, in Chromium: the office sees the diff and its effect, the live
 * ledger stays as it was, what blocks the revision is listed, and it applies only with a reason.
 */
const availability = browserAvailability();
if (!availability.run) console.warn(`browser tests skipped: ${availability.reason}`);

describe.skipIf(!availability.run)('a revision of an issued plan in the browser', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const work = mkdtempSync(join(tmpdir(), 'tz-revision-'));

  beforeAll(async () => {
    browser = await launch();
    server = await startTestServer(join(work, 'data'));
  }, 120_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  it('shows the diff, keeps the ledger, and applies the revision only with a reason', async () => {
    const seeds = join(requireShared(), 'seeds');
    const seed = readdirSync(seeds).find((f) => /^000_.*\.txt$/.test(f));
    if (!seed) throw new Error('seed 000_*.txt missing from ../shared/seeds');
    // The revision drops one requirement the issued plan has.
    const text = readFileSync(join(seeds, seed), 'utf8');
    const dropped = text.split('\n').find((l) => l.includes('加快推进市政府行政规范性文件库建设'));
    if (!dropped) throw new Error('seed 000 no longer has the line this test drops');
    const file = join(work, '潮州市2022年政务公开工作要点分工方案（修订）.txt');
    writeFileSync(file, text.replace(`${dropped}\n`, ''));
    const plan = await server.store.db
      .selectFrom('plans')
      .select(['id', 'revision'])
      .where('title', 'like', '潮州市2022年%')
      .where('state', '=', 'confirmed')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const liveRows = async () =>
      (
        await server.store.db
          .selectFrom('assignments')
          .select(['id', 'state', 'due', 'removed_at'])
          .where('plan_id', '=', Number(plan.id))
          .orderBy('id')
          .execute()
      ).map((r) => JSON.stringify(r));
    const before = await liveRows();

    const account = server.accounts.find((a) => a.username === 'office')!;
    const { context, page } = await login(browser, server.url, 'office', account.password);
    contexts.push(context);
    await page.getByRole('link', { name: zh.nav.importPlan }).click();
    await page.getByTestId('import-page').waitFor();
    await page.locator('input[type=file]').setInputFiles(file);
    await page.getByTestId('import-submit').click();
    const review = page.getByTestId('revision-review');
    await review.waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('revision-summary').textContent()).toContain('删除 1 项');
    expect(await page.getByTestId('revision-diff').textContent()).toContain('加快推进市政府行政规范性文件库建设');
    // The units named by the dropped task lose its items: the effect lists them.
    expect(await page.getByTestId('revision-effect').locator('tr').count()).toBeGreaterThan(1);
    await shot(page, 'revision-review');
    expect(await liveRows()).toEqual(before);

    // Without a reason nothing happens.
    await page.getByTestId('revision-confirm').click();
    await expect.poll(() => review.textContent()).toContain(zh.revision.reasonRequired);
    expect(await liveRows()).toEqual(before);

    // The demo office settled the plan's 有关单位 before confirming it, so with a reason the revision applies.
    await page.getByTestId('revision-reason').fill('市政府调整了规范性文件库建设的安排');
    await page.getByTestId('revision-confirm').click();
    await page.getByTestId('ledger-page').waitFor();
    const after = await server.store.db
      .selectFrom('plans')
      .select('revision')
      .where('id', '=', Number(plan.id))
      .executeTakeFirstOrThrow();
    expect(Number(after.revision)).toBe(Number(plan.revision) + 1);
    const audit = await server.store.db
      .selectFrom('audit_events')
      .select('after_json')
      .where('action', '=', 'plan.revision.confirm')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.after_json!)).toMatchObject({ reason: '市政府调整了规范性文件库建设的安排' });
    expect(await page.getByTestId('revision-review').count()).toBe(0);
    expect(errorsOf(page)).toEqual([]);
  }, 180_000);
});

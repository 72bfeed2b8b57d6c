import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/domain/actor.js';
import { listLedger } from '../src/services/list-ledger.js';
import { reviewCompletion } from '../src/services/review-completion.js';
import { submitProgress } from '../src/services/submit-progress.js';
import { zh } from '../web/src/i18n/zh.js';
import { browserAvailability, errorsOf, launch, shot, startTestServer } from './support/browser.js';

/**
 * The unit's screens on a phone (390×844, Chromium): 我的任务, 报送进展, 延期申请 and the inbox fit the width
 * with no sideways scrolling, every button can be pressed where it is drawn (nothing covers it) and is at least
 * 44 px tall; the unit is told why its report was returned; and the script the login page and 我的任务 load
 * stays under 300 KB gzipped.
 */
const availability = browserAvailability();
if (!availability.run) console.warn(`browser tests skipped: ${availability.reason}`);

const CZJ: Actor = { id: 'acct:czj-test', name: '财政局', role: 'unit', unitId: 'unit:潮州市财政局' };
const OFFICE: Actor = { id: 'acct:office-test', name: '公开办', role: 'office', unitId: null };
const PHONE = { width: 390, height: 844 };
const SCRIPT_BUDGET = 300 * 1024;

/** Run in the page (its DOM): the buttons in `scope` that cannot be pressed where drawn, or are too small. */
const PRESSABLE = `(scope, minHeight) => {
  const out = [];
  const root = document.querySelector(scope);
  if (!root) return [scope + ' not found'];
  for (const b of root.querySelectorAll('button, .ant-btn, .ant-radio-button-wrapper')) {
    const before = b.getBoundingClientRect();
    if (before.width === 0 || before.height === 0) continue;
    if (getComputedStyle(b).visibility === 'hidden' || b.closest('[aria-hidden=true]')) continue;
    b.scrollIntoView({ block: 'center', inline: 'center' });
    const r = b.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    const name = (b.textContent || '').trim() || b.getAttribute('aria-label') || b.className;
    if (!hit || !(hit === b || b.contains(hit)))
      out.push('「' + name + '」 is covered by ' + (hit ? hit.tagName + '.' + hit.className : 'nothing'));
    if (r.height < minHeight) out.push('「' + name + '」 is ' + Math.round(r.height) + 'px tall');
    if (r.left < 0 || r.right > window.innerWidth) out.push('「' + name + '」 sticks out of the window');
  }
  return out;
}`;

describe.skipIf(!availability.run)('unit screens on a phone', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const work = mkdtempSync(join(tmpdir(), 'tz-phone-'));
  const url = (path: string) => new URL(path, server.url).href;

  beforeAll(async () => {
    browser = await launch();
    server = await startTestServer(join(work, 'data'));
  }, 120_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  /** A fresh phone (empty cache) counting the gzipped bytes of every script it loads. */
  const phone = async () => {
    const context = await browser.newContext({ viewport: PHONE, locale: 'zh-CN', isMobile: true, hasTouch: true });
    context.setDefaultTimeout(30_000);
    contexts.push(context);
    const page = await context.newPage();
    const scripts = { bytes: 0, files: [] as string[] };
    // The API requests the page made, as sent (a preload the page's script did not use is made twice).
    const requests: string[] = [];
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.pathname.startsWith('/api/')) requests.push(u.pathname + u.search);
    });
    page.on('response', async (r) => {
      if (r.request().resourceType() !== 'script') return;
      const body = await r.body().catch(() => null);
      if (body) {
        scripts.bytes += gzipSync(body).length;
        scripts.files.push(new URL(r.url()).pathname);
      }
    });
    return { context, page, scripts, requests };
  };

  const noSidewaysScroll = async (page: Page, where: string) => {
    const { scroll, inner } = (await page.evaluate(
      '({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth })',
    )) as { scroll: number; inner: number };
    expect(scroll, `${where}: page is ${scroll}px wide in a ${inner}px window`).toBeLessThanOrEqual(inner);
    // A mobile browser widens its layout viewport (and zooms out) to fit content wider than the screen, which
    // would hide the overflow from the check above.
    expect(inner, `${where}: the layout viewport widened to ${inner}px to fit the page`).toBe(PHONE.width);
  };

  /** Every visible button inside `scope`: what is drawn at its centre is the button itself (or inside it). */
  const buttonsPressable = async (page: Page, scope: string, minHeight: number) => {
    const problems = (await page.evaluate(`(${PRESSABLE})(${JSON.stringify(scope)}, ${minHeight})`)) as string[];
    expect(problems, `${scope}: ${problems.join('; ')}`).toEqual([]);
  };

  /** The drawer has finished sliding in: its panel lies within the window. */
  const drawerSettled = async (page: Page) => {
    const panel = page.locator('.ant-drawer-content-wrapper, .ant-drawer-section').first();
    await expect
      .poll(async () => {
        const b = await panel.boundingBox();
        return b !== null && b.x >= 0 && b.x + b.width <= PHONE.width + 0.5;
      })
      .toBe(true);
  };

  it('loads the login page within the script budget and fits the phone', async () => {
    const { page, scripts, requests } = await phone();
    await page.goto(url('/login'));
    await page.getByTestId('login-form').waitFor();
    await page.getByRole('button', { name: zh.login.submit }).waitFor();
    await page.waitForLoadState('networkidle');
    await noSidewaysScroll(page, '登录页');
    expect(scripts.bytes, `登录页 loads ${scripts.files.join(', ')}`).toBeLessThanOrEqual(SCRIPT_BUDGET);
    for (const r of ['/api/session', '/api/sso', '/api/setup'])
      expect(
        requests.filter((x) => x === r),
        `${r} requested`,
      ).toHaveLength(1);
    console.log(`login page: ${(scripts.bytes / 1024).toFixed(1)} KB gzipped script in ${scripts.files.length} files`);
  });

  it('shows 我的任务 as cards, with the 退回 reason, within the script budget', async () => {
    // The office returns one of the bureau's claims, with its reason.
    const at = (actor: Actor) => ({ store: server.store, actor, now: () => new Date() });
    const mine = (await listLedger(at(CZJ), { limit: 1000 })).rows;
    const single = mine.find((r) => !r.periodic && !r.ongoing && ['not_started', 'in_progress'].includes(r.state));
    if (!single) throw new Error('the demo gives the finance bureau no dated open task');
    await submitProgress(at(CZJ), { assignmentId: single.assignmentId, text: '已完成（手机测试）', claim: 'complete' });
    const reason = `请补充公开网址（手机测试 ${Date.now()}）`;
    await reviewCompletion(at(OFFICE), single.assignmentId, { decision: 'return', reason });

    const { page, scripts } = await phone();
    await page.goto(url('/login'));
    const account = server.accounts.find((a) => a.username === 'czj');
    if (!account) throw new Error('demo account czj missing');
    await page.getByLabel(zh.login.username).fill('czj');
    await page.getByLabel(zh.login.password).fill(account.password);
    await page.getByRole('button', { name: zh.login.submit }).click();
    await page.getByTestId('my-tasks').waitFor();
    await page.getByTestId('my-task-card').first().waitFor();
    await page.getByTestId('reminder-item').first().waitFor();
    await page.waitForLoadState('networkidle');
    await noSidewaysScroll(page, '我的任务');
    await buttonsPressable(page, '[data-testid=my-tasks]', 44);
    await shot(page, 'phone-my-tasks');

    // The returned task's card comes first (it waits for the unit's answer) and says why; the inbox has the
    // message, one line until opened.
    await expect.poll(() => page.getByTestId('my-task-card').first().textContent()).toContain(single.text.slice(0, 20));
    await expect.poll(() => page.getByTestId('return-reason').allTextContents()).toContain(zh.my.returnReason(reason));
    const returned = page.locator('[data-testid=reminder-item][data-kind=returned]').first();
    await returned.waitFor();
    expect(await returned.getByTestId('reminder-text').count()).toBe(0);
    await returned.getByTestId('reminder-toggle').click();
    expect(await returned.getByTestId('reminder-text').textContent()).toContain(`理由：${reason}`);
    await noSidewaysScroll(page, '收件箱');

    // 我的任务 opened directly, cold, by a logged-in phone: the same budget.
    const cold = await phone();
    await cold.context.addCookies(await page.context().cookies());
    await cold.page.goto(url('/my'));
    await cold.page.getByTestId('my-task-card').first().waitFor();
    await cold.page.waitForLoadState('networkidle');
    expect(cold.scripts.bytes, `我的任务 loads ${cold.scripts.files.join(', ')}`).toBeLessThanOrEqual(SCRIPT_BUDGET);
    // The light page: no React or antd until a form is opened, and each first request made once (the server's
    // preloads are the very requests the script makes).
    expect(
      cold.scripts.files.filter((f) => /\/(?:react|antd|theme)-/.test(f)),
      'React or antd on 我的任务',
    ).toEqual([]);
    const first = ['/api/session', '/api/reminders'].concat(cold.requests.filter((r) => r.startsWith('/api/my/')));
    for (const r of first)
      expect(
        cold.requests.filter((x) => x === r),
        `${r} requested`,
      ).toHaveLength(1);
    expect(cold.requests.some((r) => r.startsWith('/api/my/assignments'))).toBe(true);
    console.log(
      `我的任务: ${(cold.scripts.bytes / 1024).toFixed(1)} KB gzipped script (login page then: ${(scripts.bytes / 1024).toFixed(1)} KB)`,
    );

    // 报送进展 and 延期申请 in the drawer: full width, nothing sideways, every button pressable.
    const card = page
      .getByTestId('my-task-card')
      .filter({ has: page.getByTestId('open-report') })
      .first();
    await card.getByTestId('open-report').click();
    const form = page.getByTestId('report-form');
    await form.waitFor();
    await drawerSettled(page);
    await noSidewaysScroll(page, '报送进展');
    await buttonsPressable(page, '.ant-drawer', 44);
    await shot(page, 'phone-report');
    expect(await page.locator('.ant-drawer-title').textContent()).toBe(zh.my.drawerTitle);
    await page.getByRole('tab', { name: zh.my.extension }).click();
    await page.getByTestId('extension-form').waitFor();
    // The title names the form in front of the unit.
    await expect.poll(() => page.locator('.ant-drawer-title').textContent()).toBe(zh.my.extension);
    await drawerSettled(page);
    await noSidewaysScroll(page, '延期申请');
    await buttonsPressable(page, '.ant-drawer', 44);
    expect(errorsOf(page)).toEqual([]);
  });

  it('offers no 申请办结 on 长期推进 work and says which period a report counts for', async () => {
    const { page } = await phone();
    const account = server.accounts.find((a) => a.username === 'czj')!;
    await page.goto(url('/login'));
    await page.getByLabel(zh.login.username).fill('czj');
    await page.getByLabel(zh.login.password).fill(account.password);
    await page.getByRole('button', { name: zh.login.submit }).click();
    await page.getByTestId('my-task-card').first().waitFor();
    const mine = (
      await listLedger({ store: server.store, actor: CZJ, now: () => new Date() }, { limit: 1000 })
    ).rows.find((r) => r.ongoing && r.state !== 'done' && r.state !== 'submitted' && r.period);
    if (!mine) throw new Error('the demo gives the finance bureau no open 长期推进 task');
    // Cards come in plan order: page to the one that is 长期推进.
    const card = page.locator('[data-testid=my-task-card]', { hasText: mine.text.slice(0, 20) }).first();
    while ((await card.count()) === 0) {
      const next = page.getByTestId('my-next-page');
      if ((await next.count()) === 0 || (await next.isDisabled()))
        throw new Error(`card for ${mine.text.slice(0, 20)} not found`);
      const before = await page.getByTestId('my-pager').textContent();
      await next.click();
      await expect.poll(() => page.getByTestId('my-pager').textContent()).not.toBe(before);
      await page.waitForLoadState('networkidle');
    }
    expect(await card.textContent()).toContain(zh.my.period(mine.period!));
    await card.getByTestId('open-report').click();
    await page.getByTestId('report-form').waitFor();
    expect(await page.getByTestId('report-period').textContent()).toContain(zh.report.periodFor(mine.period!));
    const claims = page.getByTestId('report-form').locator('.ant-radio-button-wrapper');
    expect(await claims.allTextContents()).not.toContain(zh.report.claimComplete);
    // The report goes in, counted for that period.
    await page.getByTestId('report-text-input').fill('本季度已按要求公开（手机测试）');
    await page.getByTestId('report-submit').click();
    await page.getByTestId('report-form').waitFor({ state: 'detached' });
    const reported = await server.store.db
      .selectFrom('progress_reports as r')
      .innerJoin('periods as p', 'p.id', 'r.period_id')
      .select(['p.label', 'r.claimed_state'])
      .where('r.assignment_id', '=', mine.assignmentId)
      .where('r.text', '=', '本季度已按要求公开（手机测试）')
      .executeTakeFirstOrThrow();
    expect(reported).toEqual({ label: mine.period, claimed_state: 'in_progress' });
  });
});

// First load of the front end in Chromium (playwright-core, the system browser): for the login page, 我的任务
// and 方案台账, the time until the screen can be used and the script it loads (bytes as sent and gzipped),
// with an empty cache (cold: a fresh browser context) and a warm one (the same context, loaded again). The
// baseline is a blank page from the same server in the same run (/favicon.svg): the ratio is what the front
// end adds to a round trip. Targets: ≤ 300 KB gzipped script for the login page and 我的任务; interactive
// within 2× the blank page.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { login, median, started, table } from './support.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = 5;

export async function benchLoad() {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    console.log(`\n== load: skipped, Chromium not found at ${executablePath} (set CHROMIUM_PATH)`);
    return;
  }
  const data = mkdtempSync(join(tmpdir(), 'tz-bench-load-'));
  const port = 3990 + Math.floor(Math.random() * 9);
  const server = spawn(process.execPath, [join(root, 'bin/taizhang.js'), 'serve', '--demo', '--port', String(port)], {
    env: { ...process.env, TAIZHANG_DATA: data, DATABASE_URL: '', TAIZHANG_REMINDERS: 'off' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const browser = await chromium.launch({ executablePath, headless: true });
  try {
    const out = await started(server);
    const base = `http://127.0.0.1:${port}`;
    const office = await login(base, out, 'office');
    const unit = await login(base, out, 'czj');
    const plan = (await (await fetch(`${base}/api/plans`, { headers: { cookie: office } })).json())[0].id;
    const screens = [
      { name: '空白页（基线）', path: '/favicon.svg', cookie: null, ready: async () => {} },
      {
        name: '登录页',
        path: '/login',
        cookie: null,
        ready: (p) => p.locator('[data-testid=login-form] button[type=submit]:enabled').waitFor(),
      },
      {
        name: '我的任务',
        path: '/my',
        cookie: unit,
        ready: (p) => p.locator('[data-testid=open-report]:enabled').first().waitFor(),
      },
      {
        name: '方案台账',
        path: `/plans/${plan}`,
        cookie: office,
        ready: (p) => p.locator('[data-testid=ledger-page] [data-testid=state-light]').first().waitFor(),
      },
    ];
    const rows = [];
    let blank = null;
    for (const s of screens) {
      const cold = [];
      const warm = [];
      let bytes = { raw: 0, gz: 0 };
      for (let i = 0; i < RUNS; i++) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
        if (s.cookie) {
          const [name, value] = s.cookie.split('=');
          await context.addCookies([{ name, value, url: base }]);
        }
        const page = await context.newPage();
        const counted = { raw: 0, gz: 0 };
        page.on('response', async (r) => {
          if (r.request().resourceType() !== 'script') return;
          const body = await r.body().catch(() => null);
          if (body) {
            counted.raw += body.length;
            counted.gz += gzipSync(body).length;
          }
        });
        cold.push(await timeTo(page, base + s.path, s.ready));
        bytes = { ...counted };
        warm.push(await timeTo(page, base + s.path, s.ready));
        await context.close();
      }
      const c = median(cold);
      const w = median(warm);
      blank ??= { c, w };
      rows.push([
        s.name,
        c.toFixed(0),
        (c / blank.c).toFixed(1),
        w.toFixed(0),
        (w / blank.w).toFixed(1),
        (bytes.raw / 1024).toFixed(0),
        (bytes.gz / 1024).toFixed(0),
      ]);
    }
    console.log(`\n== load: Chromium, demo data, median of ${RUNS} (cold: empty cache; warm: loaded again)`);
    table(['页面', '冷 ms', '÷ 空白页', '热 ms', '÷ 空白页', '脚本 KB', 'gzip KB'], rows);
    const over = rows.filter((r) => ['登录页', '我的任务'].includes(r[0]) && Number(r[6]) > 300);
    console.log(`登录页、我的任务脚本 ≤ 300 KB（gzip）：${over.length ? '未达到' : '达到'}`);
  } finally {
    await browser.close();
    server.kill('SIGTERM');
    await new Promise((ok) => server.once('exit', ok));
    rmSync(data, { recursive: true, force: true });
  }
}

/** Milliseconds from navigation until the screen can be used. */
async function timeTo(page, url, ready) {
  const start = performance.now();
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForLoadState('load');
  await ready(page);
  return performance.now() - start;
}

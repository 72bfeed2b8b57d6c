import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { clockOf, config } from '../config.js';
import { hasAccounts } from '../services/accounts.js';
import type { DemoAccount } from '../services/demo-data.js';
import { createDemoAccounts, loadDemoData } from '../services/demo-data.js';
import { startRobotDispatcher } from '../services/robot-sender.js';
import { configFromEnv, openStore, type Store, type StoreConfig } from '../store/store.js';
import { sweepOrphanFiles } from '../store/sweep.js';
import { scheduleAnchors } from './anchor-schedule.js';
import { createApp } from './app.js';
import { scheduleDigests } from './reminder-schedule.js';
import { TrustedProxies } from './trusted-proxies.js';

/**
 * Starts the server on the configured store. With `demo`, an empty store is first filled with the demo
 * directory, plans and simulated progress, and one account per role whose passwords are printed once.
 * Without demo and without accounts, a one-time set-up code is printed for the first-run page.
 */
export interface StartOptions {
  port: number;
  host: string;
  demo: boolean;
  webRoot?: string;
  /** The store to open (default: from TAIZHANG_DATA / DATABASE_URL). */
  store?: StoreConfig;
  /** Send weekly digests from this process (default: unless TAIZHANG_REMINDERS=off). */
  reminders?: boolean;
  /** Set in cluster workers: the primary prepared the store already (and made this set-up code, if any). */
  prepared?: { setupToken: string | null };
  log?: (line: string) => void;
}

export const REPO_ROOT = resolve(import.meta.dirname, '../..');

/** Fills an empty store with the demo (when asked) and says how to get in: demo accounts or a set-up code. */
export async function prepareStore(
  store: Store,
  options: { demo: boolean; log: (line: string) => void },
): Promise<{ accounts: DemoAccount[]; setupToken: string | null }> {
  const { log } = options;
  let accounts: DemoAccount[] = [];
  if (options.demo) {
    const plans = await store.db.selectFrom('plans').select('id').limit(1).executeTakeFirst();
    if (!plans) {
      log('正在载入演示数据（单位目录、5 份方案、模拟进展）…');
      const r = await loadDemoData(store, resolve(REPO_ROOT, 'demo'));
      log(`已载入 ${r.plans} 份方案、${r.reports} 条进展报送。`);
    }
    accounts = await createDemoAccounts(store, new Date());
    if (accounts.length) {
      log('演示账号（密码只显示这一次，请记下）：');
      for (const a of accounts) log(`  用户名 ${a.username.padEnd(8)} 密码 ${a.password}  ${a.displayName}`);
    }
  }
  let setupToken: string | null = null;
  if (!(await hasAccounts(store))) {
    setupToken = randomBytes(9).toString('base64url');
    log(`尚无账号：请在浏览器打开本系统，用一次性设置码 ${setupToken} 创建系统管理员。`);
  }
  return { accounts, setupToken };
}

export async function startServer(options: StartOptions): Promise<{
  url: string;
  store: Store;
  accounts: DemoAccount[];
  setupToken: string | null;
  close: () => Promise<void>;
}> {
  const log = options.log ?? ((l: string) => process.stdout.write(`${l}\n`));
  const settings = config();
  const store = await openStore(options.store ?? configFromEnv());
  // The real clock, unless TAIZHANG_NOW stages another moment (tests and drills).
  const now = clockOf(settings);
  const { accounts, setupToken } =
    options.prepared !== undefined
      ? { accounts: [], setupToken: options.prepared.setupToken }
      : await prepareStore(store, { demo: options.demo, log });
  const app = createApp({
    store,
    now,
    secureCookies: settings.server.secureCookies,
    proxies: new TrustedProxies(settings.server.trustedProxies),
    webRoot: options.webRoot ?? resolve(REPO_ROOT, 'web/dist'),
    setupToken,
  });
  const stopDigests = (options.reminders ?? settings.reminders.enabled) ? scheduleDigests(store, now, log) : () => {};
  // Files a killed process left behind (see store/sweep.ts), taken away in the background.
  void sweepOrphanFiles(store, now())
    .then((n) => (n ? log(`已清理 ${n} 个无记录的残留文件`) : undefined))
    .catch((e: unknown) => log(`残留文件清理失败：${(e as Error).message}`));
  const stopAnchors = scheduleAnchors(store, now, settings.auditAnchorMinutes, log);
  // Group-robot messages: sent after each event and retried on a timer (every server may run it: rows are claimed).
  const stopRobots = settings.robots.enabled
    ? startRobotDispatcher(store, now, { seconds: settings.robots.drainSeconds, log })
    : async () => {};
  const server = serve({ fetch: app.fetch, port: options.port, hostname: options.host });
  await new Promise<void>((ok) => server.once('listening', () => ok()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  // An IPv6 host is written in brackets in a URL; listening on every address is reached on loopback.
  const host = options.host === '0.0.0.0' ? '127.0.0.1' : options.host === '::' ? '::1' : options.host;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}/`;
  if (options.prepared === undefined) log(`台账已启动：${url}`);
  return {
    url,
    store,
    accounts,
    setupToken,
    close: async () => {
      stopDigests();
      stopAnchors();
      await stopRobots();
      await new Promise<void>((ok) => server.close(() => ok()));
      await store.close();
    },
  };
}

import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../src/server/start.js';
import { createAccount } from '../src/services/accounts.js';
import type { StoreConfig } from '../src/store/store.js';
import { contextFor, operator } from './support/ledger.js';
import { describeEachDialect, factory } from './support/stores.js';

/**
 * The server behind a reverse proxy and a load balancer, over real HTTP: which X-Forwarded-* headers are
 * believed, and the balancer's /healthz and /readyz.
 */
const PASSWORD = 'Proxy-walk-2024';
type Server = Awaited<ReturnType<typeof startServer>>;

async function start(store: StoreConfig, env: Record<string, string>, host = '127.0.0.1'): Promise<Server> {
  const saved = { ...process.env };
  Object.assign(process.env, { TAIZHANG_TRUSTED_PROXIES: '', TAIZHANG_TRUST_PROXY: '' }, env);
  try {
    return await startServer({
      port: 0,
      host,
      demo: false,
      store,
      reminders: false,
      webRoot: '/nonexistent',
      log: () => {},
    });
  } finally {
    process.env = saved;
  }
}

const login = (s: Server, headers: Record<string, string>, username = 'nobody', password = 'Wrong-guess-1') =>
  fetch(new URL('/api/session', s.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ username, password }),
  });

/** The addresses login throttling counted, as the store has them. */
const throttled = async (s: Server) =>
  (await s.store.db.selectFrom('login_throttle').select('key').where('key', 'like', 'ip:%').execute())
    .map((r) => r.key.slice(3))
    .sort();

describe('client address behind a reverse proxy (real HTTP)', () => {
  const f = factory('sqlite');
  const servers: Server[] = [];
  afterAll(async () => {
    for (const s of servers) await s.close();
  });
  const fresh = async (env: Record<string, string>, host?: string) => {
    const s = await start(f.config(), env, host);
    servers.push(s);
    return s;
  };

  it('ignores forwarded headers from a peer that is not a trusted proxy', async () => {
    const s = await fresh({ TAIZHANG_TRUSTED_PROXIES: '10.0.0.0/8' });
    const r = await login(s, { 'x-forwarded-for': '203.0.113.66', 'x-forwarded-proto': 'https' });
    expect(r.status).toBe(403);
    expect(await throttled(s)).toEqual(['127.0.0.1']);
    const audit = await s.store.db
      .selectFrom('audit_events')
      .select('after_json')
      .where('action', '=', 'session.login-failed')
      .execute();
    expect(audit.map((a) => JSON.parse(String(a.after_json)).address)).toEqual(['127.0.0.1']);
  });

  it('walks X-Forwarded-For from the right past trusted hops to the first untrusted address', async () => {
    const s = await fresh({ TAIZHANG_TRUSTED_PROXIES: '127.0.0.1, 10.0.0.0/8' });
    // The client forged the first hop; the proxy at 10.1.2.3 saw 198.51.100.7 and appended it.
    await login(s, { 'x-forwarded-for': '6.6.6.6, 198.51.100.7, 10.1.2.3' });
    // All hops trusted: the leftmost is as far as can be known.
    await login(s, { 'x-forwarded-for': '10.9.9.9' });
    expect(await throttled(s)).toEqual(['10.9.9.9', '198.51.100.7']);
  });

  it('keeps TAIZHANG_TRUST_PROXY=1 as loopback only, and matches IPv6 ranges', async () => {
    const v4 = await fresh({ TAIZHANG_TRUST_PROXY: '1' });
    await login(v4, { 'x-forwarded-for': '2001:db8::5, 127.0.0.1' });
    expect(await throttled(v4)).toEqual(['2001:db8::5']);
    const v6 = await fresh({ TAIZHANG_TRUSTED_PROXIES: '::1, 2001:db8:1::/48' }, '::1');
    expect(v6.url).toContain('::1');
    await login(v6, { 'x-forwarded-for': '198.51.100.8, 2001:db8:1:ffff::1' });
    expect(await throttled(v6)).toEqual(['198.51.100.8']);
  });

  it('sets the Secure cookie flag when a trusted proxy says https, and only then', async () => {
    const trusting = await fresh({ TAIZHANG_TRUSTED_PROXIES: '127.0.0.1' });
    const direct = await fresh({ TAIZHANG_TRUSTED_PROXIES: '10.0.0.1' });
    for (const s of [trusting, direct])
      await createAccount(contextFor(s.store, operator), {
        username: 'edge',
        displayName: '边缘',
        role: 'leader',
        password: PASSWORD,
      });
    const cookie = async (s: Server, proto: string) => {
      const r = await login(s, { 'x-forwarded-proto': proto }, 'edge', PASSWORD);
      expect(r.status).toBe(200);
      return r.headers.get('set-cookie') ?? '';
    };
    expect(await cookie(trusting, 'https')).toMatch(/;\s*Secure/i);
    expect(await cookie(trusting, 'http')).not.toMatch(/;\s*Secure/i);
    expect(await cookie(direct, 'https')).not.toMatch(/;\s*Secure/i);
  });

  it('refuses to start with a trusted proxy it cannot read, naming it', async () => {
    await expect(fresh({ TAIZHANG_TRUSTED_PROXIES: '10.0.0.0/8, proxy.example' })).rejects.toThrow(
      /「proxy\.example」不是 IP 地址或网段/,
    );
  });
});

describeEachDialect('health and readiness for the balancer (real HTTP)', (f) => {
  let s: Server;
  let cfg: StoreConfig;
  beforeAll(async () => {
    cfg = f.config();
    s = await start(cfg, {});
  });
  afterAll(() => s.close());
  const get = async (path: string) => {
    const r = await fetch(new URL(path, s.url));
    return {
      status: r.status,
      json: (await r.json()) as { status: string; problems?: string[] },
      cache: r.headers.get('cache-control'),
    };
  };

  it('answers /healthz and /readyz, uncached, and /api/health as before', async () => {
    expect(await get('/healthz')).toEqual({ status: 200, json: { status: 'ok' }, cache: 'no-store' });
    expect(await get('/readyz')).toEqual({ status: 200, json: { status: 'ready' }, cache: 'no-store' });
    expect((await get('/api/health')).json).toEqual({ ok: true });
    const doc = (await (await fetch(new URL('/api/openapi.json', s.url))).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/healthz', '/readyz']));
  });

  it('is not ready while a migration is missing or the file store cannot be written, and says why without paths', async () => {
    const last = await s.store.db
      .selectFrom('kysely_migration' as never)
      .select(sql<string>`max(name)`.as('n'))
      .executeTakeFirstOrThrow();
    await sql`delete from kysely_migration where name = ${last.n}`.execute(s.store.db);
    let r = await get('/readyz');
    expect(r.status).toBe(503);
    expect(r.json.problems).toEqual([expect.stringMatching(/尚未迁移到最新版本（缺 1 项迁移）/)]);
    expect((await get('/healthz')).status).toBe(200);
    await sql`insert into kysely_migration (name, timestamp) values (${last.n}, ${new Date().toISOString()})`.execute(
      s.store.db,
    );
    expect((await get('/readyz')).status).toBe(200);

    // On PostgreSQL the files live in the database (its check covers them); on SQLite, a file where the file
    // store's directory should be leaves nothing storable under it.
    if (f.dialect !== 'sqlite') return;
    const files = join(cfg.dataDir, 'files');
    rmSync(files, { recursive: true, force: true });
    writeFileSync(files, 'not a directory');
    r = await get('/readyz');
    expect(r).toMatchObject({ status: 503, json: { status: 'not-ready', problems: ['文件存储不可写'] } });
    expect(JSON.stringify(r.json)).not.toContain(cfg.dataDir);
    rmSync(files);
    expect((await get('/readyz')).status).toBe(200);
  });

  it('neither throttles nor audits the probes', async () => {
    const before = await s.store.db
      .selectFrom('audit_events')
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => get(i % 2 ? '/healthz' : '/readyz')));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const after = await s.store.db
      .selectFrom('audit_events')
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});

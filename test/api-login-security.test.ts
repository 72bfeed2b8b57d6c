import { randomBytes, scryptSync } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { createApp } from '../src/server/app.js';
import { LOOPBACK, TrustedProxies } from '../src/server/trusted-proxies.js';
import { createAccount } from '../src/services/accounts.js';
import { CURRENT_COST, DUMMY_HASH, hashPassword, parseHash } from '../src/services/passwords.js';
import { updateSettings } from '../src/services/settings.js';
import type { Store } from '../src/store/store.js';
import { contextFor, loadDemoDirectory, operator } from './support/ledger.js';
import { describeEachDialect } from './support/stores.js';

/** Logins that cannot be raced or told apart, passwords that are not the usual ones, 三权分立 for accounts. */
const PASSWORD = 'Good-pass-2024';
// As the Node server hands a request from the reverse proxy on this machine to the app.
const FROM_PROXY = { incoming: { socket: { remoteAddress: '127.0.0.1', remoteFamily: 'IPv4' } } };
type Json = { error?: { code: string; message: string } } & Record<string, unknown>;

describeEachDialect('login and account security', (f) => {
  let store: Store;
  let app: ReturnType<typeof createApp>;
  let now = new Date('2024-03-01T02:00:00Z');

  const login = async (username: string, password = PASSWORD, from = '10.0.0.1') => {
    const r = await app.request(
      '/api/session',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
        body: JSON.stringify({ username, password }),
      },
      FROM_PROXY,
    );
    const json = (await r.json()) as Json;
    return { status: r.status, json, cookie: (r.headers.get('set-cookie') ?? '').split(';')[0]! };
  };
  const session = async (username: string, password = PASSWORD) => {
    const r = await login(username, password);
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    return { cookie: r.cookie, csrf: r.json.csrf as string };
  };
  const call = async (s: { cookie: string; csrf: string }, method: string, path: string, body?: unknown) => {
    const r = await app.request(path, {
      method,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: r.status, json: (await r.json()) as Json };
  };
  const auditActions = async (action: string) =>
    (await store.db.selectFrom('audit_events').select('entity_id').where('action', '=', action).execute()).length;

  beforeAll(async () => {
    store = await f.open();
    await loadDemoDirectory(store);
    const ctx = contextFor(store, operator);
    for (const [username, role] of [
      ['admin', 'admin'],
      ['target', 'leader'],
      ['auditor', 'auditor'],
      ['changer', 'leader'],
    ] as const)
      await createAccount(ctx, { username, displayName: username, role, password: PASSWORD });
    app = createApp({
      store,
      now: () => now,
      secureCookies: false,
      webRoot: null,
      setupToken: null,
      proxies: new TrustedProxies(LOOPBACK),
    });
  });

  it('evaluates at most five of 100 parallel wrong passwords, then refuses with 429 even the right one', async () => {
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) => login('target', `Wrong-guess-${i}`, `10.1.${i}.1`)),
    );
    const evaluated = (await auditActions('session.login-failed')) + (await auditActions('session.locked'));
    expect(evaluated).toBeLessThanOrEqual(5);
    expect(answers.filter((a) => a.status === 429).length).toBeGreaterThanOrEqual(95);
    expect(answers.every((a) => a.status === 403 || a.status === 429)).toBe(true);
    const refused = answers.find((a) => a.status === 429)!;
    expect(refused.json.error?.message).toMatch(/分钟后再试|暂停登录/);
    expect((await login('target')).status).toBe(429);
    // The lock ends after its time; the right password works again.
    now = new Date(now.getTime() + 16 * 60_000);
    expect((await login('target')).status).toBe(200);
  });

  it('answers an unknown name exactly as a known one, the lock included, and audits both', async () => {
    const known: Json[] = [];
    const unknown: Json[] = [];
    for (let i = 0; i < 6; i++) {
      known.push((await login('changer', `Nope-${i}-wrong`, '10.2.0.1')).json);
      unknown.push((await login('no-such-user', `Nope-${i}-wrong`, '10.2.0.2')).json);
    }
    expect(unknown.map((j) => j.error)).toEqual(known.map((j) => j.error));
    expect(known[5]!.error?.code).toBe('too-many');
    const failed = await store.db
      .selectFrom('audit_events')
      .select(['actor', 'after_json'])
      .where('entity_id', '=', 'no-such-user')
      .execute();
    expect(failed.length).toBe(6);
    expect(failed.every((e) => e.actor === 'anonymous')).toBe(true);
    now = new Date(now.getTime() + 16 * 60_000);
  });

  it('checks unknown names against a real hash at the current cost, so scrypt runs as for an account', async () => {
    const dummy = parseHash(DUMMY_HASH);
    const real = parseHash(await hashPassword(PASSWORD));
    expect(dummy?.cost).toEqual(CURRENT_COST);
    expect(real?.cost).toEqual(CURRENT_COST);
    expect(CURRENT_COST).toEqual({ N: 2 ** 17, r: 8, p: 1 });
    expect(dummy?.hash.length).toBe(real?.hash.length);
  });

  it('throttles one address spraying many names, at the limit the administrator set', async () => {
    await updateSettings(contextFor(store, operator), { maxFailedLoginsPerAddress: 10 });
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await login(`spray${i}`, 'Wrong-Pass-1x', '10.9.9.9')).status);
    expect(statuses.slice(0, 10).every((s) => s === 403)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    // Another address is not affected.
    expect((await login('admin', PASSWORD, '10.9.9.10')).status).toBe(200);
    now = new Date(now.getTime() + 16 * 60_000);
  });

  it('upgrades a hash made at the old cost at the next login', async () => {
    const salt = randomBytes(16);
    const old = `scrypt$32768$8$1$${salt.toString('base64')}$${scryptSync(PASSWORD, salt, 32, { N: 32768, r: 8, p: 1, maxmem: 64 << 20 }).toString('base64')}`;
    await store.db.updateTable('accounts').set({ password_hash: old }).where('username', '=', 'admin').execute();
    expect((await login('admin')).status).toBe(200);
    const row = await store.db
      .selectFrom('accounts')
      .select('password_hash')
      .where('username', '=', 'admin')
      .executeTakeFirstOrThrow();
    expect(parseHash(row.password_hash)?.cost).toEqual(CURRENT_COST);
    expect((await login('admin')).status).toBe(200);
  });

  it('refuses common and reused passwords, accepts a long passphrase, and ends the other sessions', async () => {
    const a = await session('changer');
    const b = await session('changer');
    for (const weak of ['Password1', 'P@ssw0rd', 'Admin@123', 'Qwerty123!']) {
      const r = await call(a, 'POST', '/api/session/password', { current: PASSWORD, next: weak });
      expect(r.status, weak).toBe(400);
      expect(r.json.error?.message, weak).toMatch(/常见/);
    }
    const phrase = 'river stones under a quiet bridge at dawn we walked';
    expect(phrase.length).toBeGreaterThan(40);
    expect((await call(a, 'POST', '/api/session/password', { current: PASSWORD, next: phrase })).status).toBe(200);
    // The session that changed it goes on; the other one has ended.
    expect((await call(a, 'GET', '/api/session')).status).toBe(200);
    expect((await call(b, 'GET', '/api/session')).status).toBe(401);
    const back = await call(a, 'POST', '/api/session/password', { current: phrase, next: PASSWORD });
    expect(back.status).toBe(400);
    expect(back.json.error?.message).toMatch(/最近 5 次/);
    expect((await call(a, 'POST', '/api/session/password', { current: phrase, next: 'Another-good-1' })).status).toBe(
      200,
    );
  });

  it('keeps an auditor or office account the administrator makes disabled until a second role approves it', async () => {
    const admin = await session('admin');
    const made = await call(admin, 'POST', '/api/accounts', {
      username: 'auditor2',
      displayName: '新审计员',
      role: 'auditor',
      password: 'Chosen-by-admin-9',
    });
    expect(made.status).toBe(200);
    expect(made.json).toMatchObject({ active: false, approvalPending: true, mustChangePassword: true });
    expect((await login('auditor2', 'Chosen-by-admin-9')).status).toBe(403);
    // The administrator cannot approve it, nor bring it in by enabling it.
    expect((await call(admin, 'POST', `/api/accounts/${made.json.id}/approval`, { approve: true })).status).toBe(403);
    const enabled = await call(admin, 'PATCH', `/api/accounts/${made.json.id}`, { active: true });
    expect(enabled.json).toMatchObject({ active: false, approvalPending: true });
    // Moving a leader into the office role waits as well.
    const leader = await call(admin, 'POST', '/api/accounts', {
      username: 'leader2',
      displayName: '领导二',
      role: 'leader',
      password: 'Chosen-by-admin-9',
    });
    expect(leader.json).toMatchObject({ active: true, mustChangePassword: true });
    const moved = await call(admin, 'PATCH', `/api/accounts/${leader.json.id}`, { role: 'office' });
    expect(moved.json).toMatchObject({ role: 'office', active: false, approvalPending: true });

    const auditor = await session('auditor');
    const pending = await app.request('/api/accounts/pending', { headers: { cookie: auditor.cookie } });
    expect(((await pending.json()) as { username: string }[]).map((a) => a.username).sort()).toEqual([
      'auditor2',
      'leader2',
    ]);
    expect((await call(auditor, 'POST', `/api/accounts/${made.json.id}/approval`, { approve: true })).status).toBe(200);
    const first = await login('auditor2', 'Chosen-by-admin-9');
    expect(first.status).toBe(200);
    expect(first.json.mustChangePassword).toBe(true);
    // The auditor sees the role change in the log.
    const log = await app.request('/api/audit?action=account.role-change', { headers: { cookie: auditor.cookie } });
    const rows = ((await log.json()) as { rows: { before: { role: string }; after: { role: string } }[] }).rows;
    expect(rows.map((r) => [r.before.role, r.after.role])).toEqual([['leader', 'office']]);
  });

  it('audits refusals and downloads, for the auditor to see', async () => {
    const leader = await session('target');
    expect((await call(leader, 'GET', '/api/accounts')).status).toBe(403);
    const admin = await session('admin');
    const exported = await app.request('/api/units/export?format=csv', { headers: { cookie: admin.cookie } });
    expect(exported.status).toBe(200);
    await exported.arrayBuffer();
    const auditor = await session('auditor');
    const seen = async (action: string) =>
      (
        (await (await app.request(`/api/audit?action=${action}`, { headers: { cookie: auditor.cookie } })).json()) as {
          rows: { entityId: string; after: Record<string, unknown> }[];
        }
      ).rows;
    expect((await seen('access.refused')).map((r) => r.entityId)).toContain('GET /api/accounts');
    const downloads = await seen('download');
    expect(downloads[0]).toMatchObject({ entityId: '/api/units/export', after: { fileName: '单位目录.csv' } });
  });

  it('audits a logout', async () => {
    const s = await session('admin');
    const before = await auditActions('session.logout');
    expect((await call(s, 'DELETE', '/api/session')).status).toBe(200);
    expect(await auditActions('session.logout')).toBe(before + 1);
  });
});

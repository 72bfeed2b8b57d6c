import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAdaptorServer } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/server/app.js';
import { createAccount } from '../src/services/accounts.js';
import { signInWithIdentity } from '../src/services/sso-accounts.js';
import { openStore, type Store } from '../src/store/store.js';
import { importConfirmed } from './support/confirmed.js';
import { COUNTY_PLAN, contextFor, loadDemoDirectory, operator } from './support/ledger.js';
import { repoRoot } from './support/paths.js';
import {
  CookieJar,
  follow,
  listen,
  startCasServer,
  startOidcProvider,
  step,
  submitInteraction,
} from './support/sso.js';
import { describeEachDialect } from './support/stores.js';

/**
 * Single sign-on end to end over real HTTP: taizhang served on a port, a real OpenID Provider (oidc-provider)
 * and a protocol-exact CAS server beside it; the browser's part is played by fetch with a cookie jar,
 * submitting the provider's own login and consent forms.
 */
const FINANCE = 'unit:庆元县财政局';
const ADMIN_PASSWORD = 'Admin-pass-2024';

describeEachDialect('single sign-on', (stores) => {
  let store: Store;
  let server: Server;
  let base: string;
  let oidc: Awaited<ReturnType<typeof startOidcProvider>>;
  let cas: Awaited<ReturnType<typeof startCasServer>>;
  const saved = { ...process.env };

  beforeAll(async () => {
    store = await stores.open();
    await loadDemoDirectory(store);
    const ctx = contextFor(store, operator, '2023-05-01');
    await importConfirmed(ctx, new TextEncoder().encode(COUNTY_PLAN), { name: 'plan.txt' });
    await createAccount(ctx, {
      username: 'sysadmin',
      displayName: '系统管理员',
      role: 'admin',
      password: ADMIN_PASSWORD,
      mustChangePassword: false,
    });
    const app = createApp({ store, now: () => new Date(), secureCookies: false, webRoot: null, setupToken: null });
    server = createAdaptorServer({ fetch: app.fetch }) as Server;
    base = await listen(server);
    oidc = await startOidcProvider({
      clientId: 'taizhang',
      clientSecret: 'a-secret-the-province-issued',
      redirectUri: `${base}/api/sso/oidc/callback`,
      people: [
        { login: 'u-1001', preferredUsername: 'zhangsan', name: '张三' },
        { login: 'u-1002', preferredUsername: 'lisi', name: '李四' },
      ],
    });
    cas = await startCasServer({ name: 'wangwu', attributes: { displayName: '王五', employeeNo: 'E-77' } });
    Object.assign(process.env, {
      TAIZHANG_PUBLIC_URL: base,
      TAIZHANG_OIDC_ISSUER: oidc.issuer,
      TAIZHANG_OIDC_CLIENT_ID: 'taizhang',
      TAIZHANG_OIDC_CLIENT_SECRET: 'a-secret-the-province-issued',
      TAIZHANG_CAS_URL: cas.base,
    });
  });

  afterAll(async () => {
    process.env = saved;
    await new Promise((done) => server.close(done));
    await oidc?.close();
    await cas?.close();
  });

  const atCallback = (url: string) => url.startsWith(`${base}/api/sso/oidc/callback`);

  /** The browser's way through the provider, up to the redirect back to taizhang's callback (not yet taken). */
  async function throughProvider(jar: CookieJar, login: string): Promise<string> {
    let page = await follow(jar, `${base}/api/sso/oidc/login`, atCallback);
    for (let round = 0; round < 3 && !atCallback(page.url); round++) {
      expect(page.res.status, `provider page ${page.url}`).toBe(200);
      const html = await page.res.clone().text();
      page = await submitInteraction(
        jar,
        page,
        html.includes('name="login"') ? { prompt: 'login', login, password: 'any' } : { prompt: 'consent' },
        atCallback,
      );
    }
    expect(page.url).toMatch(/[?&]code=/);
    return page.url;
  }

  async function sessionOf(jar: CookieJar) {
    const res = await step(jar, `${base}/api/session`);
    return { status: res.status, body: (await res.json()) as { actor: { id: string; role: string }; csrf: string } };
  }

  async function adminJar(): Promise<{ jar: CookieJar; csrf: string }> {
    const jar = new CookieJar();
    const res = await step(jar, `${base}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'sysadmin', password: ADMIN_PASSWORD }),
    });
    expect(res.status).toBe(200);
    return { jar, csrf: ((await res.json()) as { csrf: string }).csrf };
  }

  it('says what the login page may offer', async () => {
    const res = await fetch(`${base}/api/sso`);
    expect(await res.json()).toEqual({ oidc: true, cas: true, localPasswords: true });
  });

  it('lands a first OIDC login on 待授权; granted 单位用户, the user sees only that unit’s tasks', async () => {
    const jar = new CookieJar();
    const callback = await throughProvider(jar, 'u-1001');
    const back = await step(jar, callback);
    expect(back.status).toBe(302);
    expect(back.headers.get('location')).toBe('/');

    const me = await sessionOf(jar);
    expect(me.status).toBe(200);
    expect(me.body.actor.role).toBe('none');
    // No role: nothing but the session itself.
    const ledger = await step(jar, `${base}/api/ledger`);
    expect(ledger.status).toBe(403);
    expect(((await ledger.json()) as { error: { message: string } }).error.message).toBe('已登录，等待系统管理员授权');

    const account = await store.db
      .selectFrom('account_identities as i')
      .innerJoin('accounts as a', 'a.id', 'i.account_id')
      .select(['a.id', 'a.username', 'a.display_name', 'a.role', 'i.issuer'])
      .where('i.subject', '=', 'zhangsan')
      .executeTakeFirstOrThrow();
    expect(account).toMatchObject({ username: 'zhangsan', display_name: '张三', role: 'none', issuer: oidc.issuer });

    const admin = await adminJar();
    const listed = (await (await step(admin.jar, `${base}/api/accounts`)).json()) as { id: number; role: string }[];
    expect(listed.find((a) => a.id === Number(account.id))?.role).toBe('none');
    const grant = await step(admin.jar, `${base}/api/accounts/${account.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', 'x-csrf-token': admin.csrf },
      body: JSON.stringify({ role: 'unit', unitId: FINANCE }),
    });
    expect(grant.status).toBe(200);

    // The same browser session carries on with the role granted.
    const after = await sessionOf(jar);
    expect(after.body.actor.role).toBe('unit');
    const res = await step(jar, `${base}/api/ledger?limit=5000`);
    expect(res.status).toBe(200);
    const rows = ((await res.json()) as { rows: { assignmentId: number; unitId: string }[] }).rows;
    const expected = await store.db
      .selectFrom('assignments')
      .select('id')
      .where('unit_id', '=', FINANCE)
      .orderBy('id')
      .execute();
    expect(expected.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.unitId).every((u) => u === FINANCE)).toBe(true);
    expect(rows.map((r) => r.assignmentId).sort((a, b) => a - b)).toEqual(expected.map((e) => Number(e.id)));

    const actions = await store.db
      .selectFrom('audit_events')
      .select(['action', 'entity_id'])
      .where('entity_id', '=', String(account.id))
      .orderBy('id')
      .execute();
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining(['account.sso-create', 'session.login', 'account.grant']),
    );

    // A second login is the same account, matched by (issuer, claim), not a new one.
    const again = new CookieJar();
    await step(again, await throughProvider(again, 'u-1001'));
    expect((await sessionOf(again)).body.actor.id).toBe(`acct:${account.id}`);
  });

  it('refuses a callback whose state is not the one it sent, and a callback with no sign-on begun', async () => {
    const jar = new CookieJar();
    const callback = new URL(await throughProvider(jar, 'u-1002'));
    callback.searchParams.set('state', 'forged-state');
    const res = await step(jar, callback.href);
    expect(res.headers.get('location')).toBe('/login?sso=state');
    expect(jar.cookies.has('tz_session')).toBe(false);
    // The flow is used up: the genuine state cannot be replayed after it either.
    const stranger = await step(new CookieJar(), callback.href);
    expect(stranger.headers.get('location')).toBe('/login?sso=state');
    const refused = await store.db
      .selectFrom('audit_events')
      .select('after_json')
      .where('action', '=', 'session.sso-failed')
      .execute();
    expect(refused.length).toBeGreaterThanOrEqual(2);
    expect(String(refused[0]?.after_json)).toContain('state does not match');
  });

  it('a grant of 审计员 to an SSO account waits for a second role (三权分立), ending the session meanwhile', async () => {
    await createAccount(contextFor(store, operator), {
      username: 'office1',
      displayName: '公开办',
      role: 'office',
      password: ADMIN_PASSWORD,
      mustChangePassword: false,
    });
    const jar = new CookieJar();
    await step(jar, await throughProvider(jar, 'u-1002'));
    const me = await sessionOf(jar);
    expect(me.body.actor.role).toBe('none');
    const id = me.body.actor.id.replace('acct:', '');
    const admin = await adminJar();
    const grant = await step(admin.jar, `${base}/api/accounts/${id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', 'x-csrf-token': admin.csrf },
      body: JSON.stringify({ role: 'auditor' }),
    });
    expect(await grant.json()).toMatchObject({ role: 'auditor', active: false, approvalPending: true });
    expect((await sessionOf(jar)).status).toBe(401);
    // Until approved, signing on again is refused, not a way round the approval.
    const again = new CookieJar();
    expect((await step(again, await throughProvider(again, 'u-1002'))).headers.get('location')).toBe(
      '/login?sso=denied',
    );
  });

  it('logs in by CAS 3.0 (an attribute naming the account) and by CAS 2.0 (cas:user), refusing a replayed ticket', async () => {
    process.env.TAIZHANG_CAS_ATTRIBUTE = 'employeeNo';
    const jar = new CookieJar();
    const toCallback = await follow(jar, `${base}/api/sso/cas/login`, (u) =>
      u.startsWith(`${base}/api/sso/cas/callback`),
    );
    const callback = toCallback.url;
    const res = await step(jar, callback);
    expect(res.headers.get('location')).toBe('/');
    const me = await sessionOf(jar);
    expect(me.body.actor).toMatchObject({ role: 'none', name: '王五' });
    const identity = await store.db
      .selectFrom('account_identities')
      .selectAll()
      .where('issuer', '=', cas.base)
      .executeTakeFirstOrThrow();
    expect(identity.subject).toBe('E-77');

    // The ticket is single-use at the CAS server: a second flow bringing it back is refused.
    const replay = new CookieJar();
    await step(replay, `${base}/api/sso/cas/login`);
    expect((await step(replay, callback)).headers.get('location')).toBe('/login?sso=failed');

    process.env.TAIZHANG_CAS_VERSION = '2';
    delete process.env.TAIZHANG_CAS_ATTRIBUTE;
    const v2 = new CookieJar();
    const cb2 = await follow(v2, `${base}/api/sso/cas/login`, (u) => u.startsWith(`${base}/api/sso/cas/callback`));
    expect((await step(v2, cb2.url)).headers.get('location')).toBe('/');
    expect((await sessionOf(v2)).body.actor).toMatchObject({ role: 'none', name: 'wangwu' });
    delete process.env.TAIZHANG_CAS_VERSION;
  });

  it('with local passwords off, refuses a password login and says to use 统一身份认证', async () => {
    process.env.TAIZHANG_LOCAL_PASSWORDS = 'off';
    try {
      expect(await (await fetch(`${base}/api/sso`)).json()).toMatchObject({ localPasswords: false });
      const res = await fetch(`${base}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'sysadmin', password: ADMIN_PASSWORD }),
      });
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { message: string } }).error.message).toBe(
        '本系统已关闭用户名密码登录，请使用统一身份认证登录',
      );
    } finally {
      delete process.env.TAIZHANG_LOCAL_PASSWORDS;
    }
  });
});

describe('taizhang account grant (the way in when nobody can log in through the web)', () => {
  it('grants 单位用户 to an account single sign-on made, from the server’s command line', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tz-sso-cli-'));
    const store = await openStore({ dataDir });
    await loadDemoDirectory(store);
    await signInWithIdentity(store, new Date(), {
      issuer: 'https://idp.example.gov.cn',
      subject: 'qianqi',
      displayName: '钱七',
      protocol: 'oidc',
      address: '127.0.0.1',
    });
    await store.close();
    const run = (args: string[]) =>
      spawnSync(process.execPath, [join(repoRoot, 'bin/taizhang.js'), ...args], {
        encoding: 'utf8',
        env: { ...process.env, TAIZHANG_DATA: dataDir },
      });
    expect(run(['account', 'list']).stdout).toMatch(/qianqi\t钱七\t待授权/);
    const refused = run(['account', 'grant', 'qianqi', '--role', 'unit']);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('单位用户须指定所属单位');
    const granted = run(['account', 'grant', 'qianqi', '--role', 'unit', '--unit', FINANCE]);
    expect(granted.stderr).toBe('');
    expect(granted.stdout).toContain('已授予 qianqi（钱七）单位用户：庆元县财政局');
    const again = await openStore({ dataDir });
    const row = await again.db
      .selectFrom('accounts')
      .selectAll()
      .where('username', '=', 'qianqi')
      .executeTakeFirstOrThrow();
    await again.close();
    expect(row).toMatchObject({ role: 'unit', unit_id: FINANCE, active: 1 });
  });
});

import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from '../src/server/app.js';
import { createAccount } from '../src/services/accounts.js';
import { reviewCompletion } from '../src/services/review-completion.js';
import { drainOutbox, startRobotDispatcher } from '../src/services/robot-sender.js';
import { addRobot } from '../src/services/robots.js';
import { sendDigests } from '../src/services/send-reminders.js';
import { submitProgress } from '../src/services/submit-progress.js';
import type { Store } from '../src/store/store.js';
import { importConfirmed } from './support/confirmed.js';
import { COUNTY_PLAN, contextFor, loadDemoDirectory, operator, rejects, unitUser } from './support/ledger.js';
import { describeEachDialect } from './support/stores.js';

/**
 * Group robots end to end: a real HTTP receiver on this machine stands in for 钉钉, 企业微信 and 飞书 — it
 * checks each request's signature and body as the platform would and answers as the platform does (HTTP 200
 * with an error code when it refuses) — while 催办, 退回 and digests go through the real routes and services on
 * SQLite and PostgreSQL.
 */
const PASSWORD = 'Good-pass-2024';
const FINANCE = 'unit:庆元县财政局';
const GENERAL_OFFICE = 'unit:庆元县府办';
const DING_SECRET = 'SEC0123456789abcdef-ding';
const FEISHU_SECRET = 'feishu-secret-0123456789';
const PUBLIC_URL = 'https://taizhang.example.gov.cn';

interface Received {
  platform: 'dingtalk' | 'wecom' | 'feishu';
  token: string;
  body: Record<string, unknown>;
  /** What the receiver found wrong with the request as the platform would check it; null when it is right. */
  problem: string | null;
}

/** A scripted answer for a token: the next requests get these, in order, before the platform's success. */
type Script = { status: number; body: string }[];

function startReceiver(now: () => Date) {
  const received: Received[] = [];
  const scripts = new Map<string, Script>();
  const read = (req: IncomingMessage) =>
    new Promise<string>((ok) => {
      let s = '';
      req.setEncoding('utf8');
      req.on('data', (d: string) => {
        s += d;
      });
      req.on('end', () => ok(s));
    });
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const text = await read(req);
    const body = JSON.parse(text) as Record<string, unknown>;
    let platform: Received['platform'];
    let token: string;
    let problem: string | null = null;
    if (url.pathname === '/robot/send') {
      platform = 'dingtalk';
      token = url.searchParams.get('access_token') ?? '';
      const ts = url.searchParams.get('timestamp') ?? '';
      const expected = createHmac('sha256', DING_SECRET).update(`${ts}\n${DING_SECRET}`).digest('base64');
      // url.searchParams has decoded the %2B/%2F/%3D the sender must have encoded.
      if (url.searchParams.get('sign') !== expected) problem = 'sign not match';
      else if (Math.abs(Number(ts) - now().getTime()) > 3_600_000) problem = 'timestamp stale';
      const md = body.markdown as { title?: string; text?: string } | undefined;
      if (body.msgtype !== 'markdown' || !md?.title || !md.text) problem ??= 'not a markdown message';
    } else if (url.pathname === '/cgi-bin/webhook/send') {
      platform = 'wecom';
      token = url.searchParams.get('key') ?? '';
      const md = body.markdown as { content?: string } | undefined;
      if (body.msgtype !== 'markdown' || !md?.content) problem = 'not a markdown message';
      else if (Buffer.byteLength(md.content) > 4096) problem = 'content too long';
    } else {
      platform = 'feishu';
      token = url.pathname.split('/').pop() ?? '';
      const ts = String(body.timestamp ?? '');
      const expected = createHmac('sha256', `${ts}\n${FEISHU_SECRET}`).update('').digest('base64');
      if (body.sign !== expected) problem = 'sign match fail';
      else if (Math.abs(Number(ts) * 1000 - now().getTime()) > 3_600_000) problem = 'timestamp stale';
      const card = body.card as { header?: { title?: { content?: string } }; elements?: unknown[] } | undefined;
      if (body.msg_type !== 'interactive' || !card?.header?.title?.content || !card.elements?.length)
        problem ??= 'not an interactive card';
    }
    received.push({ platform, token, body, problem });
    const scripted = scripts.get(token)?.shift();
    const answer =
      scripted ??
      (problem
        ? platform === 'feishu'
          ? { status: 200, body: JSON.stringify({ code: 19021, msg: problem, data: {} }) }
          : { status: 200, body: JSON.stringify({ errcode: 310000, errmsg: problem }) }
        : platform === 'feishu'
          ? { status: 200, body: JSON.stringify({ code: 0, msg: 'success', data: {} }) }
          : { status: 200, body: JSON.stringify({ errcode: 0, errmsg: 'ok' }) });
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(answer.body);
  });
  return { server, received, scripts };
}

async function waitFor(what: string, check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describeEachDialect('group robots', (f) => {
  let store: Store;
  let planId: number;
  let base: string;
  let receiver: ReturnType<typeof startReceiver>;
  let clock = new Date('2023-07-10T02:00:00Z');
  const now = () => clock;
  let app: ReturnType<typeof createApp>;
  const sessions: Record<string, { cookie: string; csrf: string }> = {};
  const savedPublicUrl = process.env.TAIZHANG_PUBLIC_URL;

  async function call(
    who: string,
    method: string,
    path: string,
    body?: unknown,
    // biome-ignore lint/suspicious/noExplicitAny: answers are read as loose JSON in assertions
  ): Promise<{ status: number; json: any }> {
    const s = sessions[who]!;
    const headers: Record<string, string> = { cookie: s.cookie, 'x-csrf-token': s.csrf };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await app.request(path, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, json: await res.json() };
  }

  beforeAll(async () => {
    process.env.TAIZHANG_PUBLIC_URL = `${PUBLIC_URL}/`;
    receiver = startReceiver(now);
    await new Promise<void>((ok) => receiver.server.listen(0, '127.0.0.1', ok));
    base = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}`;
    store = await f.open();
    await loadDemoDirectory(store);
    const ctx = contextFor(store, operator, '2023-01-05');
    planId = (await importConfirmed(ctx, new TextEncoder().encode(COUNTY_PLAN), { name: 'plan.txt' })).planId;
    for (const [username, role, unitId] of [
      ['office', 'office', null],
      ['admin', 'admin', null],
      ['finance', 'unit', FINANCE],
    ] as const)
      await createAccount(ctx, { username, displayName: username, role, unitId, password: PASSWORD });
    app = createApp({ store, now, secureCookies: false, webRoot: null, setupToken: null });
    await login();
  });

  /** Sessions lapse when the tests move the clock on by hours: logged in again then. */
  async function login(): Promise<void> {
    for (const username of ['office', 'admin', 'finance']) {
      const r = await app.request('/api/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: PASSWORD }),
      });
      expect(r.status, `login ${username}`).toBe(200);
      sessions[username] = {
        cookie: (r.headers.get('set-cookie') ?? '').split(';')[0]!,
        csrf: ((await r.json()) as { csrf: string }).csrf,
      };
    }
  }
  afterAll(async () => {
    if (savedPublicUrl === undefined) delete process.env.TAIZHANG_PUBLIC_URL;
    else process.env.TAIZHANG_PUBLIC_URL = savedPublicUrl;
    await new Promise<void>((ok) => receiver.server.close(() => ok()));
  });

  it('lets the office manage robots, refuses unit staff, and never shows or audits a secret whole', async () => {
    const robot = {
      name: '财政局工作群',
      platform: 'dingtalk',
      webhookUrl: `${base}/robot/send?access_token=ding-token-finance-0123456789`,
      secret: DING_SECRET,
      unitId: FINANCE,
    };
    const refused = await call('finance', 'POST', '/api/robots', robot);
    expect(refused.status).toBe(403);
    expect((await call('finance', 'GET', '/api/robots')).status).toBe(403);

    const added = await call('office', 'POST', '/api/robots', robot);
    expect(added.status, JSON.stringify(added.json)).toBe(200);
    expect(added.json).toMatchObject({
      platform: 'dingtalk',
      signed: true,
      scope: 'unit',
      unitId: FINANCE,
      enabled: true,
    });
    expect(added.json.webhookUrl).toBe(`${base}/robot/send?access_token=ding****`);
    const wecom = await call('admin', 'POST', '/api/robots', {
      name: '财政局企业微信群',
      platform: 'wecom',
      webhookUrl: `${base}/cgi-bin/webhook/send?key=wecom-key-finance-0123456789`,
      unitId: FINANCE,
    });
    expect(wecom.status, JSON.stringify(wecom.json)).toBe(200);
    const feishu = await call('office', 'POST', '/api/robots', {
      name: '方案工作群',
      platform: 'feishu',
      webhookUrl: `${base}/open-apis/bot/v2/hook/feishu-hook-plan-0123456789`,
      secret: FEISHU_SECRET,
      planId,
    });
    expect(feishu.status, JSON.stringify(feishu.json)).toBe(200);
    expect(feishu.json.webhookUrl).toBe(`${base}/open-apis/bot/v2/hook/feis****`);

    // 企业微信 has no signature: a secret there is a mistake, said so; an address that is not a robot's is refused.
    const wrong = await call('office', 'POST', '/api/robots', { ...robot, platform: 'wecom' });
    expect(wrong.status).toBe(400);
    expect(wrong.json.error.message).toMatch(/企业微信/);
    const outside = await call('office', 'POST', '/api/robots', {
      ...robot,
      webhookUrl: 'http://example.com/robot/send?access_token=x',
    });
    expect(outside.json.error.message).toMatch(/https/);

    const listed = JSON.stringify((await call('office', 'GET', '/api/robots')).json);
    const audit = JSON.stringify(await store.db.selectFrom('audit_events').selectAll().execute());
    for (const secret of [DING_SECRET, FEISHU_SECRET, 'ding-token-finance', 'wecom-key-finance', 'feishu-hook-plan']) {
      expect(listed).not.toContain(secret);
      expect(audit).not.toContain(secret);
    }
    expect(audit).toContain('robot.add');
  });

  it('sends a 催办 as exactly one signed POST per robot, in its format, and not again when repeated', async () => {
    const stop = startRobotDispatcher(store, now, { seconds: 3600, log: () => {} });
    try {
      const urged = await call('office', 'POST', `/api/units/${encodeURIComponent(FINANCE)}/urge`, {
        planId,
        note: '请于本周内报送 [紧急](http://evil.example)',
      });
      expect(urged.status, JSON.stringify(urged.json)).toBe(200);
      // The answer does not wait for the robots: the dispatcher sends after the commit.
      await waitFor('three robot posts', () => receiver.received.length >= 3);
      await waitFor('deliveries marked sent', async () => {
        const rows = await store.db.selectFrom('robot_deliveries').select('status').execute();
        return rows.length === 3 && rows.every((r) => r.status === 'sent');
      });
      const got = receiver.received.splice(0);
      expect(got.map((r) => r.problem)).toEqual([null, null, null]);
      expect(got.map((r) => r.platform).sort()).toEqual(['dingtalk', 'feishu', 'wecom']);
      const ding = got.find((r) => r.platform === 'dingtalk')!.body as { markdown: { title: string; text: string } };
      expect(ding.markdown.title).toMatch(/^催办：庆元县财政局 \d+ 项逾期事项$/);
      expect(ding.markdown.text).toContain('全面公开财政预决算');
      expect(ding.markdown.text).toContain(`[打开我的任务](${PUBLIC_URL}/my)`);
      // The note's markdown is made inert: no link to the evil address.
      expect(ding.markdown.text).not.toContain('](http://evil');
      const wecomBody = got.find((r) => r.platform === 'wecom')!.body as { markdown: { content: string } };
      expect(wecomBody.markdown.content).toMatch(/^\*\*催办：庆元县财政局/);
      const card = got.find((r) => r.platform === 'feishu')!.body as {
        card: { header: { title: { content: string } }; elements: { tag: string; actions?: { url: string }[] }[] };
      };
      expect(card.card.header.title.content).toMatch(/^催办：庆元县财政局/);
      expect(card.card.elements.find((e) => e.tag === 'action')?.actions?.[0]?.url).toBe(`${PUBLIC_URL}/my`);

      // Pressed again the same day for the same items: recorded in-app again, but nothing new for the groups.
      const again = await call('office', 'POST', `/api/units/${encodeURIComponent(FINANCE)}/urge`, { planId });
      expect(again.status).toBe(200);
      await drainOutbox(store, now);
      expect(await store.db.selectFrom('robot_deliveries').select('id').execute()).toHaveLength(3);
      expect(receiver.received).toHaveLength(0);
      const reminders = await store.db.selectFrom('reminders').select('id').where('kind', '=', 'urge').execute();
      expect(reminders).toHaveLength(2);
    } finally {
      await stop();
    }
  });

  it('retries a failing robot with back-off and delivers a 退回 once, never twice', async () => {
    const ctx = contextFor(store, operator, '2023-07-10');
    const robot = await addRobot(ctx, {
      name: '发改局工作群',
      platform: 'dingtalk',
      webhookUrl: `${base}/robot/send?access_token=flaky-token-0123456789`,
      secret: DING_SECRET,
      unitId: GENERAL_OFFICE,
    });
    // First the gateway is down, then 钉钉 says "too fast" with HTTP 200, then it takes the message.
    receiver.scripts.set('flaky-token-0123456789', [
      { status: 502, body: 'Bad Gateway' },
      { status: 200, body: JSON.stringify({ errcode: 130101, errmsg: 'send too fast' }) },
    ]);
    const assignment = await store.db
      .selectFrom('assignments as a')
      .innerJoin('tasks as t', 't.id', 'a.task_id')
      .select('a.id')
      .where('a.plan_id', '=', planId)
      .where('a.unit_id', '=', GENERAL_OFFICE)
      .where('t.text', 'like', '%同步解读%')
      .executeTakeFirstOrThrow();
    await submitProgress(contextFor(store, unitUser(GENERAL_OFFICE), '2023-07-10'), {
      assignmentId: Number(assignment.id),
      text: '已完成',
      claim: 'complete',
    });
    clock = new Date('2023-07-10T03:00:00Z');
    await reviewCompletion({ store, actor: operator, now }, Number(assignment.id), {
      decision: 'return',
      reason: '佐证材料不全',
    });
    const flaky = () => receiver.received.filter((r) => r.token === 'flaky-token-0123456789');
    const delivery = () =>
      store.db.selectFrom('robot_deliveries').selectAll().where('robot_id', '=', robot.id).executeTakeFirstOrThrow();

    // The plan's 飞书 robot takes the 退回 at once; the unit's 钉钉 robot is the flaky one.
    expect(await drainOutbox(store, now)).toEqual({ sent: 1, retrying: 1, failed: 0 });
    expect(flaky()).toHaveLength(1);
    expect(await delivery()).toMatchObject({ status: 'pending', attempts: 1, last_error: 'HTTP 502：Bad Gateway' });
    // Not before the back-off (30 s after the first attempt)…
    clock = new Date(clock.getTime() + 29_000);
    await drainOutbox(store, now);
    expect(flaky()).toHaveLength(1);
    // …then the second attempt, refused in the body of an HTTP 200…
    clock = new Date(clock.getTime() + 2_000);
    expect(await drainOutbox(store, now)).toMatchObject({ retrying: 1 });
    expect(flaky()).toHaveLength(2);
    expect((await delivery()).last_error).toBe('错误码 130101：send too fast');
    // …and the third after twice the wait (60 s), which succeeds.
    clock = new Date(clock.getTime() + 59_000);
    await drainOutbox(store, now);
    expect(flaky()).toHaveLength(2);
    clock = new Date(clock.getTime() + 2_000);
    expect(await drainOutbox(store, now)).toMatchObject({ sent: 1 });
    // Hours later nothing more goes out.
    clock = new Date(clock.getTime() + 6 * 3_600_000);
    expect(await drainOutbox(store, now)).toEqual({ sent: 0, retrying: 0, failed: 0 });
    const posts = flaky();
    expect(posts).toHaveLength(3);
    expect(posts.every((p) => p.problem === null)).toBe(true);
    const text = (posts[2]!.body as { markdown: { text: string } }).markdown.text;
    expect(text).toContain('佐证材料不全');
    expect(text).toMatch(new RegExp(`\\[查看任务\\]\\(${PUBLIC_URL}/tasks/\\d+\\)`));
    const d = await delivery();
    expect(d).toMatchObject({ status: 'sent', attempts: 3, kind: 'returned' });
    const attempts = await store.db
      .selectFrom('robot_attempts')
      .select(['attempt', 'ok', 'http_status', 'error'])
      .where('delivery_id', '=', d.id)
      .orderBy('attempt')
      .execute();
    expect(attempts.map((a) => [a.attempt, a.ok, a.http_status])).toEqual([
      [1, 0, 502],
      [2, 0, 200],
      [3, 1, 200],
    ]);
    receiver.received.splice(0);
  });

  it('posts one digest per unit and week to its robots, however often digests are sent', async () => {
    clock = new Date('2023-07-11T02:00:00Z');
    const ctx = { store, actor: operator, now };
    await sendDigests(ctx, null);
    // A second server sending the same week's digests: the reminders are guarded by the week, the robots by the key.
    await store.db.deleteFrom('reminders').where('kind', '=', 'digest').execute();
    await sendDigests(ctx, null);
    await drainOutbox(store, now);
    const digests = await store.db.selectFrom('robot_deliveries').selectAll().where('kind', '=', 'digest').execute();
    expect(digests.length).toBeGreaterThan(0);
    expect(new Set(digests.map((d) => d.idempotency_key)).size).toBe(digests.length);
    const financeRobots = receiver.received.filter((r) => r.token.includes('finance'));
    expect(financeRobots.map((r) => r.platform).sort()).toEqual(['dingtalk', 'wecom']);
    expect(receiver.received.every((r) => r.problem === null)).toBe(true);
  });

  it('tests a robot on request and removes it, keeping the record', async () => {
    await login();
    const robots = (await call('office', 'GET', '/api/robots')).json as { id: number; name: string }[];
    const ding = robots.find((r) => r.name === '财政局工作群')!;
    const tested = await call('office', 'POST', `/api/robots/${ding.id}/test`);
    expect(tested.json).toEqual({ ok: true, error: null });
    expect((await call('finance', 'POST', `/api/robots/${ding.id}/test`)).status).toBe(403);
    expect((await call('office', 'DELETE', `/api/robots/${ding.id}`)).status).toBe(200);
    const left = (await call('office', 'GET', '/api/robots')).json as { id: number }[];
    expect(left.map((r) => r.id)).not.toContain(ding.id);
    await rejects(
      addRobot(contextFor(store, unitUser(FINANCE)), {
        name: 'x',
        platform: 'wecom',
        webhookUrl: `${base}/cgi-bin/webhook/send?key=k`,
        unitId: FINANCE,
      }),
      'forbidden',
    );
  });
});

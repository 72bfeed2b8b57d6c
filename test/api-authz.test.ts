import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../src/domain/actor.js';
import { createApp } from '../src/server/app.js';
import { createAccount } from '../src/services/accounts.js';
import { findAssignment } from '../src/services/find-assignment.js';
import { importPlanFile } from '../src/services/import-plan.js';
import { requestExtension } from '../src/services/request-extension.js';
import { addRobot } from '../src/services/robots.js';
import { sendDigests } from '../src/services/send-reminders.js';
import { submitProgress } from '../src/services/submit-progress.js';
import { openStore, type Store } from '../src/store/store.js';
import { importConfirmed } from './support/confirmed.js';
import { COUNTY_PLAN, contextFor, loadDemoDirectory, operator, unitUser } from './support/ledger.js';
import { requireShared } from './support/paths.js';

/**
 * Every API route × every role (and, for a unit user, its own unit's objects and another unit's) → the
 * expected answer: allowed (anything but 401/403, and not 404 for its own objects) or denied (401 when
 * nobody is logged in; 403, or 404 where even existence is not revealed). The expectations below are
 * written from the roles as the office defines them, not read from the code; the test also fails if a
 * route exists that the matrix does not cover.
 */
type Who = Role | 'anonymous';
// 'none': an account single sign-on made and nobody has yet granted a role (待授权).
const ROLES: Who[] = ['anonymous', 'admin', 'office', 'unit', 'leader', 'auditor', 'none'];

interface Case {
  method: string;
  /** The route as registered ({id} placeholders). */
  route: string;
  /** The concrete request path. */
  path: string;
  /** Roles allowed; the unit role on the own-unit variant only when `unitOwn`. */
  allow: Who[];
  body?: () => NonNullable<RequestInit['body']>;
  json?: unknown;
  note?: string;
}

const FINANCE = 'unit:庆元县财政局';
const AGRI = 'unit:庆元县农业农村局';
const PASSWORD = 'Test-pass-2024';
const ALL: Who[] = ['anonymous', 'admin', 'office', 'unit', 'leader', 'auditor', 'none'];
const LOGGED_IN: Who[] = ['admin', 'office', 'unit', 'leader', 'auditor'];

describe('API authorisation matrix', () => {
  let store: Store;
  let app: ReturnType<typeof createApp>;
  const ids: Record<string, number> = {};
  const sessions = new Map<Who, { cookie: string; csrf: string }>();

  beforeAll(async () => {
    store = await openStore({ dataDir: mkdtempSync(join(tmpdir(), 'tz-authz-')) });
    const ctx = contextFor(store, operator, '2023-05-01');
    await loadDemoDirectory(store);
    const confirmed = await importConfirmed(ctx, new TextEncoder().encode(COUNTY_PLAN), {
      name: 'plan.txt',
    });
    const draft = await importPlanFile(ctx, new TextEncoder().encode(COUNTY_PLAN.replace('2023', '2024')), {
      name: 'draft.txt',
    });
    ids.plan = confirmed.planId;
    ids.draft = draft.planId;
    // A plan read from a PDF: its pages can be shown as images (the review screen's view of a scan).
    const scanned = await importConfirmed(ctx, readFileSync(join(requireShared(), 'fixtures/office/plan004.pdf')), {
      name: 'plan004.pdf',
    });
    ids.pdf = scanned.planId;
    // A draft printing a name the directory lacks: «新建单位» settles it.
    const unknown = await importPlanFile(
      ctx,
      new TextEncoder().encode(COUNTY_PLAN.replace('2023', '2026').replace('县司法局', '县医保局')),
      { name: 'unknown.txt' },
    );
    const task = async (prefix: string) =>
      Number(
        (
          await store.db
            .selectFrom('tasks')
            .select('id')
            .where('plan_id', '=', confirmed.planId)
            .where('text', 'like', `${prefix}%`)
            .executeTakeFirstOrThrow()
        ).id,
      );
    ids.ownTask = await task('全面公开');
    ids.otherTask = await task('规范发布');
    ids.own = await findAssignment(ctx, ids.ownTask, FINANCE);
    ids.other = await findAssignment(ctx, ids.otherTask, AGRI);
    const pdf = new TextEncoder().encode('%PDF-1.4\n%%EOF\n');
    const a = await submitProgress(contextFor(store, unitUser(FINANCE)), {
      assignmentId: ids.own,
      text: '进展',
      claim: 'in_progress',
      files: [{ name: 'a.pdf', bytes: pdf }],
    });
    const b = await submitProgress(contextFor(store, unitUser(AGRI)), {
      assignmentId: ids.other,
      text: '进展',
      claim: 'in_progress',
      files: [{ name: 'b.pdf', bytes: pdf }],
    });
    const ev = await store.db.selectFrom('evidence').select(['id', 'report_id']).execute();
    ids.ownEvidence = Number(ev.find((e) => Number(e.report_id) === a.reportId)!.id);
    ids.otherEvidence = Number(ev.find((e) => Number(e.report_id) === b.reportId)!.id);
    await sendDigests(contextFor(store, operator, '2023-06-26'), null);
    const reminders = await store.db.selectFrom('reminders').select(['id', 'unit_id']).execute();
    ids.ownReminder = Number(reminders.find((r) => r.unit_id === FINANCE)!.id);
    ids.otherReminder = Number(reminders.find((r) => r.unit_id !== FINANCE)!.id);
    ids.extension = (
      await requestExtension(contextFor(store, unitUser(FINANCE)), {
        assignmentId: ids.own,
        requestedDue: '2023-09-30',
        reason: '等待',
      })
    ).requestId;
    ids.pending = Number(
      (
        await store.db
          .selectFrom('pending_choices')
          .select('id')
          .where('plan_id', '=', draft.planId)
          .executeTakeFirstOrThrow()
      ).id,
    );
    ids.unknownPending = Number(
      (
        await store.db
          .selectFrom('pending_choices')
          .select('id')
          .where('plan_id', '=', unknown.planId)
          .where('kind', '=', 'unknown')
          .executeTakeFirstOrThrow()
      ).id,
    );
    // Nothing listens on port 9: a test message answers "not delivered", which is still an allowed answer.
    ids.robot = (
      await addRobot(contextFor(store, operator), {
        name: '财政局工作群',
        platform: 'wecom',
        webhookUrl: 'http://127.0.0.1:9/cgi-bin/webhook/send?key=authz',
        unitId: FINANCE,
      })
    ).id;
    const accounts: [Role, string | null][] = [
      ['admin', null],
      ['office', null],
      ['unit', FINANCE],
      ['leader', null],
      ['auditor', null],
    ];
    for (const [role, unitId] of accounts)
      await createAccount(ctx, { username: `u-${role}`, displayName: role, role, unitId, password: PASSWORD });
    // No service makes a role-less account with a known password (single sign-on makes them): set it here.
    await createAccount(ctx, { username: 'u-none', displayName: '待授权', role: 'leader', password: PASSWORD });
    await store.db.updateTable('accounts').set({ role: 'none' }).where('username', '=', 'u-none').execute();
    accounts.push(['none', null]);
    const spare = await createAccount(ctx, {
      username: 'spare',
      displayName: '备用',
      role: 'leader',
      password: PASSWORD,
    });
    ids.account = spare.id;
    app = createApp({
      store,
      now: () => new Date('2023-06-01T04:00:00Z'),
      secureCookies: false,
      webRoot: null,
      setupToken: 'setup-token',
    });
    for (const [role] of accounts) {
      const res = await app.request('/api/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: `u-${role}`, password: PASSWORD }),
      });
      expect(res.status).toBe(200);
      const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
      sessions.set(role, { cookie, csrf: ((await res.json()) as { csrf: string }).csrf });
    }
  });
  afterAll(async () => store?.close());

  const file = (name: string, text: string) => () => {
    const f = new FormData();
    f.append('file', new File([text], name));
    return f;
  };
  const sheetApply = () => {
    const f = new FormData();
    f.append('file', new File(['not a workbook'], '台账.xlsx'));
    f.append('accept', 'all');
    return f;
  };
  const report = () => {
    const f = new FormData();
    f.append('text', '本期进展');
    f.append('claim', 'in_progress');
    return f;
  };

  function cases(): Case[] {
    const office: Who[] = ['office'];
    const readers: Who[] = ['office', 'leader'];
    return [
      { method: 'GET', route: '/api/health', path: '/api/health', allow: ALL },
      { method: 'GET', route: '/healthz', path: '/healthz', allow: ALL },
      { method: 'GET', route: '/readyz', path: '/readyz', allow: ALL },
      { method: 'GET', route: '/api/openapi.json', path: '/api/openapi.json', allow: ALL },
      { method: 'GET', route: '/api/session', path: '/api/session', allow: [...LOGGED_IN, 'none'] },
      { method: 'GET', route: '/api/sso', path: '/api/sso', allow: ALL },
      {
        method: 'POST',
        route: '/api/session/password',
        path: '/api/session/password',
        allow: [...LOGGED_IN, 'none'],
        json: { current: 'wrong', next: 'Whatever-2024' },
      },
      { method: 'GET', route: '/api/setup', path: '/api/setup', allow: ALL },
      {
        method: 'POST',
        route: '/api/setup',
        path: '/api/setup',
        allow: ALL,
        json: { token: 'x', username: 'root', displayName: 'r', password: PASSWORD },
        note: 'open, guarded by the set-up code',
      },
      { method: 'GET', route: '/api/plans', path: '/api/plans', allow: ['office', 'unit', 'leader'] },
      {
        method: 'POST',
        route: '/api/plans',
        path: '/api/plans',
        allow: office,
        body: file('plan.txt', COUNTY_PLAN.replace('2023', '2025')),
      },
      { method: 'GET', route: '/api/plans/{id}', path: `/api/plans/${ids.plan}`, allow: readers },
      { method: 'GET', route: '/api/plans/{id}/progress', path: `/api/plans/${ids.plan}/progress`, allow: readers },
      { method: 'GET', route: '/api/plans/{id}/pages/{page}', path: `/api/plans/${ids.pdf}/pages/1`, allow: readers },
      { method: 'GET', route: '/api/plans/{id}/checklist', path: `/api/plans/${ids.draft}/checklist`, allow: office },
      { method: 'GET', route: '/api/plans/{id}/revision', path: `/api/plans/${ids.plan}/revision`, allow: office },
      {
        method: 'POST',
        route: '/api/plans/{id}/revision/confirm',
        path: `/api/plans/${ids.plan}/revision/confirm`,
        allow: office,
        json: { reason: '修订' },
        note: 'no revision waits: the office gets 409',
      },
      {
        method: 'POST',
        route: '/api/plans/{id}/revision/discard',
        path: `/api/plans/${ids.plan}/revision/discard`,
        allow: office,
        json: { reason: '放弃' },
        note: 'no revision waits: the office gets 409',
      },
      {
        method: 'GET',
        route: '/api/plans/{id}/progress',
        path: `/api/plans/${ids.draft}/progress`,
        allow: office,
        note: 'a draft is the office’s alone',
      },
      {
        method: 'PUT',
        route: '/api/plans/{id}/published',
        path: `/api/plans/${ids.plan}/published`,
        allow: office,
        json: { published: true },
      },
      {
        method: 'PATCH',
        route: '/api/tasks/{id}',
        path: `/api/tasks/${ids.ownTask}`,
        allow: office,
        json: { name: '预决算公开' },
      },
      {
        method: 'PATCH',
        route: '/api/plans/{id}',
        path: `/api/plans/${ids.plan}`,
        allow: office,
        json: { docNumber: '庆政办发〔2023〕1号', reason: '按原件更正' },
      },
      {
        method: 'POST',
        route: '/api/plans/{id}/tasks',
        path: `/api/plans/${ids.draft}/tasks`,
        allow: office,
        json: { text: '补充遗漏的任务。', unitsText: '县财政局', deadlineText: '11月底前' },
      },
      {
        method: 'POST',
        route: '/api/pending/{id}',
        path: `/api/pending/${ids.pending}`,
        allow: office,
        json: { unitIds: [FINANCE] },
      },
      {
        method: 'POST',
        route: '/api/pending/{id}/unit',
        path: `/api/pending/${ids.unknownPending}/unit`,
        allow: office,
        json: { name: '庆元县医保局', parentId: 'gov:庆元县', kind: 'department' },
      },
      { method: 'GET', route: '/api/ledger', path: '/api/ledger', allow: ['office', 'unit', 'leader'] },
      {
        method: 'GET',
        route: '/api/ledger',
        path: `/api/ledger?unit=${encodeURIComponent(AGRI)}`,
        allow: readers,
        note: "a unit asking for another unit's rows",
      },
      { method: 'GET', route: '/api/my/assignments', path: '/api/my/assignments', allow: ['unit'] },
      {
        method: 'GET',
        route: '/api/tasks/{id}',
        path: `/api/tasks/${ids.ownTask}`,
        allow: ['office', 'unit', 'leader'],
      },
      {
        method: 'GET',
        route: '/api/tasks/{id}',
        path: `/api/tasks/${ids.otherTask}`,
        allow: readers,
        note: "another unit's task",
      },
      { method: 'GET', route: '/api/dashboard', path: '/api/dashboard', allow: readers },
      { method: 'GET', route: '/api/overdue', path: '/api/overdue', allow: readers },
      {
        method: 'POST',
        route: '/api/assignments/{id}/reports',
        path: `/api/assignments/${ids.own}/reports`,
        allow: ['office', 'unit'],
        body: report,
      },
      {
        method: 'POST',
        route: '/api/assignments/{id}/reports',
        path: `/api/assignments/${ids.other}/reports`,
        allow: office,
        body: report,
        note: "another unit's assignment",
      },
      {
        method: 'POST',
        route: '/api/assignments/{id}/review',
        path: `/api/assignments/${ids.own}/review`,
        allow: office,
        json: { decision: 'return', reason: '补充材料' },
      },
      {
        method: 'POST',
        route: '/api/assignments/{id}/extensions',
        path: `/api/assignments/${ids.own}/extensions`,
        allow: ['office', 'unit'],
        json: { requestedDue: '2023-10-31', reason: '再等等' },
      },
      {
        method: 'POST',
        route: '/api/assignments/{id}/extensions',
        path: `/api/assignments/${ids.other}/extensions`,
        allow: office,
        json: { requestedDue: '2023-10-31', reason: '再等等' },
      },
      { method: 'GET', route: '/api/extensions', path: '/api/extensions', allow: ['office', 'leader'] },
      {
        method: 'POST',
        route: '/api/extensions/{id}/decision',
        path: `/api/extensions/${ids.extension}/decision`,
        allow: office,
        json: { approve: false, note: '不同意' },
      },
      {
        method: 'GET',
        route: '/api/evidence/{id}',
        path: `/api/evidence/${ids.ownEvidence}`,
        allow: ['office', 'unit', 'leader'],
      },
      { method: 'GET', route: '/api/evidence/{id}', path: `/api/evidence/${ids.otherEvidence}`, allow: readers },
      { method: 'GET', route: '/api/units', path: '/api/units', allow: ['admin', 'office', 'unit', 'leader'] },
      { method: 'GET', route: '/api/robots', path: '/api/robots', allow: ['admin', 'office'] },
      {
        method: 'POST',
        route: '/api/robots',
        path: '/api/robots',
        allow: ['admin', 'office'],
        json: {
          name: '农业农村局工作群',
          platform: 'dingtalk',
          webhookUrl: 'https://oapi.dingtalk.com/robot/send?access_token=authz',
          unitId: AGRI,
        },
      },
      {
        method: 'POST',
        route: '/api/robots/{id}/test',
        path: `/api/robots/${ids.robot}/test`,
        allow: ['admin', 'office'],
      },
      {
        method: 'DELETE',
        route: '/api/robots/{id}',
        path: `/api/robots/${ids.robot}`,
        allow: ['admin', 'office'],
        note: 'removing a removed robot again is no error',
      },
      {
        method: 'PUT',
        route: '/api/units/{id}',
        path: `/api/units/${encodeURIComponent('unit:庆元县测试局')}`,
        allow: ['admin', 'office'],
        json: { name: '庆元县测试局', kind: 'department', level: 'county', parentId: 'gov:庆元县' },
      },
      {
        method: 'POST',
        route: '/api/unit-groups',
        path: '/api/unit-groups',
        allow: ['admin', 'office'],
        json: { name: '庆元县测试群组', rule: { type: 'members', memberIds: [FINANCE, AGRI] } },
        note: 'the second allowed role finds the id taken (409)',
      },
      {
        method: 'PUT',
        route: '/api/unit-groups/{id}',
        path: `/api/unit-groups/${encodeURIComponent('group:gov:庆元县:各政务新媒体主办单位')}`,
        allow: ['admin', 'office'],
        json: { name: '各政务新媒体主办单位', rule: { type: 'choose' } },
      },
      {
        method: 'POST',
        route: '/api/units/import',
        path: '/api/units/import',
        allow: ['admin', 'office'],
        body: file('d.csv', '类型,编号,名称,别名,单位类别,层级,上级编号,状态,继任编号,成员规则\n'),
      },
      {
        method: 'GET',
        route: '/api/units/export',
        path: '/api/units/export?format=csv',
        allow: ['admin', 'office', 'unit', 'leader'],
      },
      { method: 'GET', route: '/api/accounts', path: '/api/accounts', allow: ['admin'] },
      {
        method: 'POST',
        route: '/api/accounts',
        path: '/api/accounts',
        allow: ['admin'],
        json: {
          username: `new-${Math.random().toString(36).slice(2, 8)}`,
          displayName: '新',
          role: 'leader',
          password: PASSWORD,
        },
      },
      {
        method: 'PATCH',
        route: '/api/accounts/{id}',
        path: `/api/accounts/${ids.account}`,
        allow: ['admin'],
        json: { displayName: '备用账号' },
      },
      { method: 'GET', route: '/api/accounts/pending', path: '/api/accounts/pending', allow: ['office', 'auditor'] },
      {
        method: 'POST',
        route: '/api/accounts/{id}/approval',
        path: `/api/accounts/${ids.account}/approval`,
        allow: ['office', 'auditor'],
        json: { approve: true },
        note: 'nothing pending: the second role is told so (409)',
      },
      { method: 'GET', route: '/api/settings', path: '/api/settings', allow: ['admin'] },
      { method: 'PUT', route: '/api/settings', path: '/api/settings', allow: ['admin'], json: { lockMinutes: 15 } },
      { method: 'GET', route: '/api/audit', path: '/api/audit', allow: ['auditor'] },
      { method: 'GET', route: '/api/audit/verify', path: '/api/audit/verify', allow: ['auditor'] },
      { method: 'GET', route: '/api/public/plans', path: '/api/public/plans', allow: ALL },
      { method: 'GET', route: '/api/public/plans/{id}', path: `/api/public/plans/${ids.plan}`, allow: ALL },
      { method: 'POST', route: '/api/reminders/digest', path: '/api/reminders/digest', allow: office },
      { method: 'GET', route: '/api/reminders/digest', path: '/api/reminders/digest', allow: ['office', 'leader'] },
      {
        method: 'GET',
        route: '/api/reminders',
        path: `/api/reminders?unit=${encodeURIComponent(FINANCE)}`,
        allow: ['office', 'unit', 'leader'],
      },
      {
        method: 'POST',
        route: '/api/reminders/{id}/read',
        path: `/api/reminders/${ids.ownReminder}/read`,
        allow: ['office', 'unit'],
      },
      {
        method: 'POST',
        route: '/api/reminders/{id}/read',
        path: `/api/reminders/${ids.otherReminder}/read`,
        allow: office,
        note: "another unit's reminder",
      },
      {
        method: 'POST',
        route: '/api/units/{id}/urge',
        path: `/api/units/${encodeURIComponent(AGRI)}/urge`,
        allow: office,
        json: { note: '请尽快报送' },
      },
      { method: 'GET', route: '/api/scores', path: '/api/scores?period=2023-Q2', allow: readers },
      { method: 'GET', route: '/api/scores.xlsx', path: '/api/scores.xlsx?period=2023-Q2', allow: readers },
      {
        method: 'POST',
        route: '/api/scores/adjustments',
        path: '/api/scores/adjustments',
        allow: office,
        json: { unitId: FINANCE, period: '2023-Q2', points: 1, reason: '经验推广' },
      },
      { method: 'GET', route: '/api/scoring-rules', path: '/api/scoring-rules', allow: readers },
      {
        method: 'PUT',
        route: '/api/scoring-rules',
        path: '/api/scoring-rules',
        allow: office,
        json: { overduePerItem: 2 },
      },
      {
        method: 'GET',
        route: '/api/plans/{id}/coverage',
        path: `/api/plans/${ids.draft}/coverage?higher=${ids.plan}`,
        allow: readers,
      },
      {
        method: 'POST',
        route: '/api/plans/{id}/roll-up',
        path: `/api/plans/${ids.plan}/roll-up`,
        allow: office,
        note: 'a plan of the county government, not of the unit',
      },
      {
        method: 'POST',
        route: '/api/plans/{id}/cascade',
        path: `/api/plans/${ids.plan}/cascade`,
        allow: office,
        json: { unitId: FINANCE },
      },
      {
        method: 'POST',
        route: '/api/plans/{id}/carry-over',
        path: `/api/plans/${ids.draft}/carry-over`,
        allow: office,
        json: { fromPlanId: ids.plan },
      },
      {
        method: 'DELETE',
        route: '/api/tasks/{id}',
        path: `/api/tasks/${ids.otherTask}`,
        allow: office,
        json: { reason: '重复' },
      },
      {
        method: 'GET',
        route: '/api/plans/{id}/ledger.xlsx',
        path: `/api/plans/${ids.plan}/ledger.xlsx`,
        allow: ['office', 'unit', 'leader'],
      },
      {
        method: 'POST',
        route: '/api/ledger-sheets/preview',
        path: '/api/ledger-sheets/preview',
        allow: ['office', 'unit', 'leader'],
        body: file('台账.xlsx', 'not a workbook'),
      },
      {
        method: 'POST',
        route: '/api/ledger-sheets/apply',
        path: '/api/ledger-sheets/apply',
        allow: ['office', 'unit'],
        body: sheetApply,
      },
      {
        method: 'GET',
        route: '/api/documents/{kind}',
        path: `/api/documents/tishidan?plan=${ids.plan}`,
        allow: ['office', 'unit', 'leader'],
      },
      {
        method: 'GET',
        route: '/api/documents/{kind}',
        path: `/api/documents/cuiban?unit=${encodeURIComponent(AGRI)}&plan=${ids.plan}`,
        allow: office,
      },
      {
        method: 'GET',
        route: '/api/documents/{kind}',
        path: `/api/documents/tongbao?plan=${ids.plan}&quarter=2023Q2`,
        allow: readers,
      },
      {
        method: 'GET',
        route: '/api/documents/{kind}',
        path: `/api/documents/nianbao?plan=${ids.plan}`,
        allow: readers,
      },
      // State changes last: confirming the draft, archiving the plan, logging out.
      { method: 'POST', route: '/api/plans/{id}/confirm', path: `/api/plans/${ids.draft}/confirm`, allow: office },
      { method: 'POST', route: '/api/plans/{id}/archive', path: `/api/plans/${ids.plan}/archive`, allow: office },
      { method: 'DELETE', route: '/api/session', path: '/api/session', allow: ALL, note: 'logging out is idempotent' },
      {
        method: 'POST',
        route: '/api/session',
        path: '/api/session',
        allow: ALL,
        json: { username: 'nobody', password: 'wrong' },
        note: 'login is open; wrong credentials answer 403',
      },
    ];
  }

  it('covers every route the API registers', () => {
    const registered = new Set(
      app.openAPIRegistry.definitions
        .filter((d) => d.type === 'route')
        .map(
          (d) =>
            `${(d as { route: { method: string } }).route.method.toUpperCase()} ${(d as { route: { path: string } }).route.path}`,
        ),
    );
    registered.add('GET /api/health');
    registered.add('GET /api/openapi.json');
    const covered = new Set(cases().map((c) => `${c.method} ${c.route}`));
    expect([...registered].filter((r) => !covered.has(r))).toEqual([]);
    expect([...covered].filter((r) => !registered.has(r))).toEqual([]);
  });

  it('lists draft plans to the office only', async () => {
    for (const [who, drafts] of [
      ['office', true],
      ['leader', false],
      ['unit', false],
    ] as const) {
      const s = sessions.get(who)!;
      const res = await app.request('/api/plans', { headers: { cookie: s.cookie } });
      const body = (await res.json()) as { id: number }[];
      expect(Array.isArray(body), `${who}: ${JSON.stringify(body)}`).toBe(true);
      const ids_ = body.map((p) => p.id);
      expect(ids_.includes(ids.draft!), who).toBe(drafts);
      expect(ids_.includes(ids.plan!), who).toBe(true);
    }
  });

  it('allows and denies exactly as the roles say', async () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const c of cases()) {
      for (const who of ROLES) {
        const s = sessions.get(who);
        const headers: Record<string, string> = {};
        if (s) {
          headers.cookie = s.cookie;
          headers['x-csrf-token'] = s.csrf;
        }
        let body: NonNullable<RequestInit['body']> | undefined;
        if (c.json !== undefined) {
          headers['content-type'] = 'application/json';
          body = JSON.stringify(c.json);
        } else if (c.body) body = c.body();
        const res = await app.request(c.path, { method: c.method, headers, ...(body ? { body } : {}) });
        const status = res.status;
        await res.arrayBuffer();
        const allowed = c.allow.includes(who);
        // Login and first-run set-up are open; a wrong password or set-up code is their own 403.
        const isLogin = c.method === 'POST' && (c.route === '/api/session' || c.route === '/api/setup');
        const denied = status === 401 || status === 403 || (status === 404 && !allowed);
        const ok = allowed
          ? !(status === 401 || status === 403 || status === 404 || status >= 500) || (isLogin && status === 403)
          : denied;
        if (!ok)
          wrong.push(
            `${c.method} ${c.path} as ${who}: ${status} (expected ${allowed ? 'allowed' : 'denied'})${c.note ? ` — ${c.note}` : ''}`,
          );
        if (!allowed && who === 'anonymous' && !c.route.startsWith('/api/public') && status !== 401)
          wrong.push(`${c.method} ${c.path} anonymous: ${status}, expected 401`);
        checked++;
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBe(cases().length * ROLES.length);
  });

  it('refuses changes without the CSRF token, and ends sessions that were idle', async () => {
    const login = await app.request('/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'u-office', password: PASSWORD }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    expect(login.headers.get('set-cookie')).toMatch(/HttpOnly/i);
    expect(login.headers.get('set-cookie')).toMatch(/SameSite=Strict/i);
    const noToken = await app.request(`/api/plans/${ids.plan}/published`, {
      method: 'PUT',
      headers: { cookie, 'content-type': 'application/json' },
      body: '{"published":false}',
    });
    expect(noToken.status).toBe(403);
    const later = createApp({
      store,
      now: () => new Date('2023-06-01T04:31:00Z'),
      secureCookies: false,
      webRoot: null,
      setupToken: null,
    });
    expect((await later.request('/api/session', { headers: { cookie } })).status).toBe(401);
  });
});

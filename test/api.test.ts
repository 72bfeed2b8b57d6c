import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/server/app.js';
import { createAccount } from '../src/services/accounts.js';
import { openStore, type Store } from '../src/store/store.js';
import { COUNTY_PLAN, contextFor, loadDemoDirectory, operator } from './support/ledger.js';

/** The API as users meet it: logging in, importing and correcting a plan, reporting, the public page. */
const PASSWORD = 'Good-pass-2024';
let now = new Date('2023-05-01T02:00:00Z');

describe('HTTP API', () => {
  let store: Store;
  let app: ReturnType<typeof createApp>;
  const as = new Map<string, { cookie: string; csrf: string }>();

  async function login(username: string, password = PASSWORD) {
    return app.request('/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
  }
  async function call(
    user: string,
    method: string,
    path: string,
    body?: unknown,
    // biome-ignore lint/suspicious/noExplicitAny: answers are read as loose JSON in assertions
  ): Promise<{ status: number; json: any }> {
    const s = as.get(user)!;
    const headers: Record<string, string> = { cookie: s.cookie, 'x-csrf-token': s.csrf };
    let payload: NonNullable<RequestInit['body']> | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const res = await app.request(path, { method, headers, ...(payload ? { body: payload } : {}) });
    const type = res.headers.get('content-type') ?? '';
    return { status: res.status, json: type.includes('json') ? await res.json() : await res.arrayBuffer() };
  }

  beforeAll(async () => {
    store = await openStore({ dataDir: mkdtempSync(join(tmpdir(), 'tz-api-')) });
    await loadDemoDirectory(store);
    const ctx = contextFor(store, operator);
    await createAccount(ctx, { username: 'office', displayName: '公开办', role: 'office', password: PASSWORD });
    await createAccount(ctx, {
      username: 'finance',
      displayName: '财政局联络员',
      role: 'unit',
      unitId: 'unit:庆元县财政局',
      password: PASSWORD,
    });
    await createAccount(ctx, { username: 'admin', displayName: '管理员', role: 'admin', password: PASSWORD });
    app = createApp({ store, now: () => now, secureCookies: false, webRoot: null, setupToken: null });
    for (const u of ['office', 'finance', 'admin']) {
      const r = await login(u);
      as.set(u, {
        cookie: (r.headers.get('set-cookie') ?? '').split(';')[0]!,
        csrf: ((await r.json()) as { csrf: string }).csrf,
      });
    }
  });
  afterAll(async () => store?.close());

  it('locks an account after repeated failed logins, with the same answer for unknown users', async () => {
    const unknown = await login('nobody', 'x');
    expect(unknown.status).toBe(403);
    const msg = ((await unknown.json()) as { error: { message: string } }).error.message;
    for (let i = 0; i < 4; i++)
      expect(((await (await login('admin', 'wrong')).json()) as { error: { message: string } }).error.message).toBe(
        msg,
      );
    const fifth = await login('admin', 'wrong');
    expect(fifth.status).toBe(429);
    expect(((await fifth.json()) as { error: { message: string } }).error.message).toMatch(/暂停登录 15 分钟/);
    expect((await login('admin')).status).toBe(429);
    now = new Date(now.getTime() + 16 * 60_000);
    expect((await login('admin')).status).toBe(200);
  });

  it('enforces the password policy', async () => {
    const weak = await call('admin', 'POST', '/api/accounts', {
      username: 'weak',
      displayName: '弱',
      role: 'leader',
      password: 'abcdefgh',
    });
    expect(weak.status).toBe(400);
    expect(weak.json.error.message).toMatch(/至少 3 类/);
    const short = await call('admin', 'POST', '/api/accounts', {
      username: 'short',
      displayName: '短',
      role: 'leader',
      password: 'Ab1!',
    });
    expect(short.json.error.message).toMatch(/至少 8 位/);
  });

  it('imports an uploaded plan, corrects a task, confirms, and names the field of a bad request', async () => {
    const form = new FormData();
    form.append('file', new File([COUNTY_PLAN], '庆元县方案.txt'));
    const imported = await call('office', 'POST', '/api/plans', form);
    expect(imported.status).toBe(200);
    expect(imported.json).toMatchObject({ tasks: 6, assignments: 20, state: 'draft' });
    const planId = imported.json.planId as number;
    const detail = await call('office', 'GET', `/api/plans/${planId}`);
    expect(detail.json.sourceText).toContain('全面公开财政预决算');
    const first = detail.json.tasks[0];
    expect(detail.json.sourceText.slice(first.fields.text.start, first.fields.text.end)).toContain(
      '全面公开财政预决算',
    );

    const bad = await call('office', 'PATCH', `/api/tasks/${first.id}`, { deadlineText: 42 });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/deadlineText/);
    const fixed = await call('office', 'PATCH', `/api/tasks/${first.id}`, {
      unitsText: '县财政局牵头，县审计局配合',
      deadlineText: '2023年9月底前',
    });
    expect(fixed.status).toBe(200);
    const after = (await call('office', 'GET', `/api/plans/${planId}`)).json.tasks[0];
    expect(after).toMatchObject({
      unitsText: '县财政局牵头，县审计局配合',
      deadlineText: '2023年9月底前',
      deadlineDue: '2023-09-30',
    });
    expect(after.assignments.map((a: { unitId: string; role: string }) => [a.unitId, a.role])).toEqual([
      ['unit:庆元县财政局', 'lead'],
    ]);
    const pending = (await call('office', 'GET', `/api/plans/${planId}`)).json.pending as {
      id: number;
      printed: string;
      kind: string;
      proposal: unknown;
    }[];
    expect(pending.map((p) => [p.printed, p.kind])).toEqual([
      ['县审计局', 'unknown'],
      ['各有关单位', 'choose'],
    ]);
    // 新建单位 from the proposal the review screen shows: added, assigned, and the plan's item settled.
    const audit = pending[0]!;
    expect(audit.proposal).toEqual({
      name: '庆元县审计局',
      parentId: 'gov:庆元县',
      kind: 'department',
      standard: true,
    });
    const created = await call('office', 'POST', `/api/pending/${audit.id}/unit`, audit.proposal);
    expect(created.json).toEqual({ unitId: 'unit:庆元县审计局', assignments: 1, alsoSettled: 0 });
    const settled = (await call('office', 'GET', `/api/plans/${planId}`)).json;
    expect(settled.tasks[0].assignments.map((a: { unitId: string; role: string }) => [a.unitId, a.role])).toEqual([
      ['unit:庆元县财政局', 'lead'],
      ['unit:庆元县审计局', 'cooperate'],
    ]);
    expect(settled.pending.map((p: { printed: string }) => p.printed)).toEqual(['各有关单位']);
    // Confirm is refused while «各有关单位» names no one; the answer carries the checklist the screen shows.
    const refused = await call('office', 'POST', `/api/plans/${planId}/confirm`);
    expect(refused.status).toBe(409);
    expect(refused.json.error.details.blockers).toEqual([
      expect.objectContaining({
        kind: 'choose',
        seq: 6,
        detail: '各有关单位',
        message: '「各有关单位」须指定具体单位',
      }),
    ]);
    expect((await call('office', 'GET', `/api/plans/${planId}/checklist`)).json.blockers).toHaveLength(1);
    const chosen = await call('office', 'POST', `/api/pending/${settled.pending[0].id}`, {
      unitIds: ['unit:庆元县教育局'],
    });
    expect(chosen.status).toBe(200);
    expect((await call('office', 'GET', `/api/plans/${planId}/checklist`)).json.blockers).toEqual([]);
    expect((await call('office', 'POST', `/api/plans/${planId}/confirm`)).json).toEqual({ state: 'confirmed' });
  });

  it('takes a report with evidence from a unit, judging the file by its content', async () => {
    const mine = await call('finance', 'GET', '/api/my/assignments');
    expect(mine.json.total).toBe(1);
    const id = mine.json.rows[0].assignmentId as number;
    const disguised = new FormData();
    disguised.append('text', '附件');
    disguised.append('claim', 'in_progress');
    disguised.append('files', new File([new Uint8Array([0x4d, 0x5a, 0x90, 0, 3])], '报告.pdf'));
    const refused = await call('finance', 'POST', `/api/assignments/${id}/reports`, disguised);
    expect(refused.status).toBe(415);
    const form = new FormData();
    form.append('text', '已公开2023年部门预算');
    form.append('claim', 'complete');
    form.append('files', new File(['%PDF-1.4\n%%EOF\n'], '../../etc/公开截图.pdf'));
    form.append('links', 'https://www.example.gov.cn/yjs');
    const ok = await call('finance', 'POST', `/api/assignments/${id}/reports`, form);
    expect(ok.json).toMatchObject({ state: 'submitted' });
    const task = await call('office', 'GET', `/api/tasks/${mine.json.rows[0].taskId}`);
    const report = task.json.assignments[0].reports[0];
    expect(report).toMatchObject({ text: '已公开2023年部门预算', author: '财政局联络员' });
    // The task's history reads as sentences, newest first, with no action code or internal id.
    expect(task.json.history[0].sentence).toMatch(
      /^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2} 庆元县财政局 财政局联络员 报送进展 庆元县财政局的第1项任务$/,
    );
    expect(JSON.stringify(task.json.history)).not.toMatch(/acct:|"after"/);
    expect(report.evidence.map((e: { name: string | null; url: string | null }) => e.name ?? e.url)).toEqual([
      '公开截图.pdf',
      'https://www.example.gov.cn/yjs',
    ]);
    const res = await app.request(`/api/evidence/${report.evidence[0].id}`, {
      headers: { cookie: as.get('office')!.cookie },
    });
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(new TextDecoder().decode(await res.arrayBuffer())).toBe('%PDF-1.4\n%%EOF\n');
  });

  it('shows published plans to the public without personal data or internal notes', async () => {
    const [plan] = (await call('office', 'GET', '/api/plans')).json;
    await call('office', 'PUT', `/api/plans/${plan.id}/published`, { published: true });
    const res = await app.request(`/api/public/plans/${plan.id}`);
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toContain('全面公开财政预决算');
    expect(body).toContain('庆元县财政局');
    for (const secret of ['已公开2023年部门预算', '财政局联络员', 'acct:', 'example.gov.cn', 'evidence'])
      expect(body).not.toContain(secret);
  });

  it('keeps an issued plan as it is until the office confirms its revision with a reason', async () => {
    const [plan] = (await call('office', 'GET', '/api/plans')).json;
    const ledger = async () => (await call('office', 'GET', `/api/ledger?planId=${plan.id}&limit=1000`)).json;
    const before = await ledger();
    const form = new FormData();
    const revised = COUNTY_PLAN.replace('县府办\t2023年3月底前', '县府办\t2023年5月底前').concat(
      '\n三、保障\t7.建立政务公开任务台账。\t县府办\t2023年12月底前',
    );
    form.append('file', new File([revised], '庆元县方案（修订）.txt'));
    const imported = await call('office', 'POST', '/api/plans', form);
    expect(imported.status).toBe(200);
    expect(imported.json).toMatchObject({ revision: 1, pendingRevision: { baseRevision: 1 } });
    const diff = imported.json.pendingRevision.review.diff;
    expect(diff.added.map((t: { seq: number }) => t.seq)).toEqual([7]);
    expect(diff.changed.find((t: { seq: number }) => t.seq === 4).changes).toEqual([
      { field: 'deadline', before: '2023年3月底前', after: '2023年5月底前' },
    ]);
    expect(await ledger()).toEqual(before);
    const shown = (await call('office', 'GET', `/api/plans/${plan.id}/revision`)).json.revision;
    expect(shown).toMatchObject({ sourceName: '庆元县方案（修订）.txt', createdByName: '公开办' });
    expect((await call('finance', 'GET', `/api/plans/${plan.id}/revision`)).status).toBe(403);
    const noReason = await call('office', 'POST', `/api/plans/${plan.id}/revision/confirm`, { reason: '' });
    expect(noReason.status).toBe(400);
    expect(await ledger()).toEqual(before);
    const ok = await call('office', 'POST', `/api/plans/${plan.id}/revision/confirm`, { reason: '县政府调整时限' });
    expect(ok.json.diff).toMatchObject({ fromRevision: 1, toRevision: 2 });
    const after = await ledger();
    expect(after.rows.find((r: { text: string }) => r.text.startsWith('政策文件')).due).toBe('2023-05-31');
    expect((await call('office', 'GET', `/api/plans/${plan.id}/revision`)).json.revision).toBeNull();
  });

  it('answers unknown routes and internal failures without leaking internals', async () => {
    const r = await call('office', 'GET', '/api/nothing-here');
    expect(r.status).toBe(404);
    expect(r.json.error.code).toBe('not-found');
  });
});

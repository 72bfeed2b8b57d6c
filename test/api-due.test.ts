import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/server/app.js';
import { createAccount } from '../src/services/accounts.js';
import { openStore, type Store } from '../src/store/store.js';
import { contextFor, loadDemoDirectory, operator } from './support/ledger.js';

/**
 * The effective deadline over HTTP: a list that prints its deadlines in 备注, in the text or not at all is
 * uploaded; the review shows each task's deadline with where it came from, the office changes one, the public
 * page shows them, and 催办's dry run states what a record would carry.
 */
const PASSWORD = 'Good-pass-2024';
const LIST = [
  '庆元县2023年7—9月政务公开重点工作任务清单',
  '工作任务\t具体要求\t责任单位\t备注',
  '1.目录更新\t更新主动公开目录。\t县财政局\t8月底前完成',
  '2.平台建设\t于2023年9月15日前建成政策文件库。\t县司法局\t',
  '3.解读\t做好政策解读。\t县财政局\t需设立专栏',
].join('\n');

describe('effective deadline over HTTP', () => {
  let store: Store;
  let app: ReturnType<typeof createApp>;
  let session: { cookie: string; csrf: string };
  const now = new Date('2023-10-10T02:00:00Z');

  // biome-ignore lint/suspicious/noExplicitAny: answers are read as loose JSON in assertions
  async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
    const headers: Record<string, string> = { cookie: session.cookie, 'x-csrf-token': session.csrf };
    let payload: NonNullable<RequestInit['body']> | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const res = await app.request(path, { method, headers, ...(payload ? { body: payload } : {}) });
    return { status: res.status, json: await res.json() };
  }

  beforeAll(async () => {
    store = await openStore({ dataDir: mkdtempSync(join(tmpdir(), 'tz-api-due-')) });
    await loadDemoDirectory(store);
    await createAccount(contextFor(store, operator), {
      username: 'office',
      displayName: '公开办',
      role: 'office',
      password: PASSWORD,
    });
    app = createApp({ store, now: () => now, secureCookies: false, webRoot: null, setupToken: null });
    const r = await app.request('/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'office', password: PASSWORD }),
    });
    session = {
      cookie: (r.headers.get('set-cookie') ?? '').split(';')[0]!,
      csrf: ((await r.json()) as { csrf: string }).csrf,
    };
  });
  afterAll(async () => store?.close());

  it('shows each deadline with its source, lets the office set one, and publishes them', async () => {
    const form = new FormData();
    form.append('file', new File([LIST], '清单.txt'));
    const imported = await call('POST', '/api/plans', form);
    expect(imported.status, JSON.stringify(imported.json)).toBe(200);
    const planId = imported.json.planId as number;
    const tasks = (await call('GET', `/api/plans/${planId}`)).json.tasks as {
      id: number;
      deadlineText: string;
      deadlineDue: string;
      deadlineSource: string;
      deadlinePrinted: string | null;
    }[];
    expect(tasks.map((t) => [t.deadlineSource, t.deadlineText, t.deadlineDue, t.deadlinePrinted])).toEqual([
      ['note', '8月底前完成', '2023-08-31', null],
      ['text', '2023年9月15日前', '2023-09-15', null],
      ['plan', '2023年9月底前', '2023-09-30', null],
    ]);
    const set = await call('PATCH', `/api/tasks/${tasks[2]!.id}`, { deadlineText: '2023年8月15日前' });
    expect(set.status).toBe(200);
    const after = (await call('GET', `/api/plans/${planId}`)).json.tasks[2];
    expect(after).toMatchObject({ deadlineSource: 'office', deadlineDue: '2023-08-15' });

    expect((await call('POST', `/api/plans/${planId}/confirm`)).status).toBe(200);
    expect((await call('PUT', `/api/plans/${planId}/published`, { published: true })).status).toBe(200);
    const pub = (await call('GET', `/api/public/plans/${planId}`)).json;
    expect(pub.tasks.map((t: { deadline: string }) => t.deadline)).toEqual([
      '8月底前完成',
      '2023年9月15日前',
      '2023年8月15日前',
    ]);

    // Everything is overdue on 10月10日: the dry run counts the unit's two items and records nothing.
    const dry = await call('POST', '/api/units/unit:庆元县财政局/urge', { planId, dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.json).toMatchObject({ reminderId: null, items: 2 });
    // The 督办 table counts the same items.
    const table = (await call('GET', `/api/overdue?plan=${planId}`)).json as { unitId: string; items: number }[];
    expect(table.find((u) => u.unitId === 'unit:庆元县财政局')?.items).toBe(2);
    const real = await call('POST', '/api/units/unit:庆元县财政局/urge', { planId });
    expect(real.json.items).toBe(2);
    expect(real.json.reminderId).toBeGreaterThan(0);
  });
});

import { beforeAll, expect, it } from 'vitest';
import { AppError } from '../src/domain/errors.js';
import { createApp } from '../src/server/app.js';
import { createAccount } from '../src/services/accounts.js';
import { exportDirectory, groupMemberCounts, saveGroup } from '../src/services/directory.js';
import { importPlanFile } from '../src/services/import-plan.js';
import { listLedger } from '../src/services/list-ledger.js';
import type { Store } from '../src/store/store.js';
import { COUNTY_PLAN, contextFor, leader, loadDemoDirectory, office, operator, rejects } from './support/ledger.js';
import { describeEachDialect } from './support/stores.js';

const FINANCE = 'unit:庆元县财政局';
const AGRICULTURE = 'unit:庆元县农业农村局';
const EDUCATION = 'unit:庆元县教育局';
const HEALTH = 'unit:庆元县卫生健康局';
const GROUP = 'group:庆元县:公开重点单位';
const bytes = (s: string) => new TextEncoder().encode(s);

describeEachDialect('unit groups edited by the office', (f) => {
  let store: Store;
  const ctx = (day = '2023-05-01') => contextFor(store, office, day);

  /** The units a plan printing `printed` for «依申请公开答复» assigns that task to. */
  async function fannedOut(printed: string, year: string): Promise<string[]> {
    const text = COUNTY_PLAN.replaceAll('2023', year).replace('县司法局', printed);
    const { planId } = await importPlanFile(ctx(), bytes(text), { name: `plan-${year}.txt` });
    const { rows } = await listLedger(ctx(), { planId, includeDrafts: true, limit: 1000 });
    return rows
      .filter((r) => r.text.startsWith('依申请'))
      .map((r) => r.unitId)
      .sort();
  }

  beforeAll(async () => {
    store = await f.open();
    await loadDemoDirectory(store);
  });

  it('creates a group with explicit members, and a plan naming it fans out to exactly them', async () => {
    await saveGroup(
      ctx(),
      {
        id: GROUP,
        name: '县公开重点单位',
        aliases: ['公开重点单位', ' '],
        rule: { type: 'members', memberIds: [FINANCE, AGRICULTURE, EDUCATION, FINANCE] },
      },
      { create: true },
    );
    const saved = (await exportDirectory(ctx())).groups.find((g) => g.id === GROUP);
    expect(saved).toEqual({
      id: GROUP,
      name: '县公开重点单位',
      aliases: ['公开重点单位'],
      rule: { type: 'members', memberIds: [FINANCE, AGRICULTURE, EDUCATION] },
    });
    expect((await groupMemberCounts(ctx()))[GROUP]).toBe(3);
    expect(await fannedOut('县公开重点单位', '2023')).toEqual([AGRICULTURE, EDUCATION, FINANCE].sort());
    const audit = await store.db
      .selectFrom('audit_events')
      .selectAll()
      .where('entity_id', '=', GROUP)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['group.create']);
  });

  it('edits the group: a new name and members, used by the next plan', async () => {
    await saveGroup(
      ctx(),
      { id: GROUP, name: '县政务公开重点单位', aliases: [], rule: { type: 'members', memberIds: [HEALTH, FINANCE] } },
      { create: false },
    );
    expect((await groupMemberCounts(ctx()))[GROUP]).toBe(2);
    expect(await fannedOut('县政务公开重点单位', '2024')).toEqual([FINANCE, HEALTH].sort());
    // The old name is gone with the edit: a plan printing it no longer reaches the group.
    const dir = await exportDirectory(ctx());
    expect(dir.groups.filter((g) => g.name === '县公开重点单位' || g.aliases.includes('公开重点单位'))).toEqual([]);
    const audit = await store.db
      .selectFrom('audit_events')
      .selectAll()
      .where('entity_id', '=', GROUP)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['group.create', 'group.update']);
  });

  it('refuses invalid groups with a clear message, and callers without directory.edit', async () => {
    const group = { id: GROUP, name: '县政务公开重点单位', aliases: [] };
    await rejects(
      saveGroup(
        ctx(),
        { ...group, rule: { type: 'members', memberIds: [FINANCE, 'unit:不存在的局'] } },
        { create: false },
      ),
      'invalid-input',
      /成员单位 unit:不存在的局 不在单位目录中/,
    );
    await rejects(
      saveGroup(ctx(), { ...group, name: '  ', rule: { type: 'members', memberIds: [FINANCE] } }, { create: false }),
      'invalid-input',
      /群组名称（name）不能为空/,
    );
    await rejects(
      saveGroup(ctx(), { ...group, rule: { type: 'members', memberIds: [] } }, { create: false }),
      'invalid-input',
      /请至少选择一个成员单位/,
    );
    await rejects(
      saveGroup(ctx(), { ...group, rule: { type: 'children', parentId: 'gov:没有的县' } }, { create: false }),
      'invalid-input',
      /上级单位 gov:没有的县 不在单位目录中/,
    );
    await rejects(
      saveGroup(ctx(), { ...group, rule: { type: 'choose' } }, { create: true }),
      'conflict',
      /群组编号 .* 已存在/,
    );
    await rejects(
      saveGroup(ctx(), { ...group, id: 'group:没有这个', rule: { type: 'choose' } }, { create: false }),
      'not-found',
      /没有群组/,
    );
    await expect(
      saveGroup(contextFor(store, leader), { ...group, rule: { type: 'choose' } }, { create: false }),
    ).rejects.toBeInstanceOf(AppError);
    // Nothing refused was stored.
    const saved = (await exportDirectory(ctx())).groups.find((g) => g.id === GROUP);
    expect(saved?.rule).toEqual({ type: 'members', memberIds: [HEALTH, FINANCE] });
  });

  it('serves the same through the API: create, member counts, edit, refusals in Chinese', async () => {
    await createAccount(contextFor(store, operator), {
      username: 'office',
      displayName: '公开办',
      role: 'office',
      password: 'Good-pass-2024',
    });
    const app = createApp({
      store,
      now: () => new Date('2023-05-01T02:00:00Z'),
      secureCookies: false,
      webRoot: null,
      setupToken: null,
    });
    const login = await app.request('/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'office', password: 'Good-pass-2024' }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const { csrf } = (await login.json()) as { csrf: string };
    // biome-ignore lint/suspicious/noExplicitAny: answers are read as loose JSON in assertions
    const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> => {
      const headers: Record<string, string> = { cookie, 'x-csrf-token': csrf };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await app.request(path, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      return { status: res.status, json: await res.json() };
    };

    const created = await call('POST', '/api/unit-groups', {
      name: '县信息公开联络单位',
      rule: { type: 'members', memberIds: [EDUCATION, HEALTH] },
    });
    expect(created).toEqual({ status: 200, json: { id: 'group:县信息公开联络单位' } });
    const again = await call('POST', '/api/unit-groups', { name: '县信息公开联络单位', rule: { type: 'choose' } });
    expect(again.status).toBe(409);
    let dir = await call('GET', '/api/units');
    expect(dir.json.memberCounts['group:县信息公开联络单位']).toBe(2);
    expect(dir.json.memberCounts['group:gov:庆元县:各乡镇']).toBe(14);
    expect(dir.json.memberCounts['group:gov:庆元县:各有关单位']).toBeNull();

    const path = `/api/unit-groups/${encodeURIComponent('group:县信息公开联络单位')}`;
    const edited = await call('PUT', path, {
      name: '县信息公开联络单位',
      aliases: ['信息公开联络单位'],
      rule: { type: 'members', memberIds: [EDUCATION, HEALTH, FINANCE] },
    });
    expect(edited.status).toBe(200);
    dir = await call('GET', '/api/units');
    expect(dir.json.memberCounts['group:县信息公开联络单位']).toBe(3);
    expect(await fannedOut('信息公开联络单位', '2025')).toEqual([EDUCATION, FINANCE, HEALTH].sort());

    const unknown = await call('PUT', path, {
      name: '县信息公开联络单位',
      rule: { type: 'members', memberIds: ['unit:不存在的局'] },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.message).toMatch(/成员单位 unit:不存在的局 不在单位目录中/);
    const empty = await call('PUT', path, { name: '', rule: { type: 'members', memberIds: [FINANCE] } });
    expect(empty.status).toBe(400);
    expect(empty.json.error.message).toMatch(/群组名称（name）不能为空/);
    const missing = await call('PUT', `/api/unit-groups/${encodeURIComponent('group:没有这个')}`, {
      name: '没有这个',
      rule: { type: 'choose' },
    });
    expect(missing.status).toBe(404);
    dir = await call('GET', '/api/units');
    expect(dir.json.memberCounts['group:县信息公开联络单位']).toBe(3);
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Actor, Role } from '../domain/actor.js';
import { addDays } from '../domain/deadline.js';
import type { Store } from '../store/store.js';
import { directoryFromCsv } from '../units/exchange.js';
import { createAccount, hasAccounts } from './accounts.js';
import { chooseUnits } from './choose-units.js';
import type { ServiceContext } from './context.js';
import { importDirectory } from './directory.js';
import { importPlanFile } from './import-plan.js';
import { generatePassword } from './passwords.js';
import { changePlanState } from './plan-state.js';
import { setPublished } from './public-plans.js';
import { reviewCompletion } from './review-completion.js';
import { submitProgress } from './submit-progress.js';

/**
 * Demo data for `npm start` and for the document tests: the demo directory, the plans under demo/plans
 * imported and confirmed (and published), progress simulated through the real services with a
 * deterministic generator (so runs agree), and one account per role with a fresh password shown once.
 */
export interface DemoAccount {
  username: string;
  password: string;
  role: Role;
  displayName: string;
  unitId: string | null;
}

const operator: Actor = { id: 'demo', name: '演示数据', role: 'operator', unitId: null };

/** `asOf` (ISO day): simulate only what would have happened by then (a 2022 year seen from mid-year). */
export async function loadDemoData(
  store: Store,
  demoDir: string,
  options: { asOf?: string } = {},
): Promise<{ plans: number; reports: number }> {
  const at = (day: string): ServiceContext => ({
    store,
    actor: operator,
    now: () => new Date(`${day}T10:00:00+08:00`),
  });
  const csv = readFileSync(join(demoDir, 'directory.csv'), 'utf8');
  await importDirectory(at('2022-01-01'), directoryFromCsv(csv, 'directory.csv'));
  const files = readdirSync(join(demoDir, 'plans'))
    .filter((f) => f.endsWith('.txt'))
    .sort();
  let reports = 0;
  for (const f of files) {
    const bytes = readFileSync(join(demoDir, 'plans', f));
    const s = await importPlanFile(at('2022-01-01'), bytes, { name: f, revise: 'new' });
    await settleAsTheOffice(at('2022-01-01'), s.planId);
    await changePlanState(at('2022-01-01'), s.planId, 'confirm');
    await setPublished(at('2022-01-02'), s.planId, true);
    reports += await simulateProgress(store, s.planId, s.year, options.asOf);
  }
  return { plans: files.length, reports };
}

/**
 * What the office does in review before confirming, done the way a demo office would: each «有关单位» is
 * given the units leading the other tasks of its section (up to three, most frequent first; else the
 * plan's issuer), and each name the directory lacks is given the closest suggestion. Real offices choose
 * by hand on the review screen; the demo and the tests need plans that can be confirmed.
 */
export async function settleAsTheOffice(ctx: ServiceContext, planId: number): Promise<number> {
  const open = await ctx.store.db
    .selectFrom('pending_choices as c')
    .innerJoin('tasks as t', 't.id', 'c.task_id')
    .innerJoin('plans as p', 'p.id', 'c.plan_id')
    .select(['c.id', 'c.kind', 'c.task_id', 'c.suggestions', 't.section_label', 'p.jurisdiction_id'])
    .where('c.plan_id', '=', planId)
    .where('c.resolved_at', 'is', null)
    .orderBy('c.id')
    .execute();
  const leads = await ctx.store.db
    .selectFrom('assignments as a')
    .innerJoin('tasks as t', 't.id', 'a.task_id')
    .select(['a.unit_id', 'a.task_id', 't.section_label'])
    .where('a.plan_id', '=', planId)
    .where('a.role', '=', 'lead')
    .where('a.removed_at', 'is', null)
    .orderBy('a.id')
    .execute();
  let settled = 0;
  for (const c of open) {
    // An earlier choice may have settled this one with it (the same unknown name elsewhere in the plan).
    const still = await ctx.store.db
      .selectFrom('pending_choices')
      .select('resolved_at')
      .where('id', '=', c.id)
      .executeTakeFirst();
    if (still?.resolved_at) continue;
    let ids: string[];
    if (c.kind === 'unknown') {
      const best = (JSON.parse(c.suggestions || '[]') as { unitId: string }[])[0];
      ids = best ? [best.unitId] : c.jurisdiction_id ? [c.jurisdiction_id] : [];
    } else {
      const count = new Map<string, number>();
      for (const l of leads)
        if (l.section_label === c.section_label && Number(l.task_id) !== Number(c.task_id))
          count.set(l.unit_id, (count.get(l.unit_id) ?? 0) + 1);
      ids = [...count.entries()]
        .sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))
        .slice(0, 3)
        .map(([id]) => id);
      if (ids.length === 0 && c.jurisdiction_id) ids = [c.jurisdiction_id];
    }
    if (ids.length === 0) continue;
    await chooseUnits(ctx, Number(c.id), ids);
    settled++;
  }
  return settled;
}

/**
 * Progress as a year of work would leave it: about half the assignments reported, most of those closed,
 * some returned for more material, periodic ones reporting their first quarters. Deterministic by id.
 */
export async function simulateProgress(store: Store, planId: number, year: number, asOf?: string): Promise<number> {
  const happened = (day: string) => asOf === undefined || day <= asOf;
  const rows = await store.db
    .selectFrom('assignments')
    .select(['id', 'unit_id', 'periodic', 'ongoing', 'due'])
    .where('plan_id', '=', planId)
    .orderBy('id')
    .execute();
  let n = 0;
  for (const a of rows) {
    const id = Number(a.id);
    const r = rand(id);
    const unit: Actor = { id: `demo:${a.unit_id}`, name: a.unit_id, role: 'unit', unitId: a.unit_id };
    const on = (day: string, actor: Actor = unit): ServiceContext => ({
      store,
      actor,
      now: () => new Date(`${day}T10:00:00+08:00`),
    });
    const office: Actor = { id: 'demo:office', name: '公开办', role: 'office', unitId: null };
    const start = `${year}-03-${String(10 + (id % 15)).padStart(2, '0')}`;
    if (r < 0.45 || !happened(start)) continue;
    await submitProgress(on(start), { assignmentId: id, text: PROGRESS[id % PROGRESS.length]!, claim: 'in_progress' });
    n++;
    if (Number(a.periodic) === 1) {
      if (r > 0.7 && happened(addDays(start, 91))) {
        await submitProgress(on(addDays(start, 91)), {
          assignmentId: id,
          text: '本季度已按要求更新公开内容。',
          claim: 'in_progress',
        });
        n++;
      }
      continue;
    }
    const done = addDays(start, 30 + (id % 60));
    if (r < 0.6 || !happened(done)) continue;
    await submitProgress(on(done), {
      assignmentId: id,
      text: '已全面完成，相关内容已在政府门户网站公开。',
      claim: 'complete',
      links: ['https://www.gov.cn/zhengce/'],
    });
    n++;
    if (r < 0.66) {
      if (!happened(addDays(done, 3))) continue;
      await reviewCompletion(on(addDays(done, 3), office), id, {
        decision: 'return',
        reason: '请补充公开页面链接和相关工作台账。',
      });
      continue;
    }
    if (r < 0.95 && happened(addDays(done, 5)))
      await reviewCompletion(on(addDays(done, 5), office), id, { decision: 'accept' });
  }
  return n;
}

const PROGRESS = [
  '已制定工作方案，明确责任人和时间节点，正在推进。',
  '已完成专栏改版，正在梳理历史信息并补充公开。',
  '已组织业务培训，相关信息按月更新。',
  '已梳理公开事项清单，正在审核发布。',
];

/** A small deterministic generator: the same assignment always gets the same simulated history. */
function rand(seed: number): number {
  let x = (seed * 2654435761) >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 2246822507) >>> 0;
  x ^= x >>> 13;
  return (x >>> 0) / 4294967296;
}

/** One account per role (and two unit users), each with a fresh password, only when none exist yet. */
export async function createDemoAccounts(store: Store, now: Date): Promise<DemoAccount[]> {
  if (await hasAccounts(store)) return [];
  const ctx: ServiceContext = { store, actor: operator, now: () => now };
  const wanted: Omit<DemoAccount, 'password'>[] = [
    { username: 'admin', displayName: '系统管理员', role: 'admin', unitId: null },
    { username: 'office', displayName: '市政务公开办', role: 'office', unitId: null },
    { username: 'leader', displayName: '分管领导', role: 'leader', unitId: null },
    { username: 'auditor', displayName: '安全审计员', role: 'auditor', unitId: null },
    { username: 'czj', displayName: '潮州市财政局联络员', role: 'unit', unitId: 'unit:潮州市财政局' },
    { username: 'wjj', displayName: '潮州市卫生健康局联络员', role: 'unit', unitId: 'unit:潮州市卫生健康局' },
  ];
  const out: DemoAccount[] = [];
  for (const w of wanted) {
    const password = generatePassword();
    await createAccount(ctx, { ...w, password });
    out.push({ ...w, password });
  }
  return out;
}

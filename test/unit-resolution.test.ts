import { beforeAll, expect, it } from 'vitest';
import { AppError } from '../src/domain/errors.js';
import { chooseUnits } from '../src/services/choose-units.js';
import { createUnitForPending } from '../src/services/create-pending-unit.js';
import { importPlanFile } from '../src/services/import-plan.js';
import { planDetail } from '../src/services/plan-detail.js';
import type { Store } from '../src/store/store.js';
import { contextFor, loadDemoDirectory, office, operator } from './support/ledger.js';
import { describeEachDialect } from './support/stores.js';

/**
 * Review (方案核对) closes the loop on unit names: an unknown name mapped to a unit is kept as its alias, or
 * added as a new unit in one step, so the next plan resolves it; and every assignment keeps how surely its
 * printed name was matched, for the review screen to flag the weak ones.
 */
const bytes = (s: string) => new TextEncoder().encode(s);
const BIG_DATA = 'unit:庆元县大数据发展中心';

const plan = (year: number) =>
  [
    `庆元县${year}年政务公开工作要点分工方案`,
    '工作任务\t具体要求\t牵头单位\t完成时限',
    `一、公开\t1.全面公开财政预决算。\t县财政局\t${year}年6月底前`,
    '\t2.做好卫生健康信息公开。\t县卫健委\t长期推进',
    `\t3.做好政务数据开放。\t县大数据局\t${year}年9月底前`,
    `\t4.推进公共数据共享。\t县大数据局、县住建局\t${year}年10月底前`,
    `二、解读\t5.做好医疗保障政策解读。\t县医保局\t${year}年12月底前`,
    `\t6.做好人社政策解读。\t庆元县司法局\t${year}年12月底前`,
  ].join('\n');

describeEachDialect('unit resolution in review', (f) => {
  let store: Store;
  let planId: number;
  const ctx = () => contextFor(store, office, '2023-05-01');

  beforeAll(async () => {
    store = await f.open();
    await loadDemoDirectory(store);
    planId = (await importPlanFile(contextFor(store, operator, '2023-05-01'), bytes(plan(2023)), { name: 'a.txt' }))
      .planId;
  });

  const pendingOf = async (id: number) => (await planDetail(ctx(), id)).pending;
  const assignmentsOf = async (id: number, prefix: string) => {
    const d = await planDetail(ctx(), id);
    return d.tasks.find((t) => t.text.startsWith(prefix))!.assignments;
  };

  it('keeps the confidence and reason of each match: weak for an abbreviation, 1 for an exact name or alias', async () => {
    expect(await assignmentsOf(planId, '做好卫生健康')).toMatchObject([
      { unitId: 'unit:庆元县卫生健康局', confidence: 0.75, reason: 'abbreviation-type' },
    ]);
    expect(await assignmentsOf(planId, '全面公开')).toMatchObject([
      { unitId: 'unit:庆元县财政局', confidence: 1, reason: 'alias' },
    ]);
    expect(await assignmentsOf(planId, '做好人社')).toMatchObject([
      { unitId: 'unit:庆元县司法局', confidence: 1, reason: 'exact' },
    ]);
    const rows = await store.db
      .selectFrom('assignments')
      .select(['unit_id', 'match_confidence', 'match_reason'])
      .where('plan_id', '=', planId)
      .execute();
    expect(rows.find((r) => r.unit_id === 'unit:庆元县卫生健康局')).toMatchObject({
      match_confidence: 0.75,
      match_reason: 'abbreviation-type',
    });
    const pending = await pendingOf(planId);
    expect(pending.map((p) => [p.printed, p.kind])).toEqual([
      ['县大数据局', 'unknown'],
      ['县大数据局', 'unknown'],
      ['县医保局', 'unknown'],
    ]);
    // «新建单位» proposes the standard name after the 2018 机构改革; the printed form becomes its alias.
    expect(pending[2]!.proposal).toEqual({
      name: '庆元县医疗保障局',
      parentId: 'gov:庆元县',
      kind: 'department',
      standard: true,
    });
  });

  it('records a mapped unknown name as the unit’s alias, settles it on every task, and the next plan resolves it', async () => {
    const [first] = await pendingOf(planId);
    const r = await chooseUnits(ctx(), first!.id, [BIG_DATA]);
    expect(r).toEqual({ assignments: 2, alias: '县大数据局', alsoSettled: 1 });
    const unit = await store.db
      .selectFrom('units')
      .select('aliases')
      .where('id', '=', BIG_DATA)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(unit.aliases)).toContain('县大数据局');
    expect((await pendingOf(planId)).map((p) => p.printed)).toEqual(['县医保局']);
    expect((await assignmentsOf(planId, '推进公共数据')).map((a) => a.unitId).sort()).toEqual(
      [BIG_DATA, 'unit:庆元县住建局'].sort(),
    );
    const audit = await store.db
      .selectFrom('audit_events')
      .select(['action', 'entity_id'])
      .where('action', '=', 'unit.alias')
      .execute();
    expect(audit).toEqual([{ action: 'unit.alias', entity_id: BIG_DATA }]);

    const next = await importPlanFile(contextFor(store, operator, '2023-05-02'), bytes(plan(2024)), { name: 'b.txt' });
    expect(next.pending.map((p) => p.printed)).toEqual(['县医保局']);
    expect(await assignmentsOf(next.planId, '做好政务数据')).toMatchObject([
      { unitId: BIG_DATA, confidence: 1, reason: 'alias' },
    ]);
  });

  it('leaves the directory alone when the office unticks «记为别名»', async () => {
    const other = await importPlanFile(
      contextFor(store, operator, '2023-05-03'),
      bytes(plan(2025).replaceAll('县医保局', '县医疗保障局')),
      { name: 'c.txt' },
    );
    const choice = (await pendingOf(other.planId)).find((p) => p.printed === '县医疗保障局')!;
    expect(await chooseUnits(ctx(), choice.id, [BIG_DATA], { alias: false })).toEqual({
      assignments: 1,
      alias: null,
      alsoSettled: 0,
    });
    const unit = await store.db
      .selectFrom('units')
      .select('aliases')
      .where('id', '=', BIG_DATA)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(unit.aliases)).not.toContain('县医疗保障局');
  });

  it('adds a new unit for an unknown name and assigns it in one step, audited; the next plan resolves it', async () => {
    const [choice] = await pendingOf(planId);
    const r = await createUnitForPending(ctx(), choice!.id, {
      name: '庆元县医保局',
      parentId: 'gov:庆元县',
      kind: 'department',
    });
    expect(r).toEqual({ unitId: 'unit:庆元县医保局', assignments: 1, alsoSettled: 0 });
    const unit = await store.db
      .selectFrom('units')
      .selectAll()
      .where('id', '=', 'unit:庆元县医保局')
      .executeTakeFirstOrThrow();
    expect(unit).toMatchObject({ name: '庆元县医保局', parent_id: 'gov:庆元县', level: 'county', kind: 'department' });
    expect(JSON.parse(unit.aliases)).toEqual(['县医保局']);
    expect(await pendingOf(planId)).toEqual([]);
    expect(await assignmentsOf(planId, '做好医疗保障')).toMatchObject([
      { unitId: 'unit:庆元县医保局', role: 'lead', confidence: null },
    ]);
    const audit = await store.db
      .selectFrom('audit_events')
      .select(['action', 'entity', 'entity_id'])
      .where('action', 'in', ['unit.create', 'plan.choose-units'])
      .orderBy('id', 'desc')
      .limit(2)
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['plan.choose-units', 'unit.create']);
    expect(audit.find((a) => a.action === 'unit.create')!.entity_id).toBe('unit:庆元县医保局');

    await expect(
      createUnitForPending(ctx(), choice!.id, { name: '庆元县医保局', parentId: 'gov:庆元县', kind: 'department' }),
    ).rejects.toBeInstanceOf(AppError);

    const next = await importPlanFile(contextFor(store, operator, '2023-05-04'), bytes(plan(2026)), { name: 'd.txt' });
    expect(next.pending).toEqual([]);
    expect(await assignmentsOf(next.planId, '做好医疗保障')).toMatchObject([
      { unitId: 'unit:庆元县医保局', confidence: 1, reason: 'alias' },
    ]);
  });

  it('refuses a new unit for «有关单位» and for a name already settled', async () => {
    const s = await importPlanFile(
      contextFor(store, operator, '2023-05-05'),
      bytes(`${plan(2027)}\n\t7.做好信息公开年报。\t各有关单位\t每年1月31日前`),
      { name: 'e.txt' },
    );
    const choose = (await pendingOf(s.planId)).find((p) => p.kind === 'choose')!;
    const e = await createUnitForPending(ctx(), choose.id, { name: '庆元县某局', parentId: null, kind: 'other' }).then(
      () => null,
      (x: unknown) => x as AppError,
    );
    expect(e?.code).toBe('conflict');
    expect(await store.db.selectFrom('units').select('id').where('id', '=', 'unit:庆元县某局').execute()).toEqual([]);
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { chooseUnits } from '../src/services/choose-units.js';
import { findAssignment } from '../src/services/find-assignment.js';
import { importPlanFile } from '../src/services/import-plan.js';
import { listLedger } from '../src/services/list-ledger.js';
import { listPlans } from '../src/services/list-plans.js';
import { confirmRevision } from '../src/services/plan-revision.js';
import { changePlanState } from '../src/services/plan-state.js';
import { decideExtension, requestExtension } from '../src/services/request-extension.js';
import { reviewCompletion } from '../src/services/review-completion.js';
import { submitProgress } from '../src/services/submit-progress.js';
import type { Store } from '../src/store/store.js';
import { importConfirmed } from './support/confirmed.js';
import {
  COUNTY_PLAN,
  contextFor,
  leader,
  loadDemoDirectory,
  office,
  operator,
  rejects,
  unitUser,
} from './support/ledger.js';
import { requireShared } from './support/paths.js';
import { describeEachDialect } from './support/stores.js';

const FINANCE = 'unit:庆元县财政局';
const AGRICULTURE = 'unit:庆元县农业农村局';
const bytes = (s: string) => new TextEncoder().encode(s);
const pdf = bytes('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

describeEachDialect('ledger', (f) => {
  let store: Store;
  let planId: number;
  const ctx = (day = '2023-05-01') => contextFor(store, operator, day);

  beforeAll(async () => {
    store = await f.open();
    await loadDemoDirectory(store);
    const s = await importPlanFile(ctx(), bytes(COUNTY_PLAN), { name: 'plan.txt' });
    planId = s.planId;
  });

  it('imports a plan as a draft: tasks, assignments fanned out from groups, periods, pending choices', async () => {
    const [p] = await listPlans(ctx());
    expect(p).toMatchObject({ id: planId, state: 'draft', revision: 1, tasks: 6, year: 2023 });
    const { rows, total } = await listLedger(ctx(), { planId, includeDrafts: true, limit: 1000 });
    // 财政 1, 发改+住建 2, 农业 1 + 14 townships (各乡镇 from the directory), 府办 1, 司法 1; 各有关单位 waits.
    expect(total).toBe(20);
    expect(rows.filter((r) => r.taskId === rows[0]!.taskId)).toHaveLength(1);
    const quarterly = rows.filter((r) => r.text.startsWith('规范发布'));
    expect(quarterly).toHaveLength(15);
    expect(quarterly.filter((r) => r.role === 'lead').map((r) => r.unitId)).toEqual([AGRICULTURE]);
    expect(quarterly.every((r) => r.periodic && r.due === '2023-03-31')).toBe(true);
    const ongoing = rows.filter((r) => r.text.startsWith('做好项目'));
    expect(ongoing.every((r) => r.ongoing && r.due === '2023-03-31')).toBe(true);
    expect(rows.find((r) => r.text.startsWith('依申请'))).toMatchObject({ due: null, dueStatus: 'no-deadline' });
    const periods = await store.db.selectFrom('periods').select('assignment_id').execute();
    // 15 quarterly × 4 + 2 ongoing × 4 quarters.
    expect(periods).toHaveLength(68);
    const pending = await store.db.selectFrom('pending_choices').selectAll().execute();
    expect(pending.map((c) => [c.printed, c.kind])).toEqual([['各有关单位', 'choose']]);
  });

  it('lets the office choose the members of «有关单位»', async () => {
    // Nothing is binding while «有关单位» names no one: confirm lists what is left to settle.
    await rejects(changePlanState(ctx(), planId, 'confirm'), 'conflict', /第6项「各有关单位」须指定具体单位/);
    const [choice] = await store.db.selectFrom('pending_choices').selectAll().execute();
    await rejects(chooseUnits(ctx(), Number(choice!.id), ['unit:不存在']), 'invalid-input');
    // «有关单位» names no one: nothing is recorded as an alias.
    expect(await chooseUnits(ctx(), Number(choice!.id), [FINANCE, 'unit:庆元县教育局'])).toEqual({
      assignments: 2,
      alias: null,
      alsoSettled: 0,
    });
    const rows = (await listLedger(ctx(), { planId, limit: 1000, includeDrafts: true })).rows.filter((r) =>
      r.text.startsWith('做好信息公开年报'),
    );
    expect(rows.map((r) => [r.unitId, r.printed, r.due]).sort()).toEqual([
      ['unit:庆元县教育局', '各有关单位', '2023-01-31'],
      [FINANCE, '各有关单位', '2023-01-31'],
    ]);
    await rejects(chooseUnits(ctx(), Number(choice!.id), [FINANCE]), 'conflict');
  });

  it('keeps drafts from units, then confirms the plan', async () => {
    const unit = contextFor(store, unitUser(FINANCE), '2023-05-01');
    expect((await listLedger(unit)).total).toBe(0);
    const id = await findAssignment(ctx(), await taskId('全面公开'), FINANCE);
    await rejects(
      submitProgress(unit, { assignmentId: id, text: '进行中', claim: 'in_progress' }),
      'conflict',
      /尚未确认/,
    );
    expect(await changePlanState(ctx(), planId, 'confirm')).toBe('confirmed');
    await rejects(changePlanState(ctx(), planId, 'confirm'), 'conflict');
    // Its 6月底 task and the 年报 the office chose it for.
    expect((await listLedger(unit)).rows.map((r) => r.unitId)).toEqual([FINANCE, FINANCE]);
  });

  it('runs the assignment through its states: report, submit, return, resubmit, accept, reopen', async () => {
    const id = await findAssignment(ctx(), await taskId('全面公开'), '县财政局');
    const unit = contextFor(store, unitUser(FINANCE), '2023-05-10');
    expect(
      await submitProgress(unit, { assignmentId: id, text: '已公开部门预算', claim: 'in_progress' }),
    ).toMatchObject({ state: 'in_progress' });
    expect(
      (
        await submitProgress(unit, {
          assignmentId: id,
          text: '全部公开',
          claim: 'complete',
          files: [{ name: '公开截图.pdf', bytes: pdf }],
        })
      ).state,
    ).toBe('submitted');
    await rejects(submitProgress(unit, { assignmentId: id, text: '再报', claim: 'in_progress' }), 'conflict', /审核中/);
    await rejects(reviewCompletion(ctx(), id, { decision: 'return', reason: ' ' }), 'conflict', /理由/);
    expect((await reviewCompletion(ctx(), id, { decision: 'return', reason: '缺少决算公开链接' })).state).toBe(
      'returned',
    );
    // The unit is told why, in its inbox and on its row.
    const [returned] = await store.db.selectFrom('reminders').selectAll().where('kind', '=', 'returned').execute();
    expect(returned).toMatchObject({ unit_id: FINANCE });
    expect(returned!.text).toMatch(/第1项任务「全面公开财政预决算。」的办结申请。理由：缺少决算公开链接$/);
    expect((await listLedger(unit)).rows.find((r) => r.assignmentId === id)).toMatchObject({
      state: 'returned',
      returnReason: '缺少决算公开链接',
    });
    expect(
      (
        await submitProgress(unit, {
          assignmentId: id,
          text: '补充链接',
          claim: 'complete',
          links: ['https://www.example.gov.cn/czyjs'],
        })
      ).state,
    ).toBe('submitted');
    await rejects(reviewCompletion(unit, id, { decision: 'accept' }), 'forbidden');
    expect((await reviewCompletion(ctx(), id, { decision: 'accept' })).state).toBe('done');
    await rejects(
      submitProgress(unit, { assignmentId: id, text: '又一条', claim: 'in_progress' }),
      'conflict',
      /已办结/,
    );
    expect((await reviewCompletion(ctx(), id, { decision: 'reopen', reason: '审计发现遗漏' })).state).toBe(
      'in_progress',
    );
    const reviews = await store.db
      .selectFrom('reviews')
      .select(['decision'])
      .where('assignment_id', '=', id)
      .orderBy('id')
      .execute();
    expect(reviews.map((r) => r.decision)).toEqual(['return', 'accept', 'reopen']);
    const evidence = await store.db.selectFrom('evidence').selectAll().execute();
    expect(evidence.map((e) => [e.kind, e.file_name ?? e.url, e.mime])).toEqual([
      ['file', '公开截图.pdf', 'application/pdf'],
      ['link', 'https://www.example.gov.cn/czyjs', null],
    ]);
    expect(Buffer.from(await store.blobs.get(evidence[0]!.sha256!)).equals(pdf)).toBe(true);
  });

  it('lets a unit user act on its own assignments only', async () => {
    const other = await findAssignment(ctx(), await taskId('规范发布'), AGRICULTURE);
    const finance = contextFor(store, unitUser(FINANCE), '2023-05-10');
    await rejects(submitProgress(finance, { assignmentId: other, text: '越权', claim: 'in_progress' }), 'forbidden');
    await rejects(listLedger(finance, { unitId: AGRICULTURE }), 'forbidden');
    await rejects(
      submitProgress(contextFor(store, leader), { assignmentId: other, text: '领导', claim: 'in_progress' }),
      'forbidden',
    );
    await rejects(
      importPlanFile(contextFor(store, unitUser(FINANCE)), bytes(COUNTY_PLAN), { name: 'x.txt' }),
      'forbidden',
    );
  });

  it('reports periodic work per period and refuses 办结 while periods remain; ongoing work never submits', async () => {
    const id = await findAssignment(ctx(), await taskId('规范发布'), AGRICULTURE);
    const unit = contextFor(store, unitUser(AGRICULTURE), '2023-03-20');
    expect(await submitProgress(unit, { assignmentId: id, text: '一季度已公开', claim: 'in_progress' })).toMatchObject({
      period: '2023年第一季度',
    });
    await rejects(submitProgress(unit, { assignmentId: id, text: '想办结', claim: 'complete' }), 'conflict', /报送期/);
    const [row] = (await listLedger(contextFor(store, office, '2023-03-20'), { planId, unitId: AGRICULTURE })).rows;
    expect(row).toMatchObject({ due: '2023-06-30', dueStatus: 'on-track' });
    for (const q of ['二', '三'])
      await submitProgress(unit, { assignmentId: id, text: `${q}季度已公开`, claim: 'in_progress' });
    expect(await submitProgress(unit, { assignmentId: id, text: '全年完成', claim: 'complete' })).toMatchObject({
      state: 'submitted',
      period: '2023年第四季度',
    });

    const ongoing = await findAssignment(ctx(), await taskId('做好项目'), '县发改局');
    const dev = contextFor(store, unitUser('unit:庆元县发改局'));
    await rejects(
      submitProgress(dev, { assignmentId: ongoing, text: '完成', claim: 'complete' }),
      'conflict',
      /持续推进/,
    );
  });

  it('derives overdue and due-soon from today, never storing them', async () => {
    const on = (day: string) => contextFor(store, office, day);
    const overdueJuly = (await listLedger(on('2023-07-01'), { planId, overdue: true, limit: 1000 })).rows;
    // The finance bureau's reopened 6月底 task is late; agriculture's claim waits on the office, not on it.
    expect(overdueJuly.find((r) => r.unitId === FINANCE)).toMatchObject({ due: '2023-06-30', state: 'in_progress' });
    expect(overdueJuly.find((r) => r.unitId === AGRICULTURE)).toBeUndefined();
    // The townships have reported no quarter: what is due now is their first quarter.
    expect(overdueJuly.filter((r) => r.unitId.startsWith('gov:庆元县') && r.due === '2023-03-31')).toHaveLength(14);
    expect(overdueJuly.some((r) => r.text.startsWith('政策文件') && r.due === '2023-03-31')).toBe(true);
    expect(overdueJuly.every((r) => r.dueStatus === 'overdue')).toBe(true);
    // In March only the January 年报 is late.
    const early = (await listLedger(on('2023-03-01'), { planId, overdue: true })).rows;
    expect(early.map((r) => r.text.slice(0, 8))).toEqual(['做好信息公开年报', '做好信息公开年报']);
    const soon = (await listLedger(on('2023-03-27'), { planId, dueWithinDays: 7, limit: 1000 })).rows;
    expect(soon.length).toBeGreaterThan(0);
    expect(
      soon
        .filter((r) => !r.text.startsWith('做好信息公开年报'))
        .every((r) => r.dueStatus === 'due-soon' && r.due! <= '2023-04-03'),
    ).toBe(true);
  });

  it('handles 延期 requests: one open at a time, approval moves the date, rejection needs a reason', async () => {
    const id = await findAssignment(ctx(), await taskId('政策文件'), '县府办');
    const unit = contextFor(store, unitUser('unit:庆元县府办'), '2023-03-25');
    await rejects(
      requestExtension(unit, { assignmentId: id, requestedDue: '2023-03-01', reason: '来不及' }),
      'invalid-input',
    );
    const { requestId } = await requestExtension(unit, {
      assignmentId: id,
      requestedDue: '2023-04-30',
      reason: '等待上级文件',
    });
    await rejects(
      requestExtension(unit, { assignmentId: id, requestedDue: '2023-05-30', reason: '再延' }),
      'conflict',
      /审批中/,
    );
    await rejects(decideExtension(unit, { requestId, approve: true }), 'forbidden');
    await rejects(decideExtension(ctx(), { requestId, approve: false }), 'invalid-input');
    expect(await decideExtension(ctx(), { requestId, approve: true })).toEqual({ due: '2023-04-30' });
    // The unit hears of the decision in its inbox, the task named as the plan numbers it.
    const notice = await store.db
      .selectFrom('reminders')
      .select(['kind', 'text'])
      .where('unit_id', '=', 'unit:庆元县府办')
      .where('kind', '=', 'extension')
      .executeTakeFirstOrThrow();
    expect(notice.text).toMatch(
      /^《庆元县2023年政务公开工作要点分工方案》第4项任务「政策文件同步解读。」的延期申请已同意，时限延至2023-04-30。/,
    );
    const [row] = (await listLedger(contextFor(store, office, '2023-04-10'), { planId, unitId: 'unit:庆元县府办' }))
      .rows;
    expect(row).toMatchObject({ due: '2023-04-30', dueStatus: 'on-track' });
  });

  it('re-imports a revised plan: shows the diff and keeps progress on kept tasks', async () => {
    const reportsBefore = await store.db.selectFrom('progress_reports').select('id').execute();
    const revised = COUNTY_PLAN.replace('\t2.做好项目信息公开。\t县发改局、县住建局\t长期推进\n', '')
      .replace('4.政策文件同步解读。\t县府办', '4.政策文件与解读材料同步起草、同步审签、同步发布。\t县府办')
      .replace('县财政局\t2023年6月底前', '县财政局、县司法局\t2023年6月底前')
      .concat('\n三、保障\t7.建立政务公开任务台账。\t县府办\t2023年12月底前');
    const pending = await importPlanFile(ctx('2023-05-20'), bytes(revised), { name: 'plan-v2.txt' });
    // The plan is issued: the revision waits for review and the live plan is untouched until confirmed.
    expect(pending).toMatchObject({ planId, revision: 1, unchanged: false, pendingRevision: { baseRevision: 1 } });
    await rejects(confirmRevision(ctx('2023-05-20'), planId, ' '), 'invalid-input', /理由/);
    const s = { ...pending, diff: await confirmRevision(ctx('2023-05-20'), planId, '县里调整分工') };
    expect(s.diff).toMatchObject({ fromRevision: 1, toRevision: 2 });
    expect(pending.diff!.changed.map((t) => t.fields)).toEqual(s.diff.changed.map((t) => t.fields));
    expect(s.diff!.added.map((t) => t.text)).toEqual(['建立政务公开任务台账。']);
    expect(s.diff!.removed.map((t) => t.text)).toEqual(['做好项目信息公开。']);
    expect(s.diff!.changed.map((t) => [t.text.slice(0, 6), t.fields])).toEqual([
      ['全面公开财政', ['units']],
      ['政策文件与解', ['text']],
    ]);
    expect(s.diff!.unchanged).toBe(3);
    expect(s.diff!.keptReports).toBe(reportsBefore.length);
    const reportsAfter = await store.db.selectFrom('progress_reports').select('id').execute();
    expect(reportsAfter).toHaveLength(reportsBefore.length);
    // The finance bureau's assignment kept its state; the justice bureau joined; the chosen members stayed.
    const ledger = (await listLedger(ctx(), { planId, limit: 1000 })).rows;
    const finance = ledger.filter((r) => r.text.startsWith('全面公开'));
    expect(finance.map((r) => [r.unitId, r.state]).sort()).toEqual([
      ['unit:庆元县司法局', 'not_started'],
      [FINANCE, 'in_progress'],
    ]);
    expect(ledger.filter((r) => r.text.startsWith('做好信息公开年报'))).toHaveLength(2);
    expect(ledger.some((r) => r.text.startsWith('做好项目'))).toBe(false);
    const again = await importPlanFile(ctx(), bytes(revised), { name: 'plan-v2.txt' });
    expect(again).toMatchObject({ unchanged: true, revision: 2 });
    const audit = await store.db
      .selectFrom('audit_events')
      .select(['action', 'after_json'])
      .where('action', '=', 'plan.revision.confirm')
      .execute();
    expect(JSON.parse(audit[0]!.after_json!)).toMatchObject({ reason: '县里调整分工' });
  });

  it('imports a real plan (seed 000) fanned out over the demo directory', async () => {
    const seeds = join(requireShared(), 'seeds');
    const file = join(seeds, readdirSync(seeds).find((n) => n.startsWith('000'))!);
    const s = await importConfirmed(ctx(), readFileSync(file), { name: '000.txt' });
    expect(s).toMatchObject({ state: 'confirmed', tasks: 58, directoryAdded: [] });
    // 各县、区人民政府（管委会）expands to the four county-level governments the directory lists for 潮州.
    expect(s.pending.filter((p) => p.kind !== 'choose')).toEqual([]);
    expect(s.assignments).toBeGreaterThan(600);
  });

  it('keeps each periodic assignment dated by its earliest unreported period through reports, 延期 and revisions', async () => {
    const periodic = await store.db
      .selectFrom('assignments as a')
      .select((eb) => [
        'a.id',
        'a.next_due',
        eb
          .selectFrom('periods as p')
          .select((e) => e.fn.min('p.due').as('d'))
          .whereRef('p.assignment_id', '=', 'a.id')
          .where('p.reported_at', 'is', null)
          .as('earliest'),
      ])
      .where('a.periodic', '=', 1)
      .execute();
    expect(periodic.length).toBeGreaterThan(50);
    // Some have moved past their first period (reported, or its date extended): the test covers more than inserts.
    const firsts = await store.db
      .selectFrom('periods')
      .select((eb) => ['assignment_id', eb.fn.min('due').as('d')])
      .groupBy('assignment_id')
      .execute();
    const first = new Map(firsts.map((r) => [Number(r.assignment_id), r.d]));
    expect(periodic.some((r) => r.next_due !== first.get(Number(r.id)))).toBe(true);
    expect(periodic.filter((r) => r.next_due !== r.earliest)).toEqual([]);
  });

  async function taskId(prefix: string): Promise<number> {
    const t = await store.db
      .selectFrom('tasks')
      .select('id')
      .where('plan_id', '=', planId)
      .where('text', 'like', `${prefix}%`)
      .where('removed_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(t.id);
  }
});

import { beforeAll, expect, it } from 'vitest';
import { addTask } from '../src/services/add-task.js';
import { editPlan } from '../src/services/edit-plan.js';
import { editTask } from '../src/services/edit-task.js';
import { findAssignment } from '../src/services/find-assignment.js';
import { importPlanFile } from '../src/services/import-plan.js';
import { listLedger } from '../src/services/list-ledger.js';
import { planDetail } from '../src/services/plan-detail.js';
import { changePlanState } from '../src/services/plan-state.js';
import { submitProgress } from '../src/services/submit-progress.js';
import type { Store } from '../src/store/store.js';
import {
  COUNTY_PLAN,
  contextFor,
  loadDemoDirectory,
  office,
  rejects,
  settlePending,
  unitUser,
} from './support/ledger.js';
import { describeEachDialect } from './support/stores.js';

/** Review edits beyond text, units and deadline: a task's other fields, the plan's details and year, new tasks. */
const AGRICULTURE = 'unit:庆元县农业农村局';
const TOWNSHIP = 'gov:庆元县荷地镇';
const OFFICE_UNIT = 'unit:庆元县府办';
const PLAN = `${COUNTY_PLAN}\n\t7.开展政务公开业务培训。\t县府办\t11月底前`;
const bytes = (s: string) => new TextEncoder().encode(s);

describeEachDialect('review edits', (f) => {
  let store: Store;
  let planId: number;
  const ctx = (day = '2023-03-01') => contextFor(store, office, day);

  beforeAll(async () => {
    store = await f.open();
    await loadDemoDirectory(store);
    planId = (await importPlanFile(ctx(), bytes(PLAN), { name: 'plan.txt' })).planId;
  });

  async function taskRow(prefix: string) {
    return store.db
      .selectFrom('tasks')
      .selectAll()
      .where('plan_id', '=', planId)
      .where('text', 'like', `${prefix}%`)
      .where('removed_at', 'is', null)
      .executeTakeFirstOrThrow();
  }
  async function lastAudit(action: string) {
    const e = await store.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', action)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    return { ...e, before: JSON.parse(e.before_json ?? 'null'), after: JSON.parse(e.after_json ?? 'null') };
  }
  async function periodsOf(assignmentId: number) {
    const rows = await store.db
      .selectFrom('periods')
      .select(['due', 'label', 'reported_at'])
      .where('assignment_id', '=', assignmentId)
      .orderBy('due')
      .execute();
    return rows.map((p) => [p.due, p.reported_at === null ? 'open' : 'reported']);
  }
  async function assignment(id: number) {
    return store.db
      .selectFrom('assignments')
      .select(['due', 'next_due', 'state'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  }

  it("edits a task's section, group, number, 完成情况 and 备注, audited with before and after", async () => {
    const before = await taskRow('政策文件');
    const id = Number(before.id);
    await editTask(ctx(), id, {
      section: { label: '三、', title: '培训' },
      group: { label: '（一）', title: '业务培训' },
      number: '4-1',
      status: '已完成初稿',
      note: '由县府办汇总',
    });
    const shown = (await planDetail(ctx(), planId)).tasks.find((t) => t.id === id)!;
    expect(shown).toMatchObject({
      section: '三、 培训',
      sectionLabel: '三、',
      sectionTitle: '培训',
      group: '（一） 业务培训',
      number: '4-1',
      status: '已完成初稿',
      note: '由县府办汇总',
      text: before.text,
    });
    const e = await lastAudit('task.edit');
    expect(e.entity_id).toBe(String(id));
    expect(e.before).toMatchObject({
      section: { label: before.section_label, title: before.section_title },
      group: null,
      number: before.number,
      status: null,
      note: null,
    });
    expect(e.after).toMatchObject({
      section: { label: '三、', title: '培训' },
      group: { label: '（一）', title: '业务培训' },
      number: '4-1',
      status: '已完成初稿',
      note: '由县府办汇总',
    });

    // Blank clears; fields not sent stay.
    await editTask(ctx(), id, { group: { label: ' ', title: '' }, note: '  ' });
    const after = await taskRow('政策文件');
    expect(after).toMatchObject({ group_label: null, group_title: null, note_text: null, status_text: '已完成初稿' });
    expect((await lastAudit('task.edit')).after).not.toHaveProperty('status');

    await rejects(editTask(ctx(), id, { text: '   ' }), 'invalid-input', /具体要求.*不能为空/);
    await rejects(editTask(ctx(), id, { number: 'x'.repeat(51) }), 'invalid-input', /任务序号不能超过/);
    await rejects(editTask(ctx(), 999_999, { note: '无' }), 'not-found', /没有编号为 999999 的任务/);
  });

  it('adds a missed task before a chosen one: assignments as import makes them (group expanded), in the ledger', async () => {
    const next = await taskRow('政策文件');
    const added = await addTask(ctx(), planId, {
      section: { label: '一、', title: '公开' },
      number: '3-1',
      text: '做好乡镇政务公开专区建设。',
      unitsText: '县农业农村局牵头，各乡镇配合',
      deadlineText: '每季度',
      beforeTaskId: Number(next.id),
    });
    // 农业农村局 + the 14 townships of 各乡镇, as the imported 每季度 task fans out.
    expect(added).toMatchObject({ seq: Number(next.seq), assignments: 15, pending: 0 });
    expect(Number((await taskRow('政策文件')).seq)).toBe(Number(next.seq) + 1);

    const { rows } = await listLedger(ctx(), { planId, includeDrafts: true, limit: 1000 });
    const mine = rows.filter((r) => r.taskId === added.taskId);
    expect(mine).toHaveLength(15);
    expect(mine.filter((r) => r.role === 'lead').map((r) => r.unitId)).toEqual([AGRICULTURE]);
    expect(mine.every((r) => r.periodic && r.due === '2023-03-31' && r.section === '一、 公开')).toBe(true);
    expect(mine.filter((r) => r.printed === '各乡镇')).toHaveLength(14);
    const own = await findAssignment(ctx(), added.taskId, AGRICULTURE);
    expect(await periodsOf(own)).toHaveLength(4);
    expect((await assignment(own)).next_due).toBe('2023-03-31');

    // In review order, with no source place; the tasks after it keep theirs.
    const detail = await planDetail(ctx(), planId);
    const at = detail.tasks.findIndex((t) => t.id === added.taskId);
    expect(detail.tasks[at + 1]?.id).toBe(Number(next.id));
    expect(detail.tasks[at]).toMatchObject({ span: null, fields: null, parseTask: null, number: '3-1' });
    expect(detail.tasks[at + 1]!.parseTask).toBe('T4');
    expect(detail.tasks[at + 1]!.fields?.text).toBeTruthy();
    expect((await lastAudit('task.add')).after).toMatchObject({ plan: planId, text: '做好乡镇政务公开专区建设。' });

    // Appended, with a name the directory lacks left for the office to settle.
    const unknown = await addTask(ctx(), planId, { text: '建设政务公开体验区。', unitsText: '县体验中心' });
    expect(unknown).toMatchObject({ assignments: 0, pending: 1 });
    expect(detail.tasks.every((t) => t.seq < unknown.seq)).toBe(true);
    const pending = (await planDetail(ctx(), planId)).pending.filter((p) => p.taskId === unknown.taskId);
    expect(pending.map((p) => [p.printed, p.kind])).toEqual([['县体验中心', 'unknown']]);

    await rejects(addTask(ctx(), planId, { text: '  ', unitsText: '县府办' }), 'invalid-input', /具体要求.*不能为空/);
    await rejects(addTask(ctx(), 999_999, { text: '某项任务' }), 'not-found', /没有编号为 999999 的方案/);
    await rejects(addTask(ctx(), planId, { text: '某项任务', beforeTaskId: 999_999 }), 'invalid-input', /插入位置无效/);
    await rejects(addTask(ctx(), planId, { text: '某项任务', unitsText: '，，' }), 'invalid-input', /没有从/);
  });

  it("re-dates a 每季度 and an «11月底前» task when the plan's year changes, keeping a reported period", async () => {
    await rejects(changePlanState(ctx(), planId, 'confirm'), 'conflict', /单位目录中找不到「县体验中心」/);
    await settlePending(ctx(), planId, OFFICE_UNIT);
    expect(await changePlanState(ctx(), planId, 'confirm')).toBe('confirmed');
    const quarterly = Number((await taskRow('规范发布')).id);
    const lead = await findAssignment(ctx(), quarterly, AGRICULTURE);
    const township = await findAssignment(ctx(), quarterly, TOWNSHIP);
    const november = await findAssignment(ctx(), Number((await taskRow('开展政务公开业务培训')).id), OFFICE_UNIT);
    const dated = await findAssignment(ctx(), Number((await taskRow('全面公开')).id), 'unit:庆元县财政局');
    expect((await assignment(november)).due).toBe('2023-11-30');
    const report = await submitProgress(contextFor(store, unitUser(AGRICULTURE), '2023-03-20'), {
      assignmentId: lead,
      text: '一季度已公开',
      claim: 'in_progress',
    });
    expect(report.period).toBe('2023年第一季度');

    // In force: the units work to these dates, so a change needs a reason.
    await rejects(editPlan(ctx(), planId, { year: 2024 }), 'invalid-input', /须写明理由/);
    const result = await editPlan(ctx(), planId, { year: 2024, reason: '年度识别有误' });
    expect(result.redated.length).toBeGreaterThanOrEqual(4);

    // The reported 2023 Q1 stays with its report; the 2024 quarters are all open.
    expect(await periodsOf(lead)).toEqual([
      ['2023-03-31', 'reported'],
      ['2024-03-31', 'open'],
      ['2024-06-30', 'open'],
      ['2024-09-30', 'open'],
      ['2024-12-31', 'open'],
    ]);
    expect(await assignment(lead)).toMatchObject({ due: '2024-12-31', next_due: '2024-03-31', state: 'in_progress' });
    const reports = await store.db
      .selectFrom('progress_reports as r')
      .innerJoin('periods as p', 'p.id', 'r.period_id')
      .select('p.due')
      .where('r.id', '=', report.reportId)
      .executeTakeFirstOrThrow();
    expect(reports.due).toBe('2023-03-31');
    expect(await periodsOf(township)).toEqual([
      ['2024-03-31', 'open'],
      ['2024-06-30', 'open'],
      ['2024-09-30', 'open'],
      ['2024-12-31', 'open'],
    ]);
    expect((await assignment(township)).next_due).toBe('2024-03-31');
    // «11月底前» printed no year: it follows the plan's; «2023年6月底前» printed its own and keeps it.
    expect(await assignment(november)).toMatchObject({ due: '2024-11-30', next_due: null });
    expect((await taskRow('开展政务公开业务培训')).deadline_due).toBe('2024-11-30');
    expect((await assignment(dated)).due).toBe('2023-06-30');
    // The ongoing task reports in the new year's quarters.
    const ongoing = await findAssignment(ctx(), Number((await taskRow('做好项目')).id), 'unit:庆元县发改局');
    expect((await periodsOf(ongoing)).map(([d]) => d)).toEqual([
      '2024-03-31',
      '2024-06-30',
      '2024-09-30',
      '2024-12-31',
    ]);

    const e = await lastAudit('plan.edit');
    expect(e.before).toEqual({ year: 2023 });
    expect(e.after).toMatchObject({ year: 2024, reason: '年度识别有误' });
    expect(e.after.redated).toContain(quarterly);
    expect((await planDetail(ctx(), planId)).year).toBe(2024);

    // The other details, no re-dating.
    const same = await editPlan(ctx(), planId, {
      title: '庆元县2024年政务公开工作要点分工方案',
      docNumber: '庆政办发〔2024〕3号',
      issuer: '庆元县人民政府办公室',
      issueDate: '2024-02-20',
      reason: '按原件更正',
    });
    expect(same.redated).toEqual([]);
    expect(await planDetail(ctx(), planId)).toMatchObject({
      title: '庆元县2024年政务公开工作要点分工方案',
      docNumber: '庆政办发〔2024〕3号',
      issuer: '庆元县人民政府办公室',
      issueDate: '2024-02-20',
    });
  });

  it('refuses bad plan details with clear messages', async () => {
    await rejects(editPlan(ctx(), planId, { year: 1999, reason: 'x' }), 'invalid-input', /方案年度.*无效/);
    await rejects(editPlan(ctx(), planId, { year: 2024.5, reason: 'x' }), 'invalid-input', /方案年度.*无效/);
    await rejects(editPlan(ctx(), planId, { issueDate: '2024-02-30', reason: 'x' }), 'invalid-input', /成文日期.*无效/);
    await rejects(editPlan(ctx(), planId, { title: '  ', reason: 'x' }), 'invalid-input', /方案标题.*不能为空/);
    await rejects(editPlan(ctx(), 999_999, { year: 2024 }), 'not-found', /没有编号为 999999 的方案/);
    await rejects(
      editPlan(contextFor(store, unitUser(AGRICULTURE)), planId, { year: 2025, reason: 'x' }),
      'forbidden',
      /没有权限/,
    );
    expect(await changePlanState(ctx(), planId, 'archive')).toBe('archived');
    await rejects(editPlan(ctx(), planId, { year: 2025, reason: 'x' }), 'conflict', /已归档/);
    await rejects(addTask(ctx(), planId, { text: '某项任务' }), 'conflict', /已归档/);
  });
});

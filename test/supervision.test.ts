import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, expect, it } from 'vitest';
import { AppError } from '../src/domain/errors.js';
import type { Unit } from '../src/domain/unit.js';
import { carryOver } from '../src/services/carry-over.js';
import { cascadePlan } from '../src/services/cascade-plan.js';
import { chooseUnits } from '../src/services/choose-units.js';
import { coverage } from '../src/services/coverage.js';
import { saveUnit } from '../src/services/directory.js';
import { removeTask } from '../src/services/edit-task.js';
import { exportScores } from '../src/services/export-scores.js';
import type { Mailer } from '../src/services/mailer.js';
import { changePlanState } from '../src/services/plan-state.js';
import { reviewCompletion } from '../src/services/review-completion.js';
import { rollUp } from '../src/services/roll-up.js';
import { addScoreAdjustment, scoreUnits } from '../src/services/score-units.js';
import { digestStatus, sendDigests } from '../src/services/send-reminders.js';
import { submitProgress } from '../src/services/submit-progress.js';
import { taskDetail } from '../src/services/task-detail.js';
import { unitReminders, urgeUnit } from '../src/services/urge-unit.js';
import type { Store } from '../src/store/store.js';
import { importConfirmed } from './support/confirmed.js';
import { COUNTY_PLAN, contextFor, loadDemoDirectory, office, operator, unitUser } from './support/ledger.js';
import { requireShared } from './support/paths.js';
import { describeEachDialect } from './support/stores.js';

const bytes = (s: string) => new TextEncoder().encode(s);
const FINANCE = 'unit:庆元县财政局';

async function assignmentOf(store: Store, planId: number, prefix: string, unitId: string): Promise<number> {
  const r = await store.db
    .selectFrom('assignments as a')
    .innerJoin('tasks as t', 't.id', 'a.task_id')
    .select('a.id')
    .where('a.plan_id', '=', planId)
    .where('t.text', 'like', `${prefix}%`)
    .where('a.unit_id', '=', unitId)
    .where('a.removed_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

describeEachDialect('supervision', (f) => {
  let store: Store;
  let planId: number;
  const at = (day: string) => contextFor(store, operator, day);

  beforeAll(async () => {
    store = await f.open();
    await loadDemoDirectory(store);
    planId = (await importConfirmed(at('2023-01-05'), bytes(COUNTY_PLAN), { name: 'plan.txt' })).planId;
  });

  it('sends one digest per unit and week, counting the warning window in working days, and mails it', async () => {
    await store.db.updateTable('accounts').set({ email: null }).execute();
    const sent: { to: string[]; subject: string; text: string }[] = [];
    const mailer: Mailer = { send: async (m) => void sent.push(m) };
    await store.db
      .insertInto('accounts')
      .values({
        username: 'finance',
        display_name: '财政局联络员',
        role: 'unit',
        unit_id: FINANCE,
        password_hash: 'x',
        must_change_password: 0,
        failed_logins: 0,
        locked_until: null,
        active: 1,
        created_at: '2023-01-01',
        updated_at: '2023-01-01',
        last_login_at: null,
        email: 'czj@example.gov.cn',
      })
      .execute();
    // Monday 2023-06-26: the finance bureau's 6月底 task is due within 5 working days; the 3月底 one of 府办 is overdue.
    const before = await digestStatus(contextFor(store, office, '2023-06-26'));
    expect(before).toMatchObject({ period: '2023-W26', sent: 0, lastSentAt: null });
    expect(before.pendingItems).toBeGreaterThanOrEqual(before.pending);
    const run = await sendDigests(contextFor(store, office, '2023-06-26'), mailer);
    expect(run.units).toBe(before.pending);
    expect(run.items).toBe(before.pendingItems);
    expect(run.period).toBe('2023-W26');
    expect(run.units).toBeGreaterThan(2);
    expect(sent.map((m) => m.to)).toEqual([['czj@example.gov.cn']]);
    expect(sent[0]!.text).toContain('将于 5 个工作日内到期');
    expect(sent[0]!.text).toContain('全面公开财政预决算');
    const digests = await store.db.selectFrom('reminders').selectAll().where('kind', '=', 'digest').execute();
    // One message per unit, never one per task: the 14 townships each get one, listing their quarterly item.
    expect(new Set(digests.map((d) => d.unit_id)).size).toBe(digests.length);
    const after = await digestStatus(contextFor(store, office, '2023-06-28'));
    expect(after).toMatchObject({ period: '2023-W26', sent: run.units, pending: 0, pendingItems: 0 });
    expect(after.lastSentAt).not.toBeNull();
    const again = await sendDigests(contextFor(store, office, '2023-06-28'), mailer);
    expect(again).toMatchObject({ units: 0, skipped: run.units });
    // The next week starts afresh.
    expect(await digestStatus(contextFor(store, office, '2023-07-03'))).toMatchObject({ period: '2023-W27', sent: 0 });
    expect(sent).toHaveLength(1);
    const mine = await unitReminders(contextFor(store, unitUser(FINANCE)));
    expect(mine.map((r) => r.kind)).toEqual(['digest']);
  });

  it('records 催办 for a unit with overdue items, and refuses it for a unit with none', async () => {
    const r = await urgeUnit(contextFor(store, office, '2023-07-03'), {
      unitId: 'unit:庆元县府办',
      note: '请于本周内报送。',
    });
    expect(r.items).toBe(1);
    const text = (
      await store.db.selectFrom('reminders').select('text').where('id', '=', r.reminderId).executeTakeFirstOrThrow()
    ).text;
    expect(text).toContain('政策文件同步解读');
    await expect(
      urgeUnit(contextFor(store, office, '2023-07-03'), { unitId: 'unit:庆元县教育局' }),
    ).rejects.toBeInstanceOf(AppError);
  });

  it('scores units per quarter with a reason and source for every point', async () => {
    const finance = await assignmentOf(store, planId, '全面公开', FINANCE);
    const unit = contextFor(store, unitUser(FINANCE), '2023-06-20');
    await submitProgress(unit, { assignmentId: finance, text: '已完成', claim: 'complete' });
    await reviewCompletion(at('2023-07-05'), finance, { decision: 'accept' });
    await addScoreAdjustment(at('2023-07-06'), {
      unitId: 'unit:庆元县府办',
      period: '2023-Q1',
      points: 2,
      reason: '政策解读经验被省政务公开办推广',
    });
    const q2 = await scoreUnits(at('2023-07-10'), { period: '2023-Q2', planId });
    const fin = q2.units.find((u) => u.unitId === FINANCE)!;
    // As of the quarter's end it was claimed and waiting for the office: 待审核, which counts neither way.
    expect(fin.card).toMatchObject({ score: 100, due: 1, submitted: 1, onTime: 0, overdue: 0, onTimeRate: null });
    // Counted again after the acceptance, the claim of 6月20日 was on time.
    const later = await scoreUnits(at('2023-07-10'), { period: '2023-Q2', planId, asOf: '2023-07-10' });
    expect(later.units.find((u) => u.unitId === FINANCE)!.card).toMatchObject({ score: 100, due: 1, onTime: 1 });
    const q1 = await scoreUnits(at('2023-07-10'), { period: '2023-Q1', planId });
    const office1 = q1.units.find((u) => u.unitId === 'unit:庆元县府办')!;
    // 3月底 task never done: on-time rate 0/1 costs the 60-point weight, plus 2 for the overdue item, plus 2 added.
    expect(office1.card).toMatchObject({ score: 40, due: 1, onTime: 0, overdue: 1 });
    expect(office1.card.lines.map((l) => [l.points, l.source.kind])).toEqual([
      [0, 'start'],
      [-60, 'rate'],
      [-2, 'overdue'],
      [2, 'adjustment'],
    ]);
    expect(office1.card.lines[2]!.reason).toContain('政策文件同步解读');
    // The agriculture bureau reports its first quarter late: a period completed after its due date.
    const agri = await assignmentOf(store, planId, '规范发布', 'unit:庆元县农业农村局');
    await submitProgress(contextFor(store, unitUser('unit:庆元县农业农村局'), '2023-04-03'), {
      assignmentId: agri,
      text: '一季度',
      claim: 'in_progress',
    });
    // Ongoing work is reporting periods, never 应完成: as of the quarter's end the period was not reported…
    const missed = (await scoreUnits(at('2023-07-10'), { period: '2023-Q1', planId, unitId: 'unit:庆元县农业农村局' }))
      .units[0]!;
    expect(missed.card).toMatchObject({ due: 0, reports: { periods: 1, missed: 1 } });
    expect(missed.card.lines.map((l) => l.source.kind)).toEqual(['start', 'rate', 'overdue']);
    expect(missed.card.lines[2]!.reason).toContain('进展未报送');
    // …and counted later, it was reported late.
    const late = (
      await scoreUnits(at('2023-07-10'), {
        period: '2023-Q1',
        planId,
        unitId: 'unit:庆元县农业农村局',
        asOf: '2023-07-10',
      })
    ).units[0]!;
    expect(late.card).toMatchObject({ due: 0, reports: { periods: 1, late: 1, missed: 0 } });
    expect(late.card.lines.map((l) => l.source.kind)).toEqual(['start', 'rate', 'late']);
    expect(q1.units.map((u) => u.unitName)).toEqual(
      [...q1.units.map((u) => u.unitName)].sort((a, b) => a.localeCompare(b, 'zh')),
    );
  });

  it('exports the scores as a workbook: the summary in name order and every point with its reason', async () => {
    const q1 = await scoreUnits(at('2023-07-10'), { period: '2023-Q1', planId });
    const f = await exportScores(at('2023-07-10'), { period: '2023-Q1', planId });
    expect(f.fileName).toBe('考核结果-2023年第一季度.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(f.bytes) as unknown as ArrayBuffer);
    const [summary, detail] = book.worksheets;
    expect(String(summary!.getCell(1, 1).value)).toContain('2023年第一季度');
    const rows: [string, number][] = [];
    summary!.eachRow((r, n) => {
      if (n > 2) rows.push([String(r.getCell(2).value), Number(r.getCell(3).value)]);
    });
    expect(rows).toEqual(q1.units.map((u) => [u.unitName, u.card.score]));
    const reasons: string[] = [];
    detail!.eachRow((r, n) => {
      if (n > 2) reasons.push(String(r.getCell(3).value));
    });
    for (const u of q1.units) for (const l of u.card.lines) expect(reasons).toContain(l.reason);
    // Points are numbers, and every row names its unit (a unit's lines run over pages).
    detail!.eachRow((r, n) => {
      if (n <= 2) return;
      expect(typeof r.getCell(2).value, `row ${n}`).toBe('number');
      expect(String(r.getCell(1).value)).not.toBe('');
    });
    expect(reasons).toContain('起始分 100 分');
    await expect(exportScores(at('2023-07-10'), { period: '2023年' })).rejects.toMatchObject({ code: 'invalid-input' });
  });

  it('carries last year’s unfinished tasks into this year’s plan once (回头看)', async () => {
    const next = (
      await importConfirmed(
        at('2024-01-05'),
        bytes(
          COUNTY_PLAN.replaceAll('2023', '2024').replace(
            '1.全面公开财政预决算。',
            '1.全面公开财政预决算和“三公”经费。',
          ),
        ),
        { name: 'p2024.txt' },
      )
    ).planId;
    const r = await carryOver(at('2024-01-10'), { fromPlanId: planId, toPlanId: next });
    const undone = await store.db
      .selectFrom('assignments')
      .select('task_id')
      .where('plan_id', '=', planId)
      .where('state', '<>', 'done')
      .where('removed_at', 'is', null)
      .execute();
    expect(r.tasks).toBe(new Set(undone.map((u) => Number(u.task_id))).size);
    expect(r.assignments).toBe(undone.length);
    const carried = await store.db
      .selectFrom('tasks')
      .select(['section_title', 'carried_from_task_id'])
      .where('plan_id', '=', next)
      .where('carried_from_task_id', 'is not', null)
      .execute();
    expect(carried.every((c) => c.section_title === '上年度未完成事项（回头看）')).toBe(true);
    // Dated in the new year (年底前 unless the office says otherwise), so they are watched like any task; work
    // already begun carries on as 推进中.
    expect(r.deadline).toBe('2024年底前');
    const fresh = await store.db
      .selectFrom('assignments as a')
      .innerJoin('tasks as t', 't.id', 'a.task_id')
      .select(['a.due', 'a.state', 't.carried_from_task_id', 'a.unit_id'])
      .where('a.plan_id', '=', next)
      .where('t.carried_from_task_id', 'is not', null)
      .execute();
    expect(fresh.every((a) => a.due === '2024-12-31')).toBe(true);
    const before = await store.db
      .selectFrom('assignments')
      .select(['task_id', 'unit_id', 'state'])
      .where('plan_id', '=', planId)
      .execute();
    const was = new Map(before.map((b) => [`${b.task_id}|${b.unit_id}`, b.state]));
    for (const a of fresh) {
      const old = was.get(`${a.carried_from_task_id}|${a.unit_id}`);
      expect(a.state).toBe(old === 'not_started' ? 'not_started' : 'in_progress');
    }
    expect(fresh.some((a) => a.state === 'in_progress')).toBe(true);
    // The carried task's page shows where each unit had got to last year.
    const carriedTask = await store.db
      .selectFrom('tasks')
      .select('id')
      .where('plan_id', '=', next)
      .where('carried_from_task_id', 'is not', null)
      .orderBy('seq')
      .execute();
    const views = await Promise.all(carriedTask.map((t) => taskDetail(at('2024-01-12'), Number(t.id))));
    expect(views.every((v) => v.carriedFrom?.planId === planId && v.carriedFrom.assignments.length > 0)).toBe(true);
    expect(views.some((v) => v.carriedFrom!.assignments.some((a) => a.lastReport !== null))).toBe(true);
    expect(await carryOver(at('2024-01-11'), { fromPlanId: planId, toPlanId: next })).toMatchObject({
      tasks: 0,
      assignments: 0,
    });
  });

  it('carries over with the office’s deadline and refuses one it cannot read', async () => {
    const third = (
      await importConfirmed(at('2025-01-05'), bytes(COUNTY_PLAN.replaceAll('2023', '2025')), {
        name: 'p2025.txt',
      })
    ).planId;
    await expect(
      carryOver(at('2025-01-06'), { fromPlanId: planId, toPlanId: third, deadlineText: '尽快吧' }),
    ).rejects.toMatchObject({ code: 'invalid-input' });
    const r = await carryOver(at('2025-01-06'), { fromPlanId: planId, toPlanId: third, deadlineText: '6月底前' });
    expect(r).toMatchObject({ deadline: '6月底前' });
    expect(r.tasks).toBeGreaterThan(0);
    const dues = await store.db
      .selectFrom('assignments as a')
      .innerJoin('tasks as t', 't.id', 'a.task_id')
      .select('a.due')
      .where('a.plan_id', '=', third)
      .where('t.carried_from_task_id', 'is not', null)
      .execute();
    expect(new Set(dues.map((d) => d.due))).toEqual(new Set(['2025-06-30']));
  });

  it('cascades seed 000 to a department, decomposes to two sections, rolls progress up, and checks coverage', async () => {
    const seeds = join(requireShared(), 'seeds');
    const city = (
      await importConfirmed(
        at('2022-03-01'),
        readFileSync(join(seeds, readdirSync(seeds).find((n) => n.startsWith('000'))!)),
        { name: '000.txt' },
      )
    ).planId;
    const dept = 'unit:潮州市财政局';
    const sections: Unit[] = ['办公室', '预算科'].map((s) => ({
      id: `unit:潮州市财政局${s}`,
      name: `潮州市财政局${s}`,
      aliases: [],
      kind: 'section',
      level: 'section',
      parentId: dept,
      active: true,
      successorId: null,
    }));
    for (const s of sections) await saveUnit(at('2022-03-01'), s);
    const { planId: child, tasks } = await cascadePlan(at('2022-03-02'), { fromPlanId: city, unitId: dept });
    const assignedInCity = await store.db
      .selectFrom('assignments')
      .select('task_id')
      .where('plan_id', '=', city)
      .where('unit_id', '=', dept)
      .where('removed_at', 'is', null)
      .execute();
    expect(tasks).toBe(assignedInCity.length);
    const pending = await store.db
      .selectFrom('pending_choices')
      .selectAll()
      .where('plan_id', '=', child)
      .orderBy('task_id')
      .execute();
    expect(pending).toHaveLength(tasks);
    expect(
      JSON.parse(pending[0]!.suggestions)
        .map((s: { name: string }) => s.name)
        .sort(),
    ).toEqual(['潮州市财政局办公室', '潮州市财政局预算科']);
    // Decompose: tasks with a plain date go to both sections; all others to the office section.
    const childTasks = await store.db
      .selectFrom('tasks')
      .select(['id', 'parent_task_id', 'deadline_kind'])
      .where('plan_id', '=', child)
      .orderBy('seq')
      .execute();
    const dated = childTasks.filter((t) => t.deadline_kind === 'date');
    expect(dated.length).toBeGreaterThanOrEqual(3);
    const both = new Set(dated.slice(0, 2).map((t) => Number(t.id)));
    for (const p of pending)
      await chooseUnits(
        at('2022-03-03'),
        Number(p.id),
        both.has(Number(p.task_id)) ? sections.map((s) => s.id) : [sections[0]!.id],
      );
    await changePlanState(at('2022-03-03'), child, 'confirm');
    const sectionAssignment = async (taskId: number, section: Unit) =>
      Number(
        (
          await store.db
            .selectFrom('assignments')
            .select('id')
            .where('task_id', '=', taskId)
            .where('unit_id', '=', section.id)
            .executeTakeFirstOrThrow()
        ).id,
      );
    const [officeSec, budgetSec] = sections as [Unit, Unit];
    const [a, b, c] = dated.map((t) => Number(t.id)) as [number, number, number];
    // Task a: both sections finish (closed by the office). Task b: the budget section is still working. Task c: nothing yet.
    for (const s of [officeSec, budgetSec]) {
      const id = await sectionAssignment(a, s);
      await submitProgress(contextFor(store, unitUser(s.id), '2022-05-01'), {
        assignmentId: id,
        text: '本科室部分已完成',
        claim: 'complete',
      });
      await reviewCompletion(at('2022-05-02'), id, { decision: 'accept' });
    }
    await submitProgress(contextFor(store, unitUser(budgetSec.id), '2022-05-03'), {
      assignmentId: await sectionAssignment(b, budgetSec),
      text: '正在推进',
      claim: 'in_progress',
    });
    const lines = await rollUp(contextFor(store, unitUser(dept), '2022-05-10'), child);
    const parentOf = (id: number) => Number(childTasks.find((t) => Number(t.id) === id)!.parent_task_id);
    const line = (id: number) => lines.find((l) => l.parentTaskId === parentOf(id))!;
    expect([a, b, c].map((id) => [line(id).done, line(id).total, line(id).action])).toEqual([
      [2, 2, 'submitted'],
      [0, 2, 'reported'],
      [0, 1, 'none'],
    ]);
    const parentState = await store.db
      .selectFrom('assignments')
      .select('state')
      .where('id', '=', line(a).parentAssignmentId!)
      .executeTakeFirstOrThrow();
    expect(parentState.state).toBe('submitted');
    // Rolling up again changes nothing.
    expect(
      (await rollUp(contextFor(store, unitUser(dept), '2022-05-11'), child)).filter((l) => l.action !== 'none'),
    ).toEqual([]);

    // Coverage: drop two cascaded tasks; exactly their higher tasks are uncovered.
    const dropped = [dated[2]!, childTasks.find((t) => t.deadline_kind !== 'date') ?? dated[3]!];
    for (const t of dropped) await removeTask(at('2022-05-12'), Number(t.id), '已由其他方案覆盖');
    const cov = await coverage(at('2022-05-12'), { planId: child });
    expect(cov.considered).toBe(tasks);
    expect(cov.uncovered.map((u) => u.taskId).sort()).toEqual(dropped.map((t) => Number(t.parent_task_id)).sort());
  });
});

import type { Deadline } from '../domain/deadline.js';
import { AppError } from '../domain/errors.js';
import { effectiveDeadline, type PlanTask, type PlanUnit } from '../domain/plan.js';
import { scheduleFor } from '../domain/schedule.js';
import { planPeriod, readDeadlineText, readUnitsText } from '../parse/index.js';
import { appendAudit } from '../store/audit.js';
import { assignTask } from '../units/assign.js';
import { isoNow, type ServiceContext } from './context.js';
import { currentDirectory } from './directory.js';
import { storedPlanYear, type TaskPlan } from './plan-rows.js';
import { authorize } from './policy.js';
import { type OutlineInput, optionalField, outlineRef, requirementText } from './task-fields.js';
import { insertTasks, nextTaskSeq } from './write-tasks.js';

/**
 * 新增任务: a task the parser missed, typed by the office as the plan prints it. Its units and deadline are read
 * with the parser's grammar and go the way import sends them: resolved against the directory in the plan's
 * jurisdiction, groups expanded, «有关单位» and unknown names left as pending choices, periods dated in the
 * plan's year. It goes before a chosen task (the tasks after it move down one) or at the end. It has no
 * place in the source text. Allowed while the plan is a draft or in force (as 修改任务), never once archived.
 */
export interface NewTask {
  text: string;
  name?: string | null;
  section?: OutlineInput | null;
  group?: OutlineInput | null;
  number?: string | null;
  unitsText?: string | null;
  deadlineText?: string | null;
  /** Insert before this task of the plan; absent: append. */
  beforeTaskId?: number | null;
}

export interface TaskAdded {
  taskId: number;
  seq: number;
  assignments: number;
  pending: number;
}

export async function addTask(ctx: ServiceContext, planId: number, input: NewTask): Promise<TaskAdded> {
  authorize(ctx.actor, 'plan.edit');
  const text = requirementText(input.text ?? '');
  const name = input.name?.trim() || null;
  if (name && name.length > 200) throw new AppError('invalid-input', '任务名称不能超过 200 字');
  const section = outlineRef(input.section ?? null, '章节');
  const group = outlineRef(input.group ?? null, '分组');
  const number = optionalField(input.number ?? null, 'number');
  const unitsText = input.unitsText?.trim() || null;
  if (unitsText && unitsText.length > 2000) throw new AppError('invalid-input', '责任单位不能超过 2000 字');
  const units: PlanUnit[] = unitsText ? readUnitsText(unitsText) : [];
  if (unitsText && units.length === 0) throw new AppError('invalid-input', `没有从「${unitsText}」中识别出单位名称`);
  const deadlineText = input.deadlineText?.trim() || null;
  if (deadlineText && deadlineText.length > 200) throw new AppError('invalid-input', '完成时限不能超过 200 字');
  const at = isoNow(ctx);
  const dir = await currentDirectory(ctx.store);

  return ctx.store.transaction(async (trx) => {
    const plan = await trx
      .selectFrom('plans')
      .select(['id', 'title', 'state', 'year', 'issue_date', 'jurisdiction_id'])
      .where('id', '=', planId)
      .executeTakeFirst();
    if (!plan) throw new AppError('not-found', `没有编号为 ${planId} 的方案`);
    if (plan.state === 'archived') throw new AppError('conflict', '方案已归档，不能新增任务');
    if (!plan.jurisdiction_id) throw new AppError('conflict', '方案没有发文机关，无法确定责任单位');
    const seq = await placeFor(trx, planId, input.beforeTaskId ?? null);
    const year = storedPlanYear(plan.year, at);
    const deadline: Deadline | null = deadlineText
      ? readDeadlineText(deadlineText, { year, issueDate: plan.issue_date })
      : null;
    const task: PlanTask = {
      id: `M${seq}`,
      section,
      group,
      number,
      name,
      text,
      units,
      unitsText,
      deadline,
      textDeadlines: [],
      status: null,
      note: null,
      span: { start: 0, end: 0 },
      fields: { text: { start: 0, end: 0 } },
    };
    // Typed without a deadline: watched by the plan's period, like a parsed task that printed none.
    if (!deadline) {
      const period = planPeriod(plan.title, year);
      task.due = { text: period.text, kind: 'date', source: 'plan', ...(period.date ? { date: period.date } : {}) };
    }
    const tp: TaskPlan = {
      task,
      schedule: scheduleFor(effectiveDeadline(task), { year }),
      fanOut: assignTask(task, dir, { jurisdictionId: plan.jurisdiction_id }),
    };
    const written = await insertTasks(trx, planId, [{ tp, seq }], at);
    const taskId = written.taskIds[0]!;
    // Typed, not read from the source: no span to highlight.
    await trx
      .updateTable('tasks')
      .set({ span_start: null, span_end: null, page: null })
      .where('id', '=', taskId)
      .execute();
    const pending = tp.fanOut.choices.length + tp.fanOut.unresolved.length;
    await appendAudit(trx, ctx.store.dialect, at, [
      {
        actor: ctx.actor.id,
        action: 'task.add',
        entity: 'task',
        entityId: taskId,
        after: {
          plan: planId,
          seq,
          section,
          group,
          number,
          name,
          text,
          unitsText,
          deadlineText: deadline?.text ?? null,
          assignments: written.assignments,
          pending,
        },
      },
    ]);
    return { taskId, seq, assignments: written.assignments, pending };
  });
}

/** The new task's seq: the chosen task's (which moves down with all after it), or after the last. */
async function placeFor(
  trx: Parameters<Parameters<ServiceContext['store']['transaction']>[0]>[0],
  planId: number,
  beforeTaskId: number | null,
): Promise<number> {
  if (beforeTaskId !== null) {
    const before = await trx
      .selectFrom('tasks')
      .select(['seq', 'removed_at'])
      .where('id', '=', beforeTaskId)
      .where('plan_id', '=', planId)
      .executeTakeFirst();
    if (!before || before.removed_at)
      throw new AppError('invalid-input', `插入位置无效：方案中没有编号为 ${beforeTaskId} 的任务`);
    const seq = Number(before.seq);
    // Removed tasks move too: seq stays one order over everything the plan ever held.
    await trx
      .updateTable('tasks')
      .set((eb) => ({ seq: eb('seq', '+', 1) }))
      .where('plan_id', '=', planId)
      .where('seq', '>=', seq)
      .execute();
    return seq;
  }
  return nextTaskSeq(trx, planId);
}

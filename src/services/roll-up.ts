import { AppError, isAppError } from '../domain/errors.js';
import type { ServiceContext } from './context.js';
import { authorize } from './policy.js';
import { submitProgress } from './submit-progress.js';

/**
 * Progress rolled up from a department's own plan to the higher plan it was cut from: when every section's
 * share of a cascaded task is closed, the department's assignment in the higher plan is put forward for 办结
 * (or, for ongoing work, reported); while sections are still working, it is reported 推进中 with the count.
 * Reports go through the ordinary rules, so nothing bypasses the state machine or the audit log.
 */
export interface RollUpLine {
  parentTaskId: number;
  /** The higher plan's task as that plan numbers it (第 N 项). */
  parentSeq: number | null;
  parentAssignmentId: number | null;
  done: number;
  total: number;
  action: 'submitted' | 'reported' | 'none';
  reason: string | null;
}

export async function rollUp(ctx: ServiceContext, childPlanId: number): Promise<RollUpLine[]> {
  const db = ctx.store.db;
  const plan = await db
    .selectFrom('plans')
    .select(['parent_plan_id', 'jurisdiction_id', 'state'])
    .where('id', '=', childPlanId)
    .executeTakeFirst();
  if (!plan) throw new AppError('not-found', `没有编号为 ${childPlanId} 的方案`);
  // The department's own users may roll up their plan; the office any.
  authorize(ctx.actor, 'assignment.report', plan.jurisdiction_id);
  if (!plan.parent_plan_id || !plan.jurisdiction_id) throw new AppError('conflict', '该方案不是从上级方案分解而来');
  const tasks = await db
    .selectFrom('tasks')
    .select(['id', 'parent_task_id'])
    .where('plan_id', '=', childPlanId)
    .where('removed_at', 'is', null)
    .where('parent_task_id', 'is not', null)
    .orderBy('seq')
    .execute();
  const out: RollUpLine[] = [];
  for (const t of tasks) {
    const parentTaskId = Number(t.parent_task_id);
    const children = await db
      .selectFrom('assignments as a')
      .innerJoin('units as u', 'u.id', 'a.unit_id')
      .select(['a.state', 'u.name'])
      .where('a.task_id', '=', Number(t.id))
      .where('a.removed_at', 'is', null)
      .execute();
    const parent = await db
      .selectFrom('assignments')
      .select(['id', 'state'])
      .where('task_id', '=', parentTaskId)
      .where('unit_id', '=', plan.jurisdiction_id)
      .where('removed_at', 'is', null)
      .executeTakeFirst();
    const done = children.filter((c) => c.state === 'done');
    const seq = await db.selectFrom('tasks').select('seq').where('id', '=', parentTaskId).executeTakeFirst();
    const line: RollUpLine = {
      parentTaskId,
      parentSeq: seq ? Number(seq.seq) : null,
      parentAssignmentId: parent ? Number(parent.id) : null,
      done: done.length,
      total: children.length,
      action: 'none',
      reason: null,
    };
    out.push(line);
    if (!parent || children.length === 0) {
      line.reason = parent ? '尚未分解到科室' : '上级任务已不再分给本单位';
      continue;
    }
    if (parent.state === 'done' || parent.state === 'submitted') {
      line.reason = '上级任务已申请办结或已办结';
      continue;
    }
    const started = children.some((c) => c.state !== 'not_started');
    const all = done.length === children.length;
    if (!all && (!started || parent.state !== 'not_started')) continue;
    const text = all
      ? `分解任务已全部办结（${done.map((c) => c.name).join('、')}）。`
      : `分解落实情况：${children.length} 个科室中已办结 ${done.length} 个，其余正在推进。`;
    try {
      await submitProgress(ctx, {
        assignmentId: line.parentAssignmentId!,
        text,
        claim: all ? 'complete' : 'in_progress',
      });
      line.action = all ? 'submitted' : 'reported';
    } catch (e) {
      // Ongoing or periodic work is reported, not put forward for 办结.
      if (!(all && isAppError(e) && e.code === 'conflict')) throw e;
      await submitProgress(ctx, { assignmentId: line.parentAssignmentId!, text, claim: 'in_progress' });
      line.action = 'reported';
      line.reason = e.userMessage;
    }
  }
  return out;
}

import { AppError } from '../domain/errors.js';
import { currentPeriod } from '../domain/schedule.js';
import { appendAudit } from '../store/audit.js';
import { refreshNextDue } from '../store/next-due.js';
import { assertActive, loadAssignment } from './assignment-record.js';
import { isoNow, type ServiceContext, today } from './context.js';
import { authorize } from './policy.js';
import { noticeToUnit } from './unit-notice.js';

/**
 * 延期申请: a unit asks for a later due date, with its reason; the office approves or rejects it. Approval
 * moves the date that matters now (the assignment's due date, or its current period's) and is audited.
 */
export async function requestExtension(
  ctx: ServiceContext,
  input: { assignmentId: number; requestedDue: string; reason: string },
): Promise<{ requestId: number }> {
  const reason = input.reason.trim();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.requestedDue) || Number.isNaN(Date.parse(input.requestedDue)))
    throw new AppError('invalid-input', `申请的完成时限不是有效日期（YYYY-MM-DD）：${input.requestedDue}`);
  if (input.requestedDue < today(ctx)) throw new AppError('invalid-input', '申请的完成时限不能早于今天');
  if (!reason) throw new AppError('invalid-input', '延期申请须写明理由');
  if (reason.length > 2000) throw new AppError('invalid-input', '理由不能超过 2000 字');
  const a0 = await loadAssignment(ctx.store.db, input.assignmentId);
  authorize(ctx.actor, 'extension.request', a0.unitId);
  const at = isoNow(ctx);
  return ctx.store.transaction(async (trx) => {
    const a = await loadAssignment(trx, input.assignmentId);
    assertActive(a);
    if (a.state === 'done') throw new AppError('conflict', '任务已办结，无需延期');
    const open = await trx
      .selectFrom('extension_requests')
      .select('id')
      .where('assignment_id', '=', a.id)
      .where('state', '=', 'pending')
      .executeTakeFirst();
    if (open) throw new AppError('conflict', '已有一项延期申请在审批中');
    const current = a.periodic ? (currentPeriod(a.periods)?.due ?? null) : a.due;
    if (current && input.requestedDue <= current)
      throw new AppError('invalid-input', `申请的时限须晚于现时限 ${current}`);
    const row = await trx
      .insertInto('extension_requests')
      .values({
        assignment_id: a.id,
        requested_due: input.requestedDue,
        reason,
        state: 'pending',
        requested_by: ctx.actor.id,
        created_at: at,
        decided_by: null,
        decided_at: null,
        decision_note: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendAudit(trx, ctx.store.dialect, at, [
      {
        actor: ctx.actor.id,
        action: 'extension.request',
        entity: 'assignment',
        entityId: a.id,
        after: { request: Number(row.id), from: current, to: input.requestedDue, reason },
      },
    ]);
    return { requestId: Number(row.id) };
  });
}

export async function decideExtension(
  ctx: ServiceContext,
  input: { requestId: number; approve: boolean; note?: string },
): Promise<{ due: string | null }> {
  authorize(ctx.actor, 'extension.decide');
  const note = input.note?.trim() || null;
  if (!input.approve && !note) throw new AppError('invalid-input', '不同意延期时须写明理由');
  const at = isoNow(ctx);
  return ctx.store.transaction(async (trx) => {
    const req = await trx
      .selectFrom('extension_requests')
      .selectAll()
      .where('id', '=', input.requestId)
      .executeTakeFirst();
    if (!req) throw new AppError('not-found', `没有编号为 ${input.requestId} 的延期申请`);
    if (req.state !== 'pending') throw new AppError('conflict', '该延期申请已审批');
    const a = await loadAssignment(trx, Number(req.assignment_id));
    assertActive(a);
    await trx
      .updateTable('extension_requests')
      .set({
        state: input.approve ? 'approved' : 'rejected',
        decided_by: ctx.actor.id,
        decided_at: at,
        decision_note: note,
      })
      .where('id', '=', input.requestId)
      .execute();
    const period = a.periodic ? currentPeriod(a.periods) : null;
    const before = period ? period.due : a.due;
    if (input.approve) {
      if (period) {
        await trx.updateTable('periods').set({ due: req.requested_due }).where('id', '=', period.id).execute();
        await refreshNextDue(trx, [a.id]);
      } else
        await trx
          .updateTable('assignments')
          .set({ due: req.requested_due, updated_at: at })
          .where('id', '=', a.id)
          .execute();
    }
    await noticeToUnit(trx, {
      assignmentId: a.id,
      kind: 'extension',
      by: ctx.actor.id,
      at,
      text: (task) =>
        input.approve
          ? `${task}的延期申请已同意，时限延至${req.requested_due}。${note ? `说明：${note}` : ''}`
          : `${task}的延期申请未同意，时限仍为${before ?? '原定时限'}。理由：${note}`,
    });
    await appendAudit(trx, ctx.store.dialect, at, [
      {
        actor: ctx.actor.id,
        action: input.approve ? 'extension.approve' : 'extension.reject',
        entity: 'assignment',
        entityId: a.id,
        before: { due: before },
        after: { due: input.approve ? req.requested_due : before, request: input.requestId, note },
      },
    ]);
    return { due: input.approve ? req.requested_due : before };
  });
}

export interface ExtensionListing {
  id: number;
  assignmentId: number;
  taskId: number;
  taskText: string;
  /** The plan and the task's place in it (第 N 项). */
  planTitle: string | null;
  seq: number;
  unitName: string;
  /** The date in force now (原定时限): the assignment's, or its current period's. */
  currentDue: string | null;
  requestedDue: string;
  reason: string;
  createdAt: string;
}

/** Requests waiting for the office's decision, oldest first. */
export async function pendingExtensions(ctx: ServiceContext): Promise<ExtensionListing[]> {
  authorize(ctx.actor, 'extension.read');
  const rows = await ctx.store.db
    .selectFrom('extension_requests as x')
    .innerJoin('assignments as a', 'a.id', 'x.assignment_id')
    .innerJoin('tasks as t', 't.id', 'a.task_id')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .innerJoin('plans as p', 'p.id', 'a.plan_id')
    .select([
      'x.id',
      'x.assignment_id',
      'a.task_id',
      't.text',
      't.seq',
      'p.title',
      'u.name',
      'a.due',
      'a.next_due',
      'a.periodic',
      'x.requested_due',
      'x.reason',
      'x.created_at',
    ])
    .where('x.state', '=', 'pending')
    .orderBy('x.id')
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    assignmentId: Number(r.assignment_id),
    taskId: Number(r.task_id),
    taskText: r.text,
    planTitle: r.title,
    seq: Number(r.seq),
    unitName: r.name,
    currentDue: Number(r.periodic) === 1 ? r.next_due : r.due,
    requestedDue: r.requested_due,
    reason: r.reason,
    createdAt: r.created_at,
  }));
}

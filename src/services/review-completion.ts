import type { Transaction } from 'kysely';
import { type AssignmentState, transition } from '../domain/assignment.js';
import { AppError } from '../domain/errors.js';
import { appendAudit } from '../store/audit.js';
import type { Database } from '../store/schema.js';
import { assertActive, factsOf, loadAssignment, updateState } from './assignment-record.js';
import { isoNow, type ServiceContext } from './context.js';
import { authorize } from './policy.js';
import { returnedMessage } from './robot-messages.js';
import { enqueueRobotMessage } from './robot-outbox.js';
import { nudgeRobots } from './robot-sender.js';
import { noticeToUnit } from './unit-notice.js';

/**
 * The office's decision on a completion claim: 办结 (accepted) or 退回 with the reason, or reopening a task
 * closed too early. Each is recorded as a review and in the audit log.
 */
export type ReviewDecision =
  | { decision: 'accept' }
  | { decision: 'return'; reason: string }
  | { decision: 'reopen'; reason: string };

export async function reviewCompletion(
  ctx: ServiceContext,
  assignmentId: number,
  review: ReviewDecision,
): Promise<{ state: AssignmentState }> {
  authorize(ctx.actor, 'assignment.review');
  const reason = 'reason' in review ? review.reason.trim() : null;
  if (reason !== null && reason.length > 2000) throw new AppError('invalid-input', '理由不能超过 2000 字');
  const at = isoNow(ctx);
  const result = await ctx.store.transaction(async (trx) => {
    const a = await loadAssignment(trx, assignmentId);
    assertActive(a);
    const event =
      review.decision === 'accept' ? ({ type: 'accept' } as const) : { type: review.decision, reason: reason ?? '' };
    const next = transition(factsOf(a), event);
    const lastReport = await trx
      .selectFrom('progress_reports')
      .select('id')
      .where('assignment_id', '=', a.id)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    const reviewRow = await trx
      .insertInto('reviews')
      .values({
        assignment_id: a.id,
        report_id: lastReport ? Number(lastReport.id) : null,
        decision: review.decision,
        reason,
        reviewer: ctx.actor.id,
        created_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await updateState(trx, a, next, at, { completed_at: next === 'done' ? at : null });
    // The unit is told why: a 退回 or a reopening arrives in its inbox with the reason.
    if (review.decision !== 'accept')
      await noticeToUnit(trx, {
        assignmentId: a.id,
        kind: review.decision === 'return' ? 'returned' : 'reopened',
        by: ctx.actor.id,
        at,
        text: (task) =>
          review.decision === 'return'
            ? `公开办退回了${task}的办结申请。理由：${reason}`
            : `公开办重新打开了已办结的${task}。理由：${reason}`,
      });
    // A 退回 also goes to the unit's and the plan's group robots, once per review.
    if (review.decision === 'return') await enqueueReturned(trx, a.id, Number(reviewRow.id), reason ?? '', at);
    await appendAudit(trx, ctx.store.dialect, at, [
      {
        actor: ctx.actor.id,
        action: `review.${review.decision}`,
        entity: 'assignment',
        entityId: a.id,
        before: { state: a.state },
        after: { state: next, reason },
      },
    ]);
    return { state: next };
  });
  if (review.decision === 'return') nudgeRobots(ctx.store);
  return result;
}

async function enqueueReturned(
  trx: Transaction<Database>,
  assignmentId: number,
  reviewId: number,
  reason: string,
  at: string,
): Promise<void> {
  const t = await trx
    .selectFrom('assignments as a')
    .innerJoin('tasks as t', 't.id', 'a.task_id')
    .innerJoin('plans as p', 'p.id', 'a.plan_id')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .select(['a.unit_id', 'a.plan_id', 'a.task_id', 't.seq', 't.text', 'p.title', 'u.name'])
    .where('a.id', '=', assignmentId)
    .executeTakeFirstOrThrow();
  await enqueueRobotMessage(trx, {
    kind: 'returned',
    subject: `review:${reviewId}`,
    period: null,
    unitId: t.unit_id,
    planIds: [Number(t.plan_id)],
    message: returnedMessage({
      unitName: t.name,
      planTitle: t.title,
      seq: t.seq,
      taskText: t.text,
      taskId: Number(t.task_id),
      reason,
    }),
    at,
  });
}

import { type AssignmentState, transition } from '../domain/assignment.js';
import { AppError } from '../domain/errors.js';
import { appendAudit } from '../store/audit.js';
import { assertActive, factsOf, loadAssignment, updateState } from './assignment-record.js';
import { isoNow, type ServiceContext } from './context.js';
import { authorize } from './policy.js';
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
  return ctx.store.transaction(async (trx) => {
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
    await trx
      .insertInto('reviews')
      .values({
        assignment_id: a.id,
        report_id: lastReport ? Number(lastReport.id) : null,
        decision: review.decision,
        reason,
        reviewer: ctx.actor.id,
        created_at: at,
      })
      .execute();
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
}

import { AppError } from '../domain/errors.js';
import { appendAudit } from '../store/audit.js';
import { assertConfirmable, type ConfirmBlocker, confirmBlockers } from './confirm-checks.js';
import { isoNow, type ServiceContext } from './context.js';
import { authorize } from './policy.js';

/**
 * A plan's life: 草稿 (imported, under review) → 已下达 (confirmed: binding, units see and report on it) →
 * 已归档 (archived: read-only, kept for 回头看 and the record).
 */
export type PlanState = 'draft' | 'confirmed' | 'archived';

export const PLAN_STATE_LABELS: Record<PlanState, string> = { draft: '草稿', confirmed: '已下达', archived: '已归档' };

const NEXT: Record<'confirm' | 'archive', { from: PlanState; to: PlanState; column: 'confirmed_at' | 'archived_at' }> =
  {
    confirm: { from: 'draft', to: 'confirmed', column: 'confirmed_at' },
    archive: { from: 'confirmed', to: 'archived', column: 'archived_at' },
  };

export async function changePlanState(
  ctx: ServiceContext,
  planId: number,
  step: 'confirm' | 'archive',
): Promise<PlanState> {
  authorize(ctx.actor, 'plan.confirm');
  const { from, to, column } = NEXT[step];
  const at = isoNow(ctx);
  return ctx.store.transaction(async (trx) => {
    const plan = await trx.selectFrom('plans').select(['id', 'state']).where('id', '=', planId).executeTakeFirst();
    if (!plan) throw new AppError('not-found', `没有编号为 ${planId} 的方案`);
    if (plan.state !== from) {
      throw new AppError(
        'conflict',
        `方案当前为「${PLAN_STATE_LABELS[plan.state as PlanState] ?? plan.state}」，不能${step === 'confirm' ? '确认下达' : '归档'}`,
      );
    }
    if (step === 'confirm') await assertConfirmable(trx, planId);
    await trx
      .updateTable('plans')
      .set({ state: to, [column]: at })
      .where('id', '=', planId)
      .execute();
    await appendAudit(trx, ctx.store.dialect, at, [
      {
        actor: ctx.actor.id,
        action: `plan.${step}`,
        entity: 'plan',
        entityId: planId,
        before: { state: from },
        after: { state: to },
      },
    ]);
    return to;
  });
}

/** What must be settled before the plan can be confirmed (empty when it can be). */
export async function confirmChecklist(ctx: ServiceContext, planId: number): Promise<ConfirmBlocker[]> {
  authorize(ctx.actor, 'plan.import');
  return confirmBlockers(ctx.store.db, planId);
}

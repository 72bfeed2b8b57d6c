import { AppError } from '../domain/errors.js';
import { similarity } from '../domain/plan-diff.js';
import type { ServiceContext } from './context.js';
import { authorize } from './policy.js';

/**
 * Coverage of a plan against the higher plan it implements: which of the higher plan's items that concern
 * this plan's issuer (the tasks assigned to it; all tasks when it has none) have no local task. A local task
 * cascaded from a higher one covers exactly that one; any other local task covers a higher one whose
 * requirement it clearly reads like.
 */
export const COVERS = 0.5;

export interface Coverage {
  planId: number;
  higherPlanId: number;
  considered: number;
  covered: { taskId: number; number: string | null; text: string; by: number[] }[];
  uncovered: { taskId: number; number: string | null; text: string }[];
}

export async function coverage(
  ctx: ServiceContext,
  input: { planId: number; higherPlanId?: number },
): Promise<Coverage> {
  authorize(ctx.actor, 'dashboard.read');
  const db = ctx.store.db;
  const plan = await db
    .selectFrom('plans')
    .select(['parent_plan_id', 'jurisdiction_id'])
    .where('id', '=', input.planId)
    .executeTakeFirst();
  if (!plan) throw new AppError('not-found', `没有编号为 ${input.planId} 的方案`);
  const higherPlanId = input.higherPlanId ?? (plan.parent_plan_id === null ? null : Number(plan.parent_plan_id));
  if (higherPlanId === null) throw new AppError('invalid-input', '请指定上级方案（higherPlanId）');
  const higher = await db
    .selectFrom('tasks')
    .select(['id', 'number', 'text'])
    .where('plan_id', '=', higherPlanId)
    .where('removed_at', 'is', null)
    .orderBy('seq')
    .execute();
  if (higher.length === 0) throw new AppError('not-found', `没有编号为 ${higherPlanId} 的方案或它没有任务`);
  const mine = plan.jurisdiction_id
    ? await db
        .selectFrom('assignments')
        .select('task_id')
        .where('plan_id', '=', higherPlanId)
        .where('unit_id', '=', plan.jurisdiction_id)
        .where('removed_at', 'is', null)
        .execute()
    : [];
  const concerned = new Set(mine.map((m) => Number(m.task_id)));
  const considered = concerned.size ? higher.filter((h) => concerned.has(Number(h.id))) : higher;
  const local = await db
    .selectFrom('tasks')
    .select(['id', 'text', 'parent_task_id'])
    .where('plan_id', '=', input.planId)
    .where('removed_at', 'is', null)
    .execute();
  const result: Coverage = {
    planId: input.planId,
    higherPlanId,
    considered: considered.length,
    covered: [],
    uncovered: [],
  };
  for (const h of considered) {
    // A task cascaded from a higher one covers that one only; others are matched by what they say.
    const by = local
      .filter((l) =>
        l.parent_task_id !== null ? Number(l.parent_task_id) === Number(h.id) : similarity(l.text, h.text) >= COVERS,
      )
      .map((l) => Number(l.id));
    const item = { taskId: Number(h.id), number: h.number, text: h.text };
    if (by.length) result.covered.push({ ...item, by });
    else result.uncovered.push(item);
  }
  return result;
}

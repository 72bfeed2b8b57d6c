import { sql } from 'kysely';
import { AppError } from '../domain/errors.js';
import { type ServiceContext, today } from './context.js';
import { dueNow } from './list-ledger.js';
import { authorize, seesDraftPlans } from './policy.js';

/**
 * A plan's per-unit completion table (分单位完成情况): for each unit, its assignments, how many are closed
 * (办结), waiting for review, overdue today, and the completion rate. What the quarterly 通报 and the
 * dashboards are built from; figures are computed from the ledger when asked, never stored.
 */
export interface UnitProgress {
  unitId: string;
  unitName: string;
  assignments: number;
  done: number;
  submitted: number;
  overdue: number;
  /** Done ÷ assignments, 0–1. */
  rate: number;
}

export async function planProgressByUnit(ctx: ServiceContext, planId: number): Promise<UnitProgress[]> {
  authorize(ctx.actor, 'ledger.read');
  if (ctx.actor.role === 'unit') throw new AppError('forbidden', '单位用户不能查看全部单位的完成情况');
  const plan = await ctx.store.db.selectFrom('plans').select('state').where('id', '=', planId).executeTakeFirst();
  if (!plan || (plan.state === 'draft' && !seesDraftPlans(ctx.actor)))
    throw new AppError('not-found', `没有编号为 ${planId} 的方案`);
  const day = today(ctx);
  const rows = await ctx.store.db
    .selectFrom('assignments as a')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .select((eb) => [
      'a.unit_id',
      'u.name',
      eb.fn.countAll<number>().as('n'),
      sql<number>`sum(case when a.state = 'done' then 1 else 0 end)`.as('done'),
      sql<number>`sum(case when a.state = 'submitted' then 1 else 0 end)`.as('submitted'),
      eb.fn
        .sum<number>(
          eb
            .case()
            .when(eb.and([eb('a.state', 'in', ['not_started', 'in_progress', 'returned']), eb(dueNow(eb), '<', day)]))
            .then(1)
            .else(0)
            .end(),
        )
        .as('overdue'),
    ])
    .where('a.plan_id', '=', planId)
    .where('a.removed_at', 'is', null)
    .groupBy(['a.unit_id', 'u.name'])
    .orderBy('a.unit_id')
    .execute();
  return rows.map((r) => {
    const n = Number(r.n);
    const done = Number(r.done);
    return {
      unitId: r.unit_id,
      unitName: r.name,
      assignments: n,
      done,
      submitted: Number(r.submitted),
      overdue: Number(r.overdue),
      rate: n ? done / n : 0,
    };
  });
}

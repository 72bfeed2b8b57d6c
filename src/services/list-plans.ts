import { sql } from 'kysely';
import type { ServiceContext } from './context.js';
import type { PlanState } from './plan-state.js';
import { authorize, seesDraftPlans } from './policy.js';

export interface PlanListing {
  id: number;
  title: string | null;
  issuer: string | null;
  year: number | null;
  state: PlanState;
  revision: number;
  tasks: number;
  assignments: number;
  done: number;
  createdAt: string;
}

/** The plans stored, newest first, with how far along each is. */
export async function listPlans(ctx: ServiceContext): Promise<PlanListing[]> {
  authorize(ctx.actor, 'plan.read');
  const rows = await ctx.store.db
    .selectFrom('plans as p')
    .select([
      'p.id',
      'p.title',
      'p.issuer',
      'p.year',
      'p.state',
      'p.revision',
      'p.created_at',
      sql<number>`(select count(*) from tasks t where t.plan_id = p.id and t.removed_at is null)`.as('tasks'),
      sql<number>`(select count(*) from assignments a where a.plan_id = p.id and a.removed_at is null)`.as(
        'assignments',
      ),
      sql<number>`(select count(*) from assignments a where a.plan_id = p.id and a.removed_at is null and a.state = 'done')`.as(
        'done',
      ),
    ])
    .where((eb) => (seesDraftPlans(ctx.actor) ? eb.lit(true) : eb('p.state', '<>', 'draft')))
    .orderBy('p.id', 'desc')
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    title: r.title,
    issuer: r.issuer,
    year: r.year === null ? null : Number(r.year),
    state: r.state as PlanState,
    revision: Number(r.revision),
    tasks: Number(r.tasks),
    assignments: Number(r.assignments),
    done: Number(r.done),
    createdAt: r.created_at,
  }));
}

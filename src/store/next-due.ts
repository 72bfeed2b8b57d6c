import { type QueryExecutorProvider, sql } from 'kysely';

/**
 * Rewrites next_due (migration 0006) of every periodic assignment from its periods: one grouped pass over
 * the unreported periods joined to the assignments, not a subquery per assignment (which the planner may run
 * as a scan of all periods per row on a freshly loaded table).
 */
export async function rewriteAllNextDue(db: QueryExecutorProvider): Promise<void> {
  await sql`update assignments set next_due = null where periodic = 1 and next_due is not null`.execute(db);
  await sql`update assignments set next_due = m.due
    from (select assignment_id, min(due) as due from periods where reported_at is null group by assignment_id) m
    where assignments.id = m.assignment_id and assignments.periodic = 1`.execute(db);
}

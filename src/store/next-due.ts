import { type QueryExecutorProvider, sql } from 'kysely';

/**
 * next_due (migration 0006): a periodic assignment's earliest unreported period's due date, null otherwise.
 * The one place that derives it from the periods; every change to a period's due date or report calls
 * `refreshNextDue` in the same transaction.
 */

/** Rewrites next_due of the given assignments (a handful: one report, one 延期, one revised task). */
export async function refreshNextDue(db: QueryExecutorProvider, assignmentIds: readonly number[]): Promise<void> {
  for (let i = 0; i < assignmentIds.length; i += 1000) {
    const ids = assignmentIds.slice(i, i + 1000);
    await sql`update assignments set next_due = (
        select min(p.due) from periods p where p.assignment_id = assignments.id and p.reported_at is null)
      where periodic = 1 and id in (${sql.join(ids)})`.execute(db);
  }
}

/**
 * Rewrites next_due of every periodic assignment (migration, restore): one grouped pass over the unreported
 * periods joined to the assignments, not a subquery per assignment, which the planner may run as a scan of
 * all periods per row on a freshly loaded table.
 */
export async function rewriteAllNextDue(db: QueryExecutorProvider): Promise<void> {
  await sql`update assignments set next_due = null where periodic = 1 and next_due is not null`.execute(db);
  await sql`update assignments set next_due = m.due
    from (select assignment_id, min(due) as due from periods where reported_at is null group by assignment_id) m
    where assignments.id = m.assignment_id and assignments.periodic = 1`.execute(db);
}

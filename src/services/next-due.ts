import type { Transaction } from 'kysely';
import type { Database } from '../store/schema.js';

/**
 * Rewrites next_due (the earliest unreported period's due date) of periodic assignments from their periods.
 * Every change to a period's due date or report goes through here, in the same transaction.
 */
export async function refreshNextDue(trx: Transaction<Database>, assignmentIds: readonly number[]): Promise<void> {
  for (let i = 0; i < assignmentIds.length; i += 1000)
    await trx
      .updateTable('assignments')
      .set((eb) => ({
        next_due: eb
          .selectFrom('periods as p')
          .select((e) => e.fn.min('p.due').as('d'))
          .whereRef('p.assignment_id', '=', 'assignments.id')
          .where('p.reported_at', 'is', null),
      }))
      .where('id', 'in', assignmentIds.slice(i, i + 1000))
      .where('periodic', '=', 1)
      .execute();
}

import { type Kysely, sql } from 'kysely';
import { rewriteAllNextDue } from '../next-due.js';

const OPEN = ['not_started', 'in_progress', 'returned'];

/**
 * Periodic work keeps the due date of its earliest unreported period on the assignment (next_due), written
 * with the periods (store/next-due.ts). What is due now was a subquery per row; the overdue and due-soon
 * counts had to join every open periodic assignment to every unreported period (a third of a million-row
 * overdue count). With the date on the row, open periodic work is counted from one index, as dated work is.
 */
export function assignmentNextDueMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('assignments').addColumn('next_due', 'text').execute();
      await rewriteAllNextDue(db);
      await db.schema.dropIndex('assignments_open_periodic').execute();
      // The conditions must match the queries' literally (SQLite compares terms), states in this order.
      await db.schema
        .createIndex('assignments_open_next_due')
        .on('assignments')
        .columns(['next_due', 'plan_id', 'unit_id'])
        .where(sql.ref('removed_at'), 'is', null)
        .where(sql.ref('state'), 'in', OPEN)
        .where(sql.ref('periodic'), '=', 1)
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropIndex('assignments_open_next_due').execute();
      await db.schema
        .createIndex('assignments_open_periodic')
        .on('assignments')
        .columns(['id', 'plan_id', 'unit_id'])
        .where(sql.ref('removed_at'), 'is', null)
        .where(sql.ref('state'), 'in', OPEN)
        .where(sql.ref('periodic'), '=', 1)
        .execute();
      await db.schema.alterTable('assignments').dropColumn('next_due').execute();
    },
  };
}

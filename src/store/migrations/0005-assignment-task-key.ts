import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../dialect.js';

/**
 * PostgreSQL: an assignment's task and plan are checked by one foreign key, (task_id, plan_id) → tasks (id,
 * plan_id), instead of one key each. PostgreSQL checks a foreign key with a query per inserted row, so the
 * two keys were two lookups for every assignment written (a plan fanned out to a hundred units: 10,000 of
 * them, about a third of the time the import spent in the database); the composite key is one, and it holds
 * more than both did: the assignment's plan is its task's plan. Deleting a plan still removes its
 * assignments, through its tasks (on delete cascade).
 *
 * SQLite checks foreign keys within the statement at a fraction of the cost and cannot change a table's
 * constraints in place (it would rebuild the table): left as it is.
 */
export function assignmentTaskKeyMigration(dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      if (dialect !== 'postgres') return;
      await sql`create unique index tasks_id_plan on tasks (id, plan_id)`.execute(db);
      await sql`alter table assignments
        drop constraint assignments_plan_id_fkey,
        drop constraint assignments_task_id_fkey,
        add constraint assignments_task_plan_fkey foreign key (task_id, plan_id)
          references tasks (id, plan_id) on delete cascade`.execute(db);
    },
    async down(db: Kysely<unknown>): Promise<void> {
      if (dialect !== 'postgres') return;
      await sql`alter table assignments
        drop constraint assignments_task_plan_fkey,
        add constraint assignments_plan_id_fkey foreign key (plan_id) references plans (id) on delete cascade,
        add constraint assignments_task_id_fkey foreign key (task_id) references tasks (id) on delete cascade`.execute(
        db,
      );
      await sql`drop index tasks_id_plan`.execute(db);
    },
  };
}

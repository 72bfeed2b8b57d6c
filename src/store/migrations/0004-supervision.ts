import type { Kysely } from 'kysely';
import { type DialectName, idColumn, refType } from '../dialect.js';

/**
 * Supervision: a unit's 备注 on its assignment, e-mail addresses for digests, reminders per period (one digest
 * per unit and period) with their delivery, tasks linked to the higher task they were cascaded from or the
 * last year's task they carry over (回头看), and the office's manual score adjustments (考核加减分).
 */
export function supervisionMigration(dialect: DialectName) {
  const id = idColumn(dialect);
  const ref = refType(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('assignments').addColumn('note', 'text').execute();
      await db.schema.alterTable('accounts').addColumn('email', 'text').execute();
      await db.schema.alterTable('reminders').addColumn('period', 'text').execute();
      await db.schema.alterTable('reminders').addColumn('delivered', 'text').execute();
      await db.schema.alterTable('reminders').addColumn('read_at', 'text').execute();
      await db.schema.createIndex('reminders_unit').on('reminders').columns(['unit_id', 'kind', 'period']).execute();
      await db.schema.alterTable('tasks').addColumn('parent_task_id', ref).execute();
      await db.schema.alterTable('tasks').addColumn('carried_from_task_id', ref).execute();
      await db.schema.createIndex('tasks_parent').on('tasks').column('parent_task_id').execute();
      await db.schema
        .createTable('score_adjustments')
        .addColumn('id', id.type, id.build)
        .addColumn('unit_id', 'text', (c) => c.notNull())
        .addColumn('period', 'text', (c) => c.notNull())
        .addColumn('points', 'real', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('score_adjustments_unit')
        .on('score_adjustments')
        .columns(['unit_id', 'period'])
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('score_adjustments').ifExists().execute();
      await db.schema.dropIndex('tasks_parent').ifExists().execute();
      await db.schema.alterTable('tasks').dropColumn('carried_from_task_id').execute();
      await db.schema.alterTable('tasks').dropColumn('parent_task_id').execute();
      await db.schema.dropIndex('reminders_unit').ifExists().execute();
      for (const c of ['read_at', 'delivered', 'period'])
        await db.schema.alterTable('reminders').dropColumn(c).execute();
      await db.schema.alterTable('accounts').dropColumn('email').execute();
      await db.schema.alterTable('assignments').dropColumn('note').execute();
    },
  };
}

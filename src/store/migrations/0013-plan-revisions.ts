import type { Kysely } from 'kysely';
import { type DialectName, idColumn, refType } from '../dialect.js';

/**
 * A revision of an issued plan waits here for the office's review: its parse and source, the diff against the
 * live plan and its effect on 考核 and reminders, computed when it was imported. Nothing in the live ledger
 * changes until the office confirms it (with a reason) or discards it.
 */
export function planRevisionsMigration(dialect: DialectName) {
  const id = idColumn(dialect);
  const ref = refType(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('plan_revisions')
        .addColumn('id', id.type, id.build)
        .addColumn('plan_id', ref, (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('base_revision', 'integer', (c) => c.notNull())
        .addColumn('title', 'text')
        .addColumn('source_name', 'text', (c) => c.notNull())
        .addColumn('source_format', 'text', (c) => c.notNull())
        .addColumn('source_sha256', 'text', (c) => c.notNull())
        .addColumn('parse_json', 'text', (c) => c.notNull())
        .addColumn('source_text', 'text')
        .addColumn('review_json', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('decided_by', 'text')
        .addColumn('decided_at', 'text')
        .addColumn('reason', 'text')
        .execute();
      await db.schema.createIndex('plan_revisions_plan').on('plan_revisions').columns(['plan_id', 'state']).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('plan_revisions').ifExists().execute();
    },
  };
}

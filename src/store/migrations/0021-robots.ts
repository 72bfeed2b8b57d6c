import type { Kysely } from 'kysely';
import { type DialectName, idColumn, refType } from '../dialect.js';

/**
 * Group robots (钉钉, 企业微信, 飞书) per unit or per plan, and their outbox. A message is enqueued in the same
 * transaction as the event it tells of (催办, 退回, a weekly digest), one row per robot under an idempotency
 * key, so a repeated call adds nothing; a sender drains the outbox after commit and on a timer, recording each
 * attempt. `next_attempt_at` doubles as the lease of a row being sent, so a process that dies mid-send leaves
 * the row to another after the lease.
 */
export function robotsMigration(dialect: DialectName) {
  const id = idColumn(dialect);
  const ref = refType(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('robots')
        .addColumn('id', id.type, id.build)
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('platform', 'text', (c) => c.notNull())
        .addColumn('webhook_url', 'text', (c) => c.notNull())
        .addColumn('secret', 'text')
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('unit_id', 'text')
        .addColumn('plan_id', ref)
        .addColumn('enabled', 'integer', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('removed_at', 'text')
        .execute();
      await db.schema.createIndex('robots_unit').on('robots').columns(['unit_id']).execute();
      await db.schema.createIndex('robots_plan').on('robots').columns(['plan_id']).execute();
      await db.schema
        .createTable('robot_deliveries')
        .addColumn('id', id.type, id.build)
        .addColumn('robot_id', ref, (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
        .addColumn('body_json', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('next_attempt_at', 'text', (c) => c.notNull())
        .addColumn('last_error', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('sent_at', 'text')
        .execute();
      await db.schema
        .createIndex('robot_deliveries_due')
        .on('robot_deliveries')
        .columns(['status', 'next_attempt_at'])
        .execute();
      await db.schema
        .createTable('robot_attempts')
        .addColumn('id', id.type, id.build)
        .addColumn('delivery_id', ref, (c) => c.notNull())
        .addColumn('attempt', 'integer', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('ok', 'integer', (c) => c.notNull())
        .addColumn('http_status', 'integer')
        .addColumn('error', 'text')
        .addColumn('duration_ms', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('robot_attempts_delivery').on('robot_attempts').columns(['delivery_id']).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('robot_attempts').ifExists().execute();
      await db.schema.dropTable('robot_deliveries').ifExists().execute();
      await db.schema.dropTable('robots').ifExists().execute();
    },
  };
}

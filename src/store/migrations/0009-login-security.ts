import type { Kysely } from 'kysely';
import { type DialectName, idColumn, refType } from '../dialect.js';

/**
 * Login throttling kept per key (a username — known or not, so unknown names answer alike — and a client
 * address), the last password hashes of each account (no reuse of the last five), and accounts created by
 * the system administrator for the office or auditor role, which wait for a second role's approval.
 */
export function loginSecurityMigration(dialect: DialectName) {
  const id = idColumn(dialect);
  const ref = refType(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('login_throttle')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('failures', 'integer', (c) => c.notNull())
        .addColumn('window_start', 'text', (c) => c.notNull())
        .addColumn('locked_until', 'text')
        .execute();
      await db.schema
        .createTable('password_history')
        .addColumn('id', id.type, id.build)
        .addColumn('account_id', ref, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('password_history_account').on('password_history').column('account_id').execute();
      await db.schema
        .alterTable('accounts')
        .addColumn('approval_pending', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('accounts').dropColumn('approval_pending').execute();
      await db.schema.dropTable('password_history').ifExists().execute();
      await db.schema.dropTable('login_throttle').ifExists().execute();
    },
  };
}

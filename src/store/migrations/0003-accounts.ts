import type { Kysely } from 'kysely';
import { type DialectName, idColumn, refType } from '../dialect.js';

/**
 * Accounts and sessions for the web application, settings (password policy), and on plans: the extracted
 * source text (what the review screen shows beside the parse, spans point into it) and the publication mark
 * for the public page.
 */
export function accountsMigration(dialect: DialectName) {
  const id = idColumn(dialect);
  const ref = refType(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('plans').addColumn('source_text', 'text').execute();
      await db.schema.alterTable('plans').addColumn('published_at', 'text').execute();
      await db.schema
        .createTable('accounts')
        .addColumn('id', id.type, id.build)
        .addColumn('username', 'text', (c) => c.notNull().unique())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('unit_id', 'text')
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('locked_until', 'text')
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('last_login_at', 'text')
        .execute();
      await db.schema
        .createTable('sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', ref, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('csrf', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_seen_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sessions_account').on('sessions').column('account_id').execute();
      await db.schema
        .createTable('settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('settings').ifExists().execute();
      await db.schema.dropTable('sessions').ifExists().execute();
      await db.schema.dropTable('accounts').ifExists().execute();
      await db.schema.alterTable('plans').dropColumn('published_at').execute();
      await db.schema.alterTable('plans').dropColumn('source_text').execute();
    },
  };
}

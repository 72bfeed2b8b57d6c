import type { Kysely } from 'kysely';

/**
 * Scheduled jobs (the weekly digest, audit anchoring) run once across all servers on one database: a job is
 * run by whoever holds its lease row (store/leases.ts), renewed while it runs, free again once it expires.
 */
export function jobLeasesMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('job_leases')
        .addColumn('job', 'text', (c) => c.primaryKey())
        .addColumn('holder', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('job_leases').ifExists().execute();
    },
  };
}

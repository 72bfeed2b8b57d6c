import type { Kysely } from 'kysely';

/**
 * Reviews and extension requests are read by assignment — the ledger looks up why a returned item was
 * returned, a task's history lists both — and deleted with it (cascade); without an index each of those
 * read the whole table, which at province scale holds a review for every item done or returned
 * (`npm run bench -- province`, EXPLAIN). Ordered by id, as the ledger reads the latest reason.
 */
export function reviewIndexesMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.createIndex('reviews_assignment').on('reviews').columns(['assignment_id', 'id']).execute();
      await db.schema
        .createIndex('extension_requests_assignment')
        .on('extension_requests')
        .columns(['assignment_id', 'id'])
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropIndex('extension_requests_assignment').execute();
      await db.schema.dropIndex('reviews_assignment').execute();
    },
  };
}

import { type Kysely, sql } from 'kysely';

/**
 * A counter every change to the unit directory raises (store/directory.ts), so that each process knows when
 * its copy of the directory is stale. Count and latest updated_at of the rows, the earlier stamp, missed a
 * change made within the millisecond of the one before (an alias recorded right after a unit was saved).
 */
export function directoryVersionMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('directory_version')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('version', 'bigint', (c) => c.notNull())
        .execute();
      await sql`insert into directory_version (id, version) values (1, 0)`.execute(db);
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('directory_version').execute();
    },
  };
}

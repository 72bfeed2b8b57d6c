import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect.js';

/**
 * Stored files kept in the database (files/database.ts): each file's chunks of 256 KiB, and one row per whole
 * file, written last, that makes it visible. Created on both databases; SQLite keeps its files on disk.
 */
export function fileChunksMigration(dialect: DialectName) {
  const binary = dialect === 'postgres' ? 'bytea' : 'blob';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('file_chunks')
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('data', binary, (c) => c.notNull())
        .addColumn('written_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('file_chunks_pk', ['sha256', 'seq'])
        .execute();
      await db.schema
        .createTable('file_contents')
        .addColumn('sha256', 'text', (c) => c.primaryKey())
        .addColumn('size', dialect === 'postgres' ? 'bigint' : 'integer', (c) => c.notNull())
        .addColumn('chunks', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('file_contents').ifExists().execute();
      await db.schema.dropTable('file_chunks').ifExists().execute();
    },
  };
}

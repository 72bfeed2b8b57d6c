import type { Kysely } from 'kysely';

/**
 * Units set up from the administrative division data (governments, 乡镇（街道）) carry their 统计用区划代码,
 * so a later import finds the division a government governs without matching names, and a division's
 * change (撤县设区, a merge or rename) can be traced to the unit that succeeds it.
 */
export function unitDivisionCodeMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('units').addColumn('division_code', 'text').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('units').dropColumn('division_code').execute();
    },
  };
}

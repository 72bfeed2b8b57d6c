import type { Kysely } from 'kysely';

/**
 * How an assignment's unit was found from the name the plan printed: the resolver's confidence and reason
 * (units/resolve.ts). The review screen flags weak matches (an abbreviation of another type, a one-character
 * slip) for the office to check. Null where no name was matched: members the office chose, older rows.
 */
export function assignmentResolutionMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('assignments').addColumn('match_confidence', 'double precision').execute();
      await db.schema.alterTable('assignments').addColumn('match_reason', 'text').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('assignments').dropColumn('match_reason').execute();
      await db.schema.alterTable('assignments').dropColumn('match_confidence').execute();
    },
  };
}

import { type Kysely, sql } from 'kysely';

/**
 * The deadline a task is watched by may come from elsewhere than its deadline cell (parse/extract/due.ts):
 * deadline_text/_kind/_due/_json hold that effective deadline; deadline_source says where it was read
 * (deadline 时限栏, note 备注, text 正文, plan 方案期限, office 公开办), deadline_printed keeps the cell as
 * printed, and the span points at the words it came from. Older rows took theirs from the cell.
 */
export function taskDueSourceMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('tasks').addColumn('deadline_source', 'text').execute();
      await db.schema.alterTable('tasks').addColumn('deadline_printed', 'text').execute();
      await db.schema.alterTable('tasks').addColumn('deadline_span_start', 'integer').execute();
      await db.schema.alterTable('tasks').addColumn('deadline_span_end', 'integer').execute();
      await sql`update tasks set deadline_source = 'deadline', deadline_printed = deadline_text
        where deadline_text is not null`.execute(db);
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const c of ['deadline_span_end', 'deadline_span_start', 'deadline_printed', 'deadline_source'])
        await db.schema.alterTable('tasks').dropColumn(c).execute();
    },
  };
}

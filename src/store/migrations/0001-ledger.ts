import { type Kysely, sql } from 'kysely';
import { type DialectName, idColumn, refType } from '../dialect.js';

/** The ledger: the unit directory, plans, tasks, assignments, progress and its evidence, reviews, audit. */
export function ledgerMigration(dialect: DialectName) {
  const id = idColumn(dialect);
  const ref = refType(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('units')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('aliases', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('level', 'text', (c) => c.notNull())
        .addColumn('parent_id', 'text')
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('successor_id', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('units_parent').on('units').column('parent_id').execute();
      await db.schema
        .createTable('unit_groups')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('aliases', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('rule', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('blobs')
        .addColumn('sha256', 'text', (c) => c.primaryKey())
        .addColumn('size', ref, (c) => c.notNull())
        .addColumn('mime', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('plans')
        .addColumn('id', id.type, id.build)
        .addColumn('title', 'text')
        .addColumn('issuer', 'text')
        .addColumn('doc_number', 'text')
        .addColumn('issue_date', 'text')
        .addColumn('year', 'integer')
        .addColumn('jurisdiction_id', 'text')
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('parent_plan_id', ref)
        .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('source_name', 'text')
        .addColumn('source_format', 'text', (c) => c.notNull())
        .addColumn('source_sha256', 'text', (c) => c.notNull())
        .addColumn('parse_json', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('confirmed_at', 'text')
        .addColumn('archived_at', 'text')
        .execute();
      await db.schema
        .createTable('tasks')
        .addColumn('id', id.type, id.build)
        .addColumn('plan_id', ref, (c) => c.notNull().references('plans.id').onDelete('cascade'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('section_label', 'text')
        .addColumn('section_title', 'text')
        .addColumn('group_label', 'text')
        .addColumn('group_title', 'text')
        .addColumn('number', 'text')
        .addColumn('name', 'text')
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('units_text', 'text')
        .addColumn('deadline_text', 'text')
        .addColumn('deadline_kind', 'text')
        .addColumn('deadline_due', 'text')
        .addColumn('deadline_json', 'text')
        .addColumn('status_text', 'text')
        .addColumn('note_text', 'text')
        .addColumn('span_start', 'integer')
        .addColumn('span_end', 'integer')
        .addColumn('page', 'integer')
        .addColumn('removed_at', 'text')
        .execute();
      await db.schema.createIndex('tasks_plan').on('tasks').columns(['plan_id', 'seq']).execute();
      await db.schema
        .createTable('assignments')
        .addColumn('id', id.type, id.build)
        .addColumn('plan_id', ref, (c) => c.notNull().references('plans.id').onDelete('cascade'))
        .addColumn('task_id', ref, (c) => c.notNull().references('tasks.id').onDelete('cascade'))
        .addColumn('unit_id', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('printed', 'text')
        .addColumn('via_group', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('due', 'text')
        .addColumn('ongoing', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('periodic', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('completed_at', 'text')
        .addColumn('removed_at', 'text')
        .execute();
      await db.schema.createIndex('assignments_unit').on('assignments').columns(['unit_id', 'state']).execute();
      await db.schema.createIndex('assignments_plan').on('assignments').columns(['plan_id', 'unit_id']).execute();
      await db.schema.createIndex('assignments_task').on('assignments').column('task_id').execute();
      // Open work by due date, for the overdue and due-soon lists (list-ledger counts them in two cases): one
      // due date, or periodic (dated by its earliest unreported period, periods_unreported). Partial, so they
      // hold only open work; plan and unit are in them so that the counts are read from the index alone.
      // The conditions must match the queries' literally (SQLite compares terms), states in this order.
      const open = ['not_started', 'in_progress', 'returned'];
      await db.schema
        .createIndex('assignments_open_due')
        .on('assignments')
        .columns(['due', 'plan_id', 'unit_id'])
        .where(sql.ref('removed_at'), 'is', null)
        .where(sql.ref('state'), 'in', open)
        .where(sql.ref('periodic'), '<>', 1)
        .execute();
      await db.schema
        .createIndex('assignments_open_periodic')
        .on('assignments')
        .columns(['id', 'plan_id', 'unit_id'])
        .where(sql.ref('removed_at'), 'is', null)
        .where(sql.ref('state'), 'in', open)
        .where(sql.ref('periodic'), '=', 1)
        .execute();
      await db.schema
        .createTable('pending_choices')
        .addColumn('id', id.type, id.build)
        .addColumn('plan_id', ref, (c) => c.notNull().references('plans.id').onDelete('cascade'))
        .addColumn('task_id', ref, (c) => c.notNull().references('tasks.id').onDelete('cascade'))
        .addColumn('printed', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('suggestions', 'text', (c) => c.notNull())
        .addColumn('resolved_at', 'text')
        .execute();
      await db.schema.createIndex('pending_plan').on('pending_choices').column('plan_id').execute();
      await db.schema
        .createTable('periods')
        .addColumn('id', id.type, id.build)
        .addColumn('assignment_id', ref, (c) => c.notNull().references('assignments.id').onDelete('cascade'))
        .addColumn('due', 'text', (c) => c.notNull())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('reported_at', 'text')
        .execute();
      await db.schema.createIndex('periods_assignment').on('periods').columns(['assignment_id', 'due']).execute();
      // Unreported periods by due date: which periodic work is overdue or due soon, without a lookup per assignment.
      await db.schema
        .createIndex('periods_unreported')
        .on('periods')
        .columns(['due', 'assignment_id'])
        .where(sql.ref('reported_at'), 'is', null)
        .execute();
      await db.schema
        .createTable('progress_reports')
        .addColumn('id', id.type, id.build)
        .addColumn('assignment_id', ref, (c) => c.notNull().references('assignments.id').onDelete('cascade'))
        .addColumn('period_id', ref)
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('claimed_state', 'text', (c) => c.notNull())
        .addColumn('author', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('reports_assignment')
        .on('progress_reports')
        .columns(['assignment_id', 'created_at'])
        .execute();
      await db.schema
        .createTable('evidence')
        .addColumn('id', id.type, id.build)
        .addColumn('report_id', ref, (c) => c.notNull().references('progress_reports.id').onDelete('cascade'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text')
        .addColumn('file_name', 'text')
        .addColumn('mime', 'text')
        .addColumn('size', ref)
        .addColumn('url', 'text')
        .execute();
      await db.schema.createIndex('evidence_report').on('evidence').column('report_id').execute();
      await db.schema
        .createTable('reviews')
        .addColumn('id', id.type, id.build)
        .addColumn('assignment_id', ref, (c) => c.notNull().references('assignments.id').onDelete('cascade'))
        .addColumn('report_id', ref)
        .addColumn('decision', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('reviewer', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('extension_requests')
        .addColumn('id', id.type, id.build)
        .addColumn('assignment_id', ref, (c) => c.notNull().references('assignments.id').onDelete('cascade'))
        .addColumn('requested_due', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('requested_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('decided_by', 'text')
        .addColumn('decided_at', 'text')
        .addColumn('decision_note', 'text')
        .execute();
      await db.schema
        .createTable('reminders')
        .addColumn('id', id.type, id.build)
        .addColumn('unit_id', 'text', (c) => c.notNull())
        .addColumn('plan_id', ref)
        .addColumn('assignment_ids', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('sent_by', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('audit_events')
        .addColumn('id', id.type, id.build)
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('entity', 'text', (c) => c.notNull())
        .addColumn('entity_id', 'text', (c) => c.notNull())
        .addColumn('before_json', 'text')
        .addColumn('after_json', 'text')
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('audit_entity').on('audit_events').columns(['entity', 'entity_id']).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const t of [
        'audit_events',
        'reminders',
        'extension_requests',
        'reviews',
        'evidence',
        'progress_reports',
        'periods',
        'pending_choices',
        'assignments',
        'tasks',
        'plans',
        'blobs',
        'unit_groups',
        'units',
      ]) {
        await db.schema.dropTable(t).ifExists().execute();
      }
    },
  };
}

import { type Insertable, PostgresAdapter, sql, type Transaction } from 'kysely';
import type { Period } from '../domain/schedule.js';
import type { AssignmentsTable, Database, PeriodsTable } from '../store/schema.js';
import { assignmentRows, pendingRows, type TaskPlan, taskRow } from './plan-rows.js';

/**
 * Writes tasks with their assignments, periods and pending choices in batches (a plan fanned out to a
 * hundred units is thousands of rows). Ids come back with a natural key, never by position, because
 * neither database promises RETURNING rows in insertion order.
 */
const BATCH = 400;
/** Narrow rows go in larger batches: fewer round trips, still under SQLite's 32,766 bound parameters. */
const ASSIGNMENT_BATCH = 1500;
const PERIOD_BATCH = 5000;

export async function insertTasks(
  trx: Transaction<Database>,
  planId: number,
  items: readonly { tp: TaskPlan; seq: number }[],
  at: string,
): Promise<{ taskIds: number[]; assignments: number }> {
  const taskIds: number[] = [];
  for (let i = 0; i < items.length; i += BATCH) {
    const slice = items.slice(i, i + BATCH);
    const rows = slice.map(({ tp, seq }) => ({ ...taskRow(tp.task, seq), plan_id: planId }));
    const back = await trx.insertInto('tasks').values(rows).returning(['id', 'seq']).execute();
    const bySeq = new Map(back.map((r) => [Number(r.seq), Number(r.id)]));
    for (const { seq } of slice) taskIds.push(bySeq.get(seq)!);
  }
  let assignments = 0;
  const pending = items.flatMap(({ tp }, k) => pendingRows(planId, taskIds[k]!, tp));
  for (let i = 0; i < pending.length; i += BATCH)
    await trx
      .insertInto('pending_choices')
      .values(pending.slice(i, i + BATCH))
      .execute();
  const rows = items.flatMap(({ tp }, k) => assignmentRows(planId, taskIds[k]!, tp, at));
  const periodsOf = new Map<number, Period[]>();
  items.forEach(({ tp }, k) => {
    periodsOf.set(taskIds[k]!, tp.schedule.periods);
  });
  assignments += await insertAssignments(trx, rows, periodsOf);
  return { taskIds, assignments };
}

/** Inserts assignments and, for periodic ones, their periods (taken per task from `periodsOf`). */
export async function insertAssignments(
  trx: Transaction<Database>,
  given: readonly Insertable<AssignmentsTable>[],
  periodsOf: ReadonlyMap<number, readonly Period[]>,
): Promise<number> {
  if (given.length === 0) return 0;
  // New work has reported nothing: what is due next is its earliest period (see store/next-due.ts).
  const rows = given.map((r) => ({
    ...r,
    next_due: Number(r.periodic) === 1 ? firstDue(periodsOf.get(Number(r.task_id)) ?? []) : null,
  }));
  if (trx.getExecutor().adapter instanceof PostgresAdapter) return insertAssignmentsPostgres(trx, rows, periodsOf);
  const periods: Insertable<PeriodsTable>[] = [];
  for (let i = 0; i < rows.length; i += ASSIGNMENT_BATCH) {
    const back = await trx
      .insertInto('assignments')
      .values(rows.slice(i, i + ASSIGNMENT_BATCH))
      .returning(['id', 'task_id', 'periodic'])
      .execute();
    for (const r of back) {
      if (Number(r.periodic) !== 1) continue;
      for (const p of periodsOf.get(Number(r.task_id)) ?? [])
        periods.push({ assignment_id: Number(r.id), due: p.due, label: p.label, reported_at: null });
    }
  }
  for (let i = 0; i < periods.length; i += PERIOD_BATCH)
    await trx
      .insertInto('periods')
      .values(periods.slice(i, i + PERIOD_BATCH))
      .execute();
  return rows.length;
}

/**
 * PostgreSQL: one statement for all of it, assignments and their periods, with a column of values per array
 * parameter (unnest) instead of a VALUES list of thousands of parameters: parsing and binding those cost more
 * than the writing (a plan fanned out to a hundred units: 5,000 assignments, 21,000 parameters a batch).
 * Periods are joined to the new assignments by task, in assignment order as the batched path writes them.
 */
async function insertAssignmentsPostgres(
  trx: Transaction<Database>,
  rows: readonly Insertable<AssignmentsTable>[],
  periodsOf: ReadonlyMap<number, readonly Period[]>,
): Promise<number> {
  const col = <T>(f: (r: Insertable<AssignmentsTable>) => T): T[] => rows.map(f);
  const tasks = new Set(rows.filter((r) => Number(r.periodic) === 1).map((r) => Number(r.task_id)));
  const p = { task: [] as number[], ord: [] as number[], due: [] as string[], label: [] as string[] };
  for (const taskId of tasks)
    (periodsOf.get(taskId) ?? []).forEach((period, k) => {
      p.task.push(taskId);
      p.ord.push(k);
      p.due.push(period.due);
      p.label.push(period.label);
    });
  await sql`with a as (
      insert into assignments (plan_id, task_id, unit_id, role, printed, via_group, state, due, ongoing, periodic,
        next_due, created_at, updated_at, completed_at, removed_at, note, match_confidence, match_reason)
      select * from unnest(${col((r) => r.plan_id)}::bigint[], ${col((r) => r.task_id)}::bigint[],
        ${col((r) => r.unit_id)}::text[], ${col((r) => r.role)}::text[], ${col((r) => r.printed ?? null)}::text[],
        ${col((r) => r.via_group ?? 0)}::integer[], ${col((r) => r.state)}::text[], ${col((r) => r.due ?? null)}::text[],
        ${col((r) => r.ongoing ?? 0)}::integer[], ${col((r) => r.periodic ?? 0)}::integer[],
        ${col((r) => r.next_due ?? null)}::text[],
        ${col((r) => r.created_at)}::text[], ${col((r) => r.updated_at)}::text[],
        ${col((r) => r.completed_at ?? null)}::text[], ${col((r) => r.removed_at ?? null)}::text[],
        ${col((r) => r.note ?? null)}::text[], ${col((r) => r.match_confidence ?? null)}::double precision[],
        ${col((r) => r.match_reason ?? null)}::text[])
      returning id, task_id, periodic
    )
    insert into periods (assignment_id, due, label, reported_at)
    select a.id, p.due, p.label, null
    from a
    join unnest(${p.task}::bigint[], ${p.ord}::integer[], ${p.due}::text[], ${p.label}::text[]) as p(task_id, ord, due, label)
      on p.task_id = a.task_id
    where a.periodic = 1
    order by a.id, p.ord`.execute(trx);
  return rows.length;
}

function firstDue(periods: readonly Period[]): string | null {
  let first: string | null = null;
  for (const p of periods) if (first === null || p.due < first) first = p.due;
  return first;
}

/** The seq after the plan's last task (removed ones included: seq orders everything the plan ever held). */
export async function nextTaskSeq(trx: Transaction<Database>, planId: number): Promise<number> {
  const last = await trx
    .selectFrom('tasks')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('plan_id', '=', planId)
    .executeTakeFirst();
  return Number(last?.seq ?? 0) + 1;
}

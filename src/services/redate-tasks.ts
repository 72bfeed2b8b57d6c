import type { Transaction } from 'kysely';
import type { Deadline } from '../domain/deadline.js';
import { type Schedule, scheduleFor } from '../domain/schedule.js';
import { readDeadlineText } from '../parse/index.js';
import { refreshNextDue } from '../store/next-due.js';
import type { Database } from '../store/schema.js';

/**
 * Re-dates a plan's tasks when the plan's year or issue date is corrected. Deadlines printed without a year
 * (11月底前, 上半年), recurring ones (每季度), ongoing work (reported each quarter of the plan's year) and
 * offsets from the plan's issue (印发30日内) all take their dates from the plan; a deadline that printed its
 * own year keeps it. Tasks whose schedule does not change are left alone, so a 延期 granted on them stands.
 *
 * Work already reported stays as reported: a reported period keeps its date, label and report (the unit
 * reported against the dates it was given, and the record must not be rewritten after the fact); the
 * corrected year's periods are added beside it, unreported, except one falling on a reported period's date.
 * Unreported periods of the old dates, including one a 延期 had moved, are replaced. Assignment states
 * (推进中, 已办结 …) are kept; `next_due` follows the earliest unreported period.
 */
export interface DatingContext {
  year: number;
  issueDate: string | null;
}

/** The deadline read again in the corrected context, or as stored when nothing in it came from the plan. */
export function redatedDeadline(stored: Deadline, from: DatingContext, to: DatingContext): Deadline {
  const again = readDeadlineText(stored.text, from);
  if (again.kind === stored.kind && again.due === stored.due) return readDeadlineText(stored.text, to);
  // The parser read it with context a bare re-read lacks (a merged cell, a heading): shift only a year it
  // took from the plan, and leave the rest as parsed.
  if (stored.yearInferred && stored.due && stored.kind === 'date')
    return { ...stored, due: shiftYear(stored.due, to.year - from.year) };
  return stored;
}

function shiftYear(iso: string, by: number): string {
  const year = Number(iso.slice(0, 4)) + by;
  const [month, day] = [Number(iso.slice(5, 7)), Number(iso.slice(8, 10))];
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${iso.slice(5, 7)}-${String(Math.min(day, last)).padStart(2, '0')}`;
}

export interface RedatedTask {
  taskId: number;
  before: string | null;
  after: string | null;
}

/** Re-dates every live task of the plan; returns those whose schedule changed. */
export async function redateTasks(
  trx: Transaction<Database>,
  planId: number,
  from: DatingContext,
  to: DatingContext,
  at: string,
): Promise<RedatedTask[]> {
  const tasks = await trx
    .selectFrom('tasks')
    .select(['id', 'deadline_json'])
    .where('plan_id', '=', planId)
    .where('removed_at', 'is', null)
    .where('deadline_json', 'is not', null)
    .orderBy('seq')
    .execute();
  const changed: RedatedTask[] = [];
  for (const t of tasks) {
    const stored = JSON.parse(t.deadline_json!) as Deadline;
    const next = redatedDeadline(stored, from, to);
    const before = scheduleFor(stored, { year: from.year });
    const after = scheduleFor(next, { year: to.year });
    if (JSON.stringify(before) === JSON.stringify(after) && JSON.stringify(stored) === JSON.stringify(next)) continue;
    const taskId = Number(t.id);
    await trx
      .updateTable('tasks')
      .set({
        deadline_kind: next.kind,
        deadline_due: next.due,
        deadline_json: JSON.stringify(next),
      })
      .where('id', '=', taskId)
      .execute();
    if (JSON.stringify(before) !== JSON.stringify(after)) await rescheduleTask(trx, taskId, after, at);
    changed.push({ taskId, before: before.due, after: after.due });
  }
  return changed;
}

/**
 * A task's live assignments onto a new schedule, all at once (one statement per step, not per assignment):
 * the rule of a revision's period reconciliation — reported periods stay, unreported ones follow the schedule.
 */
async function rescheduleTask(trx: Transaction<Database>, taskId: number, s: Schedule, at: string): Promise<void> {
  const periodic = s.periods.length > 0 ? 1 : 0;
  const live = await trx
    .selectFrom('assignments')
    .select('id')
    .where('task_id', '=', taskId)
    .where('removed_at', 'is', null)
    .execute();
  const ids = live.map((a) => Number(a.id));
  if (ids.length === 0) return;
  await trx
    .updateTable('assignments')
    .set({
      due: s.due,
      ongoing: s.ongoing ? 1 : 0,
      periodic,
      updated_at: at,
      ...(periodic ? {} : { next_due: null }),
    })
    .where('id', 'in', ids)
    .execute();
  const want = periodic ? s.periods : [];
  const wanted = new Set(want.map((p) => p.due));
  const have = await trx
    .selectFrom('periods')
    .select(['id', 'assignment_id', 'due', 'reported_at'])
    .where('assignment_id', 'in', ids)
    .execute();
  const stale = have.filter((p) => p.reported_at === null && !wanted.has(p.due)).map((p) => Number(p.id));
  for (let i = 0; i < stale.length; i += 1000)
    await trx
      .deleteFrom('periods')
      .where('id', 'in', stale.slice(i, i + 1000))
      .execute();
  const present = new Set(have.map((p) => `${p.assignment_id}|${p.due}`));
  const missing = ids.flatMap((id) =>
    want
      .filter((p) => !present.has(`${id}|${p.due}`))
      .map((p) => ({ assignment_id: id, due: p.due, label: p.label, reported_at: null })),
  );
  for (let i = 0; i < missing.length; i += 2000)
    await trx
      .insertInto('periods')
      .values(missing.slice(i, i + 2000))
      .execute();
  await refreshNextDue(trx, ids);
}

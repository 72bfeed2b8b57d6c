import type { Kysely } from 'kysely';
import type { DeliverableFact, PeriodFact } from '../domain/counting.js';
import type { Database } from './schema.js';

/**
 * The one query layer of the counting model (domain/counting.ts): the deliverables and reporting periods due
 * in a span of days, with the dates their outcome is judged by. Only plans the office has issued (confirmed,
 * archived) and live assignments of live tasks count. Every figure in the product reads these two lists.
 */
export interface FigureScope {
  /** Inclusive ISO day bounds on the due date; `from` null for everything due up to `to`. */
  from: string | null;
  to: string;
  planId?: number;
  unitId?: string;
  /** Confirmed plans only (what is being watched now); default also archived ones (past years' figures). */
  liveOnly?: boolean;
}

export interface CountedTask {
  taskId: number;
  planId: number;
  seq: number;
  number: string | null;
  text: string;
  section: string | null;
}

export interface FigureFacts {
  deliverables: DeliverableFact[];
  periods: PeriodFact[];
  /** The tasks the facts belong to, by id (text, outline place) for documents that list them. */
  tasks: Map<number, CountedTask>;
}

/** China day (UTC+8) of a stored ISO instant. */
export function chinaDay(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);
}

const SLICE = 500;

export async function figureFacts(db: Kysely<Database>, scope: FigureScope): Promise<FigureFacts> {
  const states = scope.liveOnly ? ['confirmed'] : ['confirmed', 'archived'];
  let single = db
    .selectFrom('assignments as a')
    .innerJoin('plans as p', 'p.id', 'a.plan_id')
    .innerJoin('tasks as t', 't.id', 'a.task_id')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .select(['a.id', 'a.plan_id', 'a.task_id', 'a.unit_id', 'u.name', 'a.due', 'a.state', 'a.completed_at'])
    .where('p.state', 'in', states)
    .where('a.removed_at', 'is', null)
    .where('t.removed_at', 'is', null)
    .where('a.periodic', '=', 0)
    .where('a.due', 'is not', null)
    .where('a.due', '<=', scope.to);
  let periodic = db
    .selectFrom('periods as pe')
    .innerJoin('assignments as a', 'a.id', 'pe.assignment_id')
    .innerJoin('plans as p', 'p.id', 'a.plan_id')
    .innerJoin('tasks as t', 't.id', 'a.task_id')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .select(['a.id', 'a.plan_id', 'a.task_id', 'a.unit_id', 'u.name', 'pe.due', 'pe.label', 'pe.reported_at'])
    .where('p.state', 'in', states)
    .where('a.removed_at', 'is', null)
    .where('t.removed_at', 'is', null)
    .where('a.periodic', '=', 1)
    .where('pe.due', '<=', scope.to);
  if (scope.from) {
    single = single.where('a.due', '>=', scope.from);
    periodic = periodic.where('pe.due', '>=', scope.from);
  }
  if (scope.planId !== undefined) {
    single = single.where('a.plan_id', '=', scope.planId);
    periodic = periodic.where('a.plan_id', '=', scope.planId);
  }
  if (scope.unitId !== undefined) {
    single = single.where('a.unit_id', '=', scope.unitId);
    periodic = periodic.where('a.unit_id', '=', scope.unitId);
  }
  const [rows, periodRows] = await Promise.all([
    single.orderBy('a.id').execute(),
    periodic.orderBy('a.id').orderBy('pe.due').execute(),
  ]);
  const claims = new Map<number, string[]>();
  const ids = rows.map((r) => Number(r.id));
  for (let i = 0; i < ids.length; i += SLICE) {
    const c = await db
      .selectFrom('progress_reports')
      .select(['assignment_id', 'created_at'])
      .where('assignment_id', 'in', ids.slice(i, i + SLICE))
      .where('claimed_state', '=', 'complete')
      .orderBy('created_at')
      .execute();
    for (const x of c) {
      const list = claims.get(Number(x.assignment_id)) ?? [];
      list.push(chinaDay(x.created_at));
      claims.set(Number(x.assignment_id), list);
    }
  }
  const deliverables: DeliverableFact[] = rows.map((r) => ({
    assignmentId: Number(r.id),
    planId: Number(r.plan_id),
    taskId: Number(r.task_id),
    unitId: r.unit_id,
    unitName: r.name,
    due: r.due!,
    state: r.state,
    claims: claims.get(Number(r.id)) ?? [],
    closedOn: r.state === 'done' && r.completed_at ? chinaDay(r.completed_at) : null,
  }));
  const periods: PeriodFact[] = periodRows.map((r) => ({
    assignmentId: Number(r.id),
    planId: Number(r.plan_id),
    taskId: Number(r.task_id),
    unitId: r.unit_id,
    unitName: r.name,
    due: r.due,
    label: r.label,
    reportedOn: r.reported_at ? chinaDay(r.reported_at) : null,
  }));
  const tasks = await countedTasks(db, [...new Set([...deliverables, ...periods].map((f) => f.taskId))]);
  return { deliverables, periods, tasks };
}

export async function countedTasks(db: Kysely<Database>, ids: readonly number[]): Promise<Map<number, CountedTask>> {
  const out = new Map<number, CountedTask>();
  for (let i = 0; i < ids.length; i += SLICE) {
    const rows = await db
      .selectFrom('tasks')
      .select(['id', 'plan_id', 'seq', 'number', 'text', 'section_label', 'section_title'])
      .where('id', 'in', ids.slice(i, i + SLICE))
      .execute();
    for (const t of rows)
      out.set(Number(t.id), {
        taskId: Number(t.id),
        planId: Number(t.plan_id),
        seq: Number(t.seq),
        number: t.number,
        text: t.text,
        section: [t.section_label, t.section_title].filter(Boolean).join('、') || null,
      });
  }
  return out;
}

/**
 * Live tasks of a plan that no unit carries (their printed units unresolved, or never assigned): the figures
 * name them so nothing drops out unaccounted.
 */
export async function unassignedTasks(db: Kysely<Database>, planId: number): Promise<CountedTask[]> {
  const rows = await db
    .selectFrom('tasks as t')
    .select(['t.id', 't.plan_id', 't.seq', 't.number', 't.text', 't.section_label', 't.section_title'])
    .where('t.plan_id', '=', planId)
    .where('t.removed_at', 'is', null)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('assignments as a')
            .select('a.id')
            .whereRef('a.task_id', '=', 't.id')
            .where('a.removed_at', 'is', null),
        ),
      ),
    )
    .orderBy('t.seq')
    .execute();
  return rows.map((t) => ({
    taskId: Number(t.id),
    planId: Number(t.plan_id),
    seq: Number(t.seq),
    number: t.number,
    text: t.text,
    section: [t.section_label, t.section_title].filter(Boolean).join('、') || null,
  }));
}

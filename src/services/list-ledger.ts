import { type ExpressionBuilder, sql } from 'kysely';
import { type AssignmentState, type DueStatus, dueStatus, isAssignmentState } from '../domain/assignment.js';
import { AppError } from '../domain/errors.js';
import type { UnitRole } from '../domain/plan.js';
import type { Database } from '../store/schema.js';
import { type ServiceContext, today } from './context.js';
import { authorize } from './policy.js';

/**
 * The ledger (台账): assignments with their task, unit and where they stand, filtered by plan, unit, state,
 * due window or overdue. What is due now is the assignment's due date or, for periodic work, its earliest
 * period not yet reported (kept on the row as next_due, written with the periods); overdue and due-soon are
 * derived from it and today at query time, never stored. Unit users see their own unit's rows only; drafts
 * are the office's.
 */
export interface LedgerFilter {
  planId?: number;
  unitId?: string;
  states?: AssignmentState[];
  /** Due within this many days from today (overdue included). */
  dueWithinDays?: number;
  overdue?: boolean;
  /** Include plans still in review (office only). */
  includeDrafts?: boolean;
  /** 退回 work first (a unit's 我的任务: what waits for its answer comes before plan order). */
  returnedFirst?: boolean;
  limit?: number;
  offset?: number;
}

export interface LedgerRow {
  assignmentId: number;
  planId: number;
  planTitle: string | null;
  taskId: number;
  seq: number;
  section: string | null;
  group: string | null;
  number: string | null;
  text: string;
  deadlineText: string | null;
  unitId: string;
  unitName: string;
  role: UnitRole;
  printed: string | null;
  state: AssignmentState;
  /** What is due now: the assignment's due date or its current period's. */
  due: string | null;
  dueStatus: DueStatus;
  ongoing: boolean;
  periodic: boolean;
  updatedAt: string;
  /** Periodic work: the period a report now counts for (e.g. 2024年第二季度). */
  period: string | null;
  /** 退回: the office's reason. */
  returnReason: string | null;
}

export const WARN_DAYS = 7;
const OPEN_STATES = ['not_started', 'in_progress', 'returned'];
/**
 * The open states as literals, not parameters, where a due-date filter needs them: the partial indexes for due
 * work (migration 0001) are on open assignments, and SQLite can match a partial index's condition only
 * against literal terms of the query (a bound IN list is opaque to it).
 */
const OPEN_LITERALS = OPEN_STATES.map((s) => sql.lit(s));

/** The date that matters now, as SQL (see the module comment). */
export function dueNow(eb: ExpressionBuilder<Database & { a: Database['assignments'] }, 'a'>) {
  // Periodic work: its earliest unreported period, kept on the row as next_due (store/next-due.ts).
  return eb.case().when('a.periodic', '=', 1).then(eb.ref('a.next_due')).else(eb.ref('a.due')).end();
}

/** A bound on the date that matters now: `dueNow op day`. */
interface DueBound {
  op: '<' | '<=';
  day: string;
}

export async function listLedger(
  ctx: ServiceContext,
  filter: LedgerFilter = {},
): Promise<{ rows: LedgerRow[]; total: number }> {
  authorize(ctx.actor, 'ledger.read');
  const f = { ...filter };
  if (ctx.actor.role === 'unit') {
    if (f.unitId && f.unitId !== ctx.actor.unitId) throw new AppError('forbidden', '只能查看本单位的任务');
    f.unitId = ctx.actor.unitId ?? '\u0000';
    f.includeDrafts = false;
  }
  if (f.includeDrafts && !['office', 'operator'].includes(ctx.actor.role)) f.includeDrafts = false;
  for (const s of f.states ?? []) if (!isAssignmentState(s)) throw new AppError('invalid-input', `未知的状态：${s}`);
  const day = today(ctx);
  const limit = Math.min(Math.max(f.limit ?? 200, 1), 5000);
  const bounds: DueBound[] = [];
  if (f.overdue) bounds.push({ op: '<', day });
  if (f.dueWithinDays !== undefined) {
    const until = new Date(Date.parse(`${day}T00:00:00Z`) + f.dueWithinDays * 86_400_000).toISOString().slice(0, 10);
    bounds.push({ op: '<=', day: until });
  }

  // Tasks and units are joined for the rows only: every assignment has both (foreign keys), so the count needs
  // neither join (the unit join alone was a third of the overdue count on a million assignments).
  let q = ctx.store.db
    .selectFrom('assignments as a')
    .innerJoin('plans as pl', 'pl.id', 'a.plan_id')
    .where('a.removed_at', 'is', null)
    .where('pl.state', 'in', f.includeDrafts ? ['draft', 'confirmed'] : ['confirmed']);
  if (f.planId !== undefined) q = q.where('a.plan_id', '=', f.planId);
  if (f.unitId !== undefined) q = q.where('a.unit_id', '=', f.unitId);
  if (f.states?.length) q = q.where('a.state', 'in', f.states);
  if (bounds.length) q = q.where('a.state', 'in', OPEN_LITERALS);

  let total: number;
  if (bounds.length === 0) {
    total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  } else {
    // Counted as two disjoint cases rather than by comparing dueNow(), which hides the dates from the planner
    // behind a CASE (a whole-table scan for the overdue list): work with one due date, by that date; periodic
    // work, by its next unreported period's. Each case then reads an index of its own (assignments_open_due,
    // migration 0001; assignments_open_next_due, migration 0006).
    let single = q.where('a.periodic', '<>', sql.lit(1));
    let periodic = q.where('a.periodic', '=', sql.lit(1));
    for (const b of bounds) {
      single = single.where('a.due', b.op, b.day);
      periodic = periodic.where('a.next_due', b.op, b.day);
    }
    const counts = single
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .unionAll(periodic.select((eb) => eb.fn.countAll<number>().as('n')));
    const r = await ctx.store.db
      .selectFrom(counts.as('c'))
      .select((eb) => eb.fn.sum<number>('c.n').as('n'))
      .executeTakeFirstOrThrow();
    total = Number(r.n ?? 0);
  }

  // The page keeps the dueNow() comparison: read in plan order (assignments_plan) and stopped at the limit, it
  // costs one comparison per row read, while the two cases above would make the planner collect every match.
  let page = q.innerJoin('tasks as t', 't.id', 'a.task_id').innerJoin('units as u', 'u.id', 'a.unit_id');
  for (const b of bounds) page = page.where((eb) => eb(dueNow(eb), b.op, b.day));
  const rows = await page
    .select((eb) => [
      'a.id',
      'a.plan_id',
      'pl.title',
      'a.task_id',
      't.seq',
      't.section_label',
      't.section_title',
      't.group_label',
      't.group_title',
      't.number',
      't.text',
      't.deadline_text',
      'a.unit_id',
      'u.name as unit_name',
      'a.role',
      'a.printed',
      'a.state',
      'a.ongoing',
      'a.periodic',
      'a.updated_at',
      dueNow(eb).as('due_now'),
    ])
    // pl.id is a.plan_id (the join), but named so SQLite sees that reading plans in key order already sorts by
    // it: it then sorts plan by plan and stops at the limit instead of sorting every match (200 ms → 4 ms for
    // the overdue list of a 100,000-assignment ledger).
    .$if(!!f.returnedFirst, (q) => q.orderBy(sql`case when a.state = ${sql.lit('returned')} then 0 else 1 end`))
    .orderBy('pl.id')
    .orderBy('t.seq')
    .orderBy(sql`case a.role when 'lead' then 0 when 'responsible' then 1 else 2 end`)
    .orderBy('a.unit_id')
    .limit(limit)
    .offset(Math.max(f.offset ?? 0, 0))
    .execute();
  const { periods, reasons } = await rowNotes(
    ctx,
    rows.filter((r) => Number(r.periodic) === 1).map((r) => Number(r.id)),
    rows.filter((r) => r.state === 'returned').map((r) => Number(r.id)),
  );
  return {
    total,
    rows: rows.map((r) => {
      const state = r.state as AssignmentState;
      const due = (r.due_now as string | null) ?? null;
      return {
        assignmentId: Number(r.id),
        planId: Number(r.plan_id),
        planTitle: r.title,
        taskId: Number(r.task_id),
        seq: Number(r.seq),
        section: joinRef(r.section_label, r.section_title),
        group: joinRef(r.group_label, r.group_title),
        number: r.number,
        text: r.text,
        deadlineText: r.deadline_text,
        unitId: r.unit_id,
        unitName: r.unit_name,
        role: r.role as UnitRole,
        printed: r.printed,
        state,
        due,
        dueStatus: dueStatus(state, due, day, WARN_DAYS),
        ongoing: Number(r.ongoing) === 1,
        periodic: Number(r.periodic) === 1,
        updatedAt: r.updated_at,
        period: periods.get(Number(r.id)) ?? null,
        returnReason: state === 'returned' ? (reasons.get(Number(r.id)) ?? null) : null,
      };
    }),
  };
}

/** For the page's rows only: the period periodic work reports for next, and why returned work was returned. */
async function rowNotes(
  ctx: ServiceContext,
  periodic: number[],
  returned: number[],
): Promise<{ periods: Map<number, string>; reasons: Map<number, string> }> {
  const periods = new Map<number, string>();
  const reasons = new Map<number, string>();
  for (let i = 0; i < periodic.length; i += 500) {
    const rows = await ctx.store.db
      .selectFrom('periods')
      .select(['assignment_id', 'due', 'label'])
      .where('assignment_id', 'in', periodic.slice(i, i + 500))
      .where('reported_at', 'is', null)
      .orderBy('due')
      .execute();
    for (const r of rows) if (!periods.has(Number(r.assignment_id))) periods.set(Number(r.assignment_id), r.label);
  }
  for (let i = 0; i < returned.length; i += 500) {
    const rows = await ctx.store.db
      .selectFrom('reviews')
      .select(['assignment_id', 'reason'])
      .where('assignment_id', 'in', returned.slice(i, i + 500))
      .where('decision', '=', 'return')
      .orderBy('id')
      .execute();
    for (const r of rows) if (r.reason) reasons.set(Number(r.assignment_id), r.reason);
  }
  return { periods, reasons };
}

function joinRef(label: string | null, title: string | null): string | null {
  return [label, title].filter(Boolean).join(' ') || null;
}

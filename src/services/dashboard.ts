import { sql } from 'kysely';
import { type ServiceContext, today } from './context.js';
import { dueNow, WARN_DAYS } from './list-ledger.js';
import { overdueWork } from './overdue-work.js';
import { planProgressByUnit, type UnitProgress } from './plan-progress.js';
import { authorize } from './policy.js';

/**
 * 总览: where the plans in force stand today — counts by state, overdue items (the counting model's: what
 * `urge` would press — domain/counting.ts) and due within a week, completion by
 * section and by unit (listed by name: progress, not a ranking), and the last twelve weeks of reports and
 * completions. Computed from the ledger on request.
 */
export interface Overview {
  asOf: string;
  totals: {
    assignments: number;
    /** Deliverables (assignments with one due date, as domain/counting.ts): what a completion rate divides by. */
    deliverables: number;
    deliverablesDone: number;
    /** Periodic work (长期推进, 每季度…): reported each period, never in a rate. */
    periodic: number;
    done: number;
    submitted: number;
    inProgress: number;
    notStarted: number;
    returned: number;
    overdue: number;
    dueSoon: number;
  };
  /**
   * Per section: its deliverables and how many are done and 逾期未完成 (`late`), and `overdue`, every item
   * `urge` would press there (missed reporting periods of periodic work included).
   */
  bySection: { planId: number; section: string; assignments: number; done: number; late: number; overdue: number }[];
  byUnit: UnitProgress[] | null;
  weeks: { week: string; reports: number; completed: number }[];
}

export async function overview(ctx: ServiceContext, planId?: number): Promise<Overview> {
  authorize(ctx.actor, 'dashboard.read');
  const day = today(ctx);
  const soon = new Date(Date.parse(`${day}T00:00:00Z`) + WARN_DAYS * 86_400_000).toISOString().slice(0, 10);
  const db = ctx.store.db;
  const open = ['not_started', 'in_progress', 'returned'];
  let base = db
    .selectFrom('assignments as a')
    .innerJoin('plans as pl', 'pl.id', 'a.plan_id')
    .where('pl.state', '=', 'confirmed')
    .where('a.removed_at', 'is', null);
  if (planId !== undefined) base = base.where('a.plan_id', '=', planId);
  const totals = await base
    .select((eb) => [
      eb.fn.countAll<number>().as('n'),
      sql<number>`sum(case when a.state = 'done' then 1 else 0 end)`.as('done'),
      sql<number>`sum(case when a.periodic = 0 then 1 else 0 end)`.as('deliverables'),
      sql<number>`sum(case when a.periodic = 0 and a.state = 'done' then 1 else 0 end)`.as('deliverables_done'),
      sql<number>`sum(case when a.state = 'submitted' then 1 else 0 end)`.as('submitted'),
      sql<number>`sum(case when a.state = 'in_progress' then 1 else 0 end)`.as('in_progress'),
      sql<number>`sum(case when a.state = 'not_started' then 1 else 0 end)`.as('not_started'),
      sql<number>`sum(case when a.state = 'returned' then 1 else 0 end)`.as('returned'),
      eb.fn
        .sum<number>(
          eb
            .case()
            .when(eb.and([eb('a.state', 'in', open), eb(dueNow(eb), '>=', day), eb(dueNow(eb), '<=', soon)]))
            .then(1)
            .else(0)
            .end(),
        )
        .as('due_soon'),
    ])
    .executeTakeFirstOrThrow();
  // Completion by section counts deliverables only, as every figure does (domain/counting.ts).
  const sections = await base
    .innerJoin('tasks as t', 't.id', 'a.task_id')
    .select((eb) => [
      'a.plan_id',
      't.section_label',
      't.section_title',
      // A section of periodic work only still has a row: its missed reports are overdue there.
      sql<number>`sum(case when a.periodic = 0 then 1 else 0 end)`.as('n'),
      sql<number>`sum(case when a.periodic = 0 and a.state = 'done' then 1 else 0 end)`.as('done'),
      eb.fn.min('t.seq').as('first'),
    ])
    .groupBy(['a.plan_id', 't.section_label', 't.section_title'])
    .orderBy('a.plan_id')
    .orderBy('first')
    .execute();
  // Overdue by the counting model: deliverables due before today and neither closed nor claimed, and reporting
  // periods due before today and not reported — the items `urge` would press, not assignments.
  const overdue = await overdueWork(ctx, { asOf: day, ...(planId !== undefined ? { planId } : {}) });
  const overdueBySection = new Map<string, number>();
  const lateBySection = new Map<string, number>();
  for (const o of overdue) {
    const key = `${o.planId}|${o.section ?? ''}`;
    overdueBySection.set(key, (overdueBySection.get(key) ?? 0) + 1);
    // A missed report is not an unfinished deliverable: the section's bar stacks deliverables only.
    if (!o.period) lateBySection.set(key, (lateBySection.get(key) ?? 0) + 1);
  }
  const since = new Date(Date.parse(`${day}T00:00:00Z`) - 12 * 7 * 86_400_000).toISOString();
  let reportsQ = db
    .selectFrom('progress_reports as r')
    .innerJoin('assignments as a', 'a.id', 'r.assignment_id')
    .select(['r.created_at'])
    .where('r.created_at', '>=', since);
  let doneQ = db
    .selectFrom('assignments as a')
    .select(['a.completed_at'])
    .where('a.completed_at', '>=', since)
    .where('a.state', '=', 'done');
  if (planId !== undefined) {
    reportsQ = reportsQ.where('a.plan_id', '=', planId);
    doneQ = doneQ.where('a.plan_id', '=', planId);
  }
  const weeks = weekBuckets(day);
  for (const r of await reportsQ.execute()) bump(weeks, r.created_at, 'reports');
  for (const r of await doneQ.execute()) if (r.completed_at) bump(weeks, r.completed_at, 'completed');
  return {
    asOf: day,
    totals: {
      assignments: Number(totals.n),
      deliverables: Number(totals.deliverables ?? 0),
      deliverablesDone: Number(totals.deliverables_done ?? 0),
      periodic: Number(totals.n) - Number(totals.deliverables ?? 0),
      done: Number(totals.done ?? 0),
      submitted: Number(totals.submitted ?? 0),
      inProgress: Number(totals.in_progress ?? 0),
      notStarted: Number(totals.not_started ?? 0),
      returned: Number(totals.returned ?? 0),
      overdue: overdue.length,
      dueSoon: Number(totals.due_soon ?? 0),
    },
    bySection: sections.map((s) => ({
      planId: Number(s.plan_id),
      section: [s.section_label, s.section_title].filter(Boolean).join(' ') || '（未分章节）',
      assignments: Number(s.n),
      done: Number(s.done ?? 0),
      late: lateBySection.get(sectionKey(s)) ?? 0,
      overdue: overdueBySection.get(sectionKey(s)) ?? 0,
    })),
    byUnit:
      planId !== undefined
        ? (await planProgressByUnit(ctx, planId)).sort((a, b) => a.unitName.localeCompare(b.unitName, 'zh'))
        : null,
    weeks,
  };
}

function weekBuckets(day: string): Overview['weeks'] {
  const end = Date.parse(`${day}T00:00:00Z`);
  return Array.from({ length: 12 }, (_, i) => ({
    week: new Date(end - (11 - i) * 7 * 86_400_000).toISOString().slice(0, 10),
    reports: 0,
    completed: 0,
  }));
}

function bump(weeks: Overview['weeks'], at: string, key: 'reports' | 'completed'): void {
  const t = Date.parse(at);
  for (let i = weeks.length - 1; i >= 0; i--) {
    const start = Date.parse(`${weeks[i]!.week}T00:00:00Z`) - 6 * 86_400_000;
    if (t >= start) {
      weeks[i]![key]++;
      return;
    }
  }
}

const sectionKey = (s: { plan_id: unknown; section_label: string | null; section_title: string | null }): string =>
  `${Number(s.plan_id)}|${[s.section_label, s.section_title].filter(Boolean).join('、')}`;

import { sql } from 'kysely';
import {
  addDeliverable,
  addPeriod,
  defaultAsOf,
  deliverableOutcome,
  emptyDeliverableTally,
  emptyPeriodTally,
  periodOutcome,
} from '../domain/counting.js';
import { planPeriod } from '../parse/index.js';
import type { NianbaoData } from '../reports/nianbao.js';
import { figureFacts, unassignedTasks } from '../store/figures.js';
import { type ServiceContext, today } from './context.js';
import { documentHead, documentPlan, type HeadOptions } from './document-data.js';
import { authorize } from './policy.js';

/**
 * The figures of the 年报 section «年度政务公开重点工作任务落实情况», by the counting model
 * (domain/counting.ts) over the plan's year, as of the year's end by default (today while it runs): the
 * deliverables due in the year and their outcomes, ongoing work as reporting periods, deliverables with no
 * date in the year, and the tasks no unit carries — so the unfinished add up to their parts.
 */
export interface NianbaoRequest {
  planId: number;
  /** The day counted on (ISO); default the plan year's last day, or today while the year runs. */
  asOf?: string;
  head?: HeadOptions;
}

export async function nianbaoData(ctx: ServiceContext, r: NianbaoRequest): Promise<NianbaoData> {
  authorize(ctx.actor, 'dashboard.read');
  const plan = await documentPlan(ctx, r.planId);
  const start = `${plan.year}-01-01`;
  const end = `${plan.year}-12-31`;
  const asOf = r.asOf ?? defaultAsOf(end, today(ctx));
  const db = ctx.store.db;
  const facts = await figureFacts(db, { from: start, to: end, planId: plan.id });
  const totals = emptyDeliverableTally();
  const reports = emptyPeriodTally();
  const sections = new Map<string, { name: string; first: number; tasks: Set<number>; items: number; done: number }>();
  const section = (taskId: number) => {
    const t = facts.tasks.get(taskId);
    const name = t?.section ?? '（未分领域）';
    const s = sections.get(name) ?? { name, first: t?.seq ?? 0, tasks: new Set<number>(), items: 0, done: 0 };
    sections.set(name, s);
    s.tasks.add(taskId);
    return s;
  };
  for (const d of facts.deliverables) {
    const o = deliverableOutcome(d, asOf);
    addDeliverable(totals, o);
    const s = section(d.taskId);
    s.items++;
    if (o === 'onTime' || o === 'late') s.done++;
  }
  for (const p of facts.periods) {
    addPeriod(reports, periodOutcome(p, asOf));
    section(p.taskId);
  }
  const live = db
    .selectFrom('assignments as a')
    .innerJoin('tasks as t', 't.id', 'a.task_id')
    .where('a.plan_id', '=', plan.id)
    .where('a.removed_at', 'is', null)
    .where('t.removed_at', 'is', null);
  const all = await live
    .select([
      sql<number>`count(distinct a.task_id)`.as('tasks'),
      sql<number>`count(distinct a.unit_id)`.as('units'),
      sql<number>`count(distinct case when a.periodic = 1 then a.id end)`.as('periodic'),
    ])
    .executeTakeFirstOrThrow();
  // Deliverables whose date is not in the plan's year (none at all, or moved past it): named, not dropped.
  const undated = await live
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('a.periodic', '=', 0)
    .where((eb) => eb.or([eb('a.due', 'is', null), eb('a.due', '<', start), eb('a.due', '>', end)]))
    .executeTakeFirstOrThrow();
  const unassigned = await unassignedTasks(db, plan.id);
  const period = planPeriod(plan.title, plan.year);
  const n = (v: unknown) => Number(v ?? 0);
  return {
    head: documentHead(ctx, plan, { mark: null, ...r.head }, null),
    planTitle: plan.title,
    topic: plan.topic,
    year: plan.year,
    // A list for part of the year is not the whole year's work.
    wholeYear: period.text === `${plan.year}年底前`,
    asOf,
    totals: {
      tasks: n(all.tasks) + unassigned.length,
      assignedTasks: n(all.tasks),
      unassignedTasks: unassigned.length,
      units: n(all.units),
      items: totals.due,
      done: totals.onTime + totals.late,
      onTime: totals.onTime,
      late: totals.late,
      submitted: totals.submitted,
      overdue: totals.overdue,
      notDue: totals.notDue,
      undated: n(undated.n),
      periodicItems: n(all.periodic),
      periods: reports.periods,
      periodsOnTime: reports.onTime,
      periodsLate: reports.late,
      periodsMissed: reports.missed,
      periodsNotDue: reports.notDue,
    },
    bySection: [...sections.values()]
      .sort((a, b) => a.first - b.first)
      .map((s) => ({ name: s.name, tasks: s.tasks.size, items: s.items, done: s.done })),
  };
}

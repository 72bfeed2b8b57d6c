import { sql } from 'kysely';
import type { NianbaoData } from '../reports/nianbao.js';
import { type ServiceContext, today } from './context.js';
import { documentHead, documentPlan, type HeadOptions } from './document-data.js';
import { dueNow } from './list-ledger.js';
import { authorize } from './policy.js';

/**
 * The figures of the 年报 section «年度政务公开重点工作任务落实情况», as the ledger stands today: tasks and
 * the assignments they were divided into, how many are closed (办结), waiting for review, overdue (as the ledger
 * derives it: open, and the date that matters now has passed), and the ongoing work's reports per period.
 */
export interface NianbaoRequest {
  planId: number;
  head?: HeadOptions;
}

const OPEN = ['not_started', 'in_progress', 'returned'];

export async function nianbaoData(ctx: ServiceContext, r: NianbaoRequest): Promise<NianbaoData> {
  authorize(ctx.actor, 'dashboard.read');
  const plan = await documentPlan(ctx, r.planId);
  const day = today(ctx);
  const db = ctx.store.db;
  const live = db
    .selectFrom('assignments as a')
    .innerJoin('tasks as t', 't.id', 'a.task_id')
    .where('a.plan_id', '=', plan.id)
    .where('a.removed_at', 'is', null)
    .where('t.removed_at', 'is', null);
  const sections = await live
    .select((eb) => [
      't.section_label',
      't.section_title',
      eb.fn.min('t.seq').as('first'),
      sql<number>`count(distinct a.task_id)`.as('tasks'),
      eb.fn.countAll<number>().as('items'),
      sql<number>`sum(case when a.state = 'done' then 1 else 0 end)`.as('done'),
    ])
    .groupBy(['t.section_label', 't.section_title'])
    .orderBy('first')
    .execute();
  const totals = await live
    .select((eb) => [
      sql<number>`count(distinct a.task_id)`.as('tasks'),
      sql<number>`count(distinct a.unit_id)`.as('units'),
      eb.fn.countAll<number>().as('items'),
      sql<number>`sum(case when a.state = 'done' then 1 else 0 end)`.as('done'),
      sql<number>`sum(case when a.state = 'submitted' then 1 else 0 end)`.as('submitted'),
      sql<number>`sum(case when a.periodic = 1 then 1 else 0 end)`.as('periodic'),
      eb.fn
        .sum<number>(
          eb
            .case()
            .when(eb.and([eb('a.state', 'in', OPEN), eb(dueNow(eb), '<', day)]))
            .then(1)
            .else(0)
            .end(),
        )
        .as('overdue'),
    ])
    .executeTakeFirstOrThrow();
  const periods = await live
    .innerJoin('periods as p', 'p.assignment_id', 'a.id')
    .select((eb) => [
      eb.fn.countAll<number>().as('due'),
      sql<number>`sum(case when p.reported_at is not null then 1 else 0 end)`.as('reported'),
    ])
    .where('a.periodic', '=', 1)
    .where('p.due', '<=', day)
    .executeTakeFirstOrThrow();
  const n = (v: unknown) => Number(v ?? 0);
  return {
    head: documentHead(ctx, plan, { mark: null, ...r.head }, null),
    planTitle: plan.title,
    topic: plan.topic,
    year: plan.year,
    asOf: day,
    totals: {
      tasks: n(totals.tasks),
      units: n(totals.units),
      items: n(totals.items),
      done: n(totals.done),
      submitted: n(totals.submitted),
      overdue: n(totals.overdue),
      periodicItems: n(totals.periodic),
      periodsDue: n(periods.due),
      periodsReported: n(periods.reported),
    },
    bySection: sections.map((s) => ({
      name: [s.section_label, s.section_title].filter(Boolean).join('、') || '（未分领域）',
      tasks: n(s.tasks),
      items: n(s.items),
      done: n(s.done),
    })),
  };
}

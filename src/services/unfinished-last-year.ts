import { type AssignmentState, STATE_LABELS } from '../domain/assignment.js';
import { AppError } from '../domain/errors.js';
import type { HistoryEntry, HuitoukanData, HuitoukanItem } from '../reports/huitoukan.js';
import { type ServiceContext, today } from './context.js';
import { chinaDay, documentHead, documentPlan, type HeadOptions } from './document-data.js';
import { authorize } from './policy.js';

/**
 * 回头看: last year's plan of the same jurisdiction, its assignments not finished — not closed, or for ongoing
 * work a period never reported — with what happened to each, and the task of this year's plan that carries it
 * over (tasks.carried_from_task_id, set by the carry-over service). Reads only; carrying over is not done here.
 */
export interface HuitoukanRequest {
  /** This year's plan. */
  planId: number;
  /** Last year's plan, when the jurisdiction had several. */
  previousPlanId?: number;
  head?: HeadOptions;
}

const REVIEW: Record<string, string> = { accept: '办结', return: '退回', reopen: '重新打开' };

export async function unfinishedLastYear(ctx: ServiceContext, r: HuitoukanRequest): Promise<HuitoukanData> {
  authorize(ctx.actor, 'dashboard.read');
  const plan = await documentPlan(ctx, r.planId);
  const db = ctx.store.db;
  // Of several plans last year, the one this plan carries tasks from, else the latest.
  const candidates = await db
    .selectFrom('plans as p')
    .select((eb) => [
      'p.id',
      eb
        .selectFrom('tasks as t')
        .innerJoin('tasks as c', 'c.carried_from_task_id', 't.id')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('t.plan_id', '=', 'p.id')
        .where('c.plan_id', '=', plan.id)
        .as('links'),
    ])
    .where('p.state', 'in', ['confirmed', 'archived'])
    .where('p.year', '=', plan.year - 1)
    .where((eb) => (plan.jurisdictionId ? eb('p.jurisdiction_id', '=', plan.jurisdictionId) : eb.lit(false)))
    .execute();
  candidates.sort((a, b) => Number(b.links ?? 0) - Number(a.links ?? 0) || Number(b.id) - Number(a.id));
  const prevId = r.previousPlanId ?? (candidates[0] ? Number(candidates[0].id) : null);
  if (prevId === null)
    throw new AppError('not-found', `没有找到同一发文机关${plan.year - 1}年度已下达的方案，无法“回头看”`);
  const prev = await documentPlan(ctx, prevId);

  const all = await db
    .selectFrom('assignments as a')
    .innerJoin('tasks as t', 't.id', 'a.task_id')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .select(['a.id', 'a.task_id', 'a.state', 'a.periodic', 'u.name as unit', 't.seq', 't.number', 't.text'])
    .select(['t.section_label', 't.section_title', 't.deadline_text'])
    .select((eb) =>
      eb
        .selectFrom('periods as p')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('p.assignment_id', '=', 'a.id')
        .where('p.reported_at', 'is', null)
        .as('unreported'),
    )
    .where('a.plan_id', '=', prev.id)
    .where('a.removed_at', 'is', null)
    .where('t.removed_at', 'is', null)
    .orderBy('t.seq')
    .orderBy('a.id')
    .execute();
  const open = all.filter((a) => (Number(a.periodic) === 1 ? Number(a.unreported ?? 0) > 0 : a.state !== 'done'));
  const history = await historyOf(
    ctx,
    open.map((a) => Number(a.id)),
  );
  const carried = new Map<number, string>();
  const links = await db
    .selectFrom('tasks')
    .select(['seq', 'carried_from_task_id'])
    .where('plan_id', '=', plan.id)
    .where('removed_at', 'is', null)
    .where('carried_from_task_id', 'is not', null)
    .execute();
  for (const l of links) carried.set(Number(l.carried_from_task_id), `第${l.seq}项`);

  const items: HuitoukanItem[] = [];
  let lastTask: number | null = null;
  for (const a of open) {
    const taskId = Number(a.task_id);
    let item = items.at(-1);
    if (!item || lastTask !== taskId) {
      lastTask = taskId;
      item = {
        section: [a.section_label, a.section_title].filter(Boolean).join('、') || null,
        task: `${a.number ? `${a.number}.` : ''}${a.text}`,
        deadline: a.deadline_text ?? '',
        units: [],
        carriedTo: carried.get(taskId) ?? null,
      };
      items.push(item);
    }
    item.units.push({
      unit: a.unit,
      state: STATE_LABELS[a.state as AssignmentState],
      history: history.get(Number(a.id)) ?? [],
    });
  }
  return {
    head: documentHead(ctx, plan, r.head ?? {}, '各有关单位'),
    topic: plan.topic,
    lastYear: prev.year,
    lastPlanTitle: prev.title,
    year: plan.year,
    planTitle: plan.title,
    asOf: today(ctx),
    totalItems: all.length,
    items,
  };
}

/** Reports, reviews and 延期 requests of each assignment, in time order. */
async function historyOf(ctx: ServiceContext, ids: number[]): Promise<Map<number, HistoryEntry[]>> {
  const out = new Map<number, (HistoryEntry & { at: string })[]>();
  const add = (id: number, at: string, what: string, text: string) =>
    out.set(id, [...(out.get(id) ?? []), { at, date: chinaDay(at), what, text }]);
  const db = ctx.store.db;
  for (let i = 0; i < ids.length; i += 500) {
    const slice = ids.slice(i, i + 500);
    for (const x of await db
      .selectFrom('progress_reports')
      .select(['assignment_id', 'created_at', 'claimed_state', 'text'])
      .where('assignment_id', 'in', slice)
      .execute())
      add(Number(x.assignment_id), x.created_at, x.claimed_state === 'complete' ? '申请办结' : '报送进展', x.text);
    for (const x of await db
      .selectFrom('reviews')
      .select(['assignment_id', 'created_at', 'decision', 'reason'])
      .where('assignment_id', 'in', slice)
      .execute())
      add(Number(x.assignment_id), x.created_at, REVIEW[x.decision] ?? x.decision, x.reason ?? '');
    for (const x of await db
      .selectFrom('extension_requests')
      .select(['assignment_id', 'created_at', 'requested_due', 'reason'])
      .where('assignment_id', 'in', slice)
      .execute())
      add(Number(x.assignment_id), x.created_at, `申请延期至${x.requested_due}`, x.reason);
  }
  const sorted = new Map<number, HistoryEntry[]>();
  for (const [id, list] of out)
    sorted.set(
      id,
      list.sort((a, b) => a.at.localeCompare(b.at)).map(({ date, what, text }) => ({ date, what, text })),
    );
  return sorted;
}

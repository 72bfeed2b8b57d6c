import { type AssignmentState, STATE_LABELS } from '../domain/assignment.js';
import { addDays, endOfMonth } from '../domain/deadline.js';
import { AppError } from '../domain/errors.js';
import { quarterOrYearLabel } from '../domain/scoring.js';
import type { Tally, TallyRow, TongbaoData } from '../reports/tongbao.js';
import { type ServiceContext, today } from './context.js';
import { chinaDay, documentHead, documentPlan, type HeadOptions } from './document-data.js';
import { authorize } from './policy.js';

/**
 * The 季度通报's figures, counted from the ledger. An item is an assignment due by the quarter's end; ongoing
 * work (reports per period) is an item when one of its periods is due by then. Counted up to the end of
 * `through` (the quarter's last day, or yesterday while the quarter runs):
 * - 按时完成: closed (已办结) and completed on or before its due date — completed being the day the unit claimed
 *   completion (the office's acceptance comes later and is not the unit's delay), else the day it was closed;
 *   ongoing work: every period due reported on or before its due date;
 * - 逾期完成: completed (every period reported) by `through`, but late;
 * - 待审核: claimed complete, waiting for the office;
 * - 逾期未完成: none of those, and due (a period due) on or before `through`;
 * - 未到期: the rest.
 */
export interface TongbaoRequest {
  planId: number;
  year: number;
  quarter: 1 | 2 | 3 | 4;
  head?: HeadOptions;
}

type Outcome = 'onTime' | 'late' | 'submitted' | 'overdue' | 'pending';

export async function tongbaoData(ctx: ServiceContext, r: TongbaoRequest): Promise<TongbaoData> {
  authorize(ctx.actor, 'dashboard.read');
  const plan = await documentPlan(ctx, r.planId);
  const start = `${r.year}-${String((r.quarter - 1) * 3 + 1).padStart(2, '0')}-01`;
  const end = endOfMonth(r.year, r.quarter * 3);
  const day = today(ctx);
  if (day <= start) throw new AppError('invalid-input', `${r.year}年第${r.quarter}季度尚未开始，无法通报`);
  const through = day > end ? end : addDays(day, -1);
  const db = ctx.store.db;
  const rows = await db
    .selectFrom('assignments as a')
    .innerJoin('tasks as t', 't.id', 'a.task_id')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .select([
      'a.id',
      'a.state',
      'a.due',
      'a.periodic',
      'a.completed_at',
      'u.name as unit',
      't.seq',
      't.number',
      't.text',
    ])
    .select(['t.section_label', 't.section_title'])
    .where('a.plan_id', '=', plan.id)
    .where('a.removed_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb.and([eb('a.periodic', '=', 0), eb('a.due', 'is not', null), eb('a.due', '<=', end)]),
        eb.and([
          eb('a.periodic', '=', 1),
          eb.exists(
            eb
              .selectFrom('periods as p')
              .select('p.id')
              .whereRef('p.assignment_id', '=', 'a.id')
              .where('p.due', '<=', end),
          ),
        ]),
      ]),
    )
    .orderBy('t.seq')
    .orderBy('a.id')
    .execute();
  const quarterLabel = quarterOrYearLabel(`${r.year}-Q${r.quarter}`);
  // A 通报 of nothing would read as if all were well.
  if (rows.length === 0)
    throw new AppError(
      'conflict',
      `《${plan.title}》没有应于${quarterLabel}末前完成的任务（任务无明确时限或尚未到期），无法形成季度通报`,
    );
  const ids = rows.map((a) => Number(a.id));
  const claims = new Map<number, string[]>();
  const periods = new Map<number, { due: string; reported: string | null }[]>();
  for (let i = 0; i < ids.length; i += 500) {
    const slice = ids.slice(i, i + 500);
    const c = await db
      .selectFrom('progress_reports')
      .select(['assignment_id', 'created_at'])
      .where('assignment_id', 'in', slice)
      .where('claimed_state', '=', 'complete')
      .orderBy('created_at')
      .execute();
    for (const x of c)
      claims.set(Number(x.assignment_id), [...(claims.get(Number(x.assignment_id)) ?? []), x.created_at]);
    const p = await db
      .selectFrom('periods')
      .select(['assignment_id', 'due', 'reported_at'])
      .where('assignment_id', 'in', slice)
      .where('due', '<=', end)
      .execute();
    for (const x of p) {
      const list = periods.get(Number(x.assignment_id)) ?? [];
      list.push({ due: x.due, reported: x.reported_at ? chinaDay(x.reported_at) : null });
      periods.set(Number(x.assignment_id), list);
    }
  }

  const outcome = (a: (typeof rows)[number]): Outcome => {
    const id = Number(a.id);
    if (Number(a.periodic) === 1) {
      const list = periods.get(id) ?? [];
      if (list.some((p) => p.due <= through && (!p.reported || p.reported > through))) return 'overdue';
      if (list.some((p) => !p.reported || p.reported > through)) return 'pending';
      return list.every((p) => p.reported! <= p.due) ? 'onTime' : 'late';
    }
    const claimed = claims.get(id) ?? [];
    if (a.state === 'done' && a.completed_at) {
      const claim = claimed.filter((c) => c <= a.completed_at!).at(-1) ?? a.completed_at;
      const done = chinaDay(claim);
      if (done <= through) return done <= a.due! ? 'onTime' : 'late';
    }
    const last = claimed.at(-1);
    if (a.state === 'submitted' && last && chinaDay(last) <= through) return 'submitted';
    return a.due! <= through ? 'overdue' : 'pending';
  };

  const totals = tally();
  const periodic = tally();
  const sections = new Map<string, TallyRow>();
  const units = new Map<string, TallyRow>();
  const overdueItems: TongbaoData['overdueItems'] = [];
  for (const a of rows) {
    const o = outcome(a);
    const section = [a.section_label, a.section_title].filter(Boolean).join('、') || '（未分领域）';
    for (const t of [totals, Number(a.periodic) === 1 ? periodic : null, row(sections, section), row(units, a.unit)])
      if (t) count(t, o);
    if (o === 'overdue')
      overdueItems.push({
        section,
        task: `${a.number ? `${a.number}.` : ''}${a.text}`,
        unit: a.unit,
        due: Number(a.periodic) === 1 ? '按季度报送' : a.due!,
        state: STATE_LABELS[a.state as AssignmentState],
      });
  }
  const byUnit = [...units.values()].sort((x, y) => byName(x.name, y.name));
  return {
    head: documentHead(ctx, plan, r.head ?? {}, '各有关单位'),
    planTitle: plan.title,
    topic: plan.topic,
    quarterLabel,
    through,
    totals: { ...totals, units: units.size },
    periodic,
    bySection: [...sections.values()],
    byUnit,
    onTimeUnits: byUnit.filter((u) => u.items > 0 && u.onTime === u.items).map((u) => u.name),
    laggingUnits: byUnit.filter((u) => u.overdue > 0).map((u) => u.name),
    overdueItems,
  };
}

/** Units in the order of their names as Chinese readers sort them (pinyin), not by any score. */
export function byName(a: string, b: string): number {
  return a.localeCompare(b, 'zh-Hans-CN');
}

function tally(): Tally {
  return { items: 0, onTime: 0, late: 0, submitted: 0, overdue: 0, pending: 0 };
}

function row(map: Map<string, TallyRow>, name: string): TallyRow {
  const r = map.get(name) ?? { name, ...tally() };
  map.set(name, r);
  return r;
}

function count(t: Tally, o: Outcome): void {
  t.items++;
  t[o]++;
}

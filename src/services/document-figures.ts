import { type AssignmentState, STATE_LABELS } from '../domain/assignment.js';
import {
  addPeriod,
  type DeliverableOutcome,
  defaultAsOf,
  deliverableOutcome,
  emptyPeriodTally,
  periodOutcome,
} from '../domain/counting.js';
import { endOfMonth } from '../domain/deadline.js';
import { AppError } from '../domain/errors.js';
import { quarterOrYearLabel } from '../domain/scoring.js';
import type { Tally, TallyRow, TongbaoData } from '../reports/tongbao.js';
import { figureFacts, unassignedTasks } from '../store/figures.js';
import { type ServiceContext, today } from './context.js';
import { documentHead, documentPlan, type HeadOptions } from './document-data.js';
import { authorize } from './policy.js';

/**
 * The 季度通报's figures, from the counting model (domain/counting.ts): the deliverables due in the quarter
 * (应完成) and their outcomes, by section and by unit; ongoing work as reporting periods due in the quarter
 * (按期报送 / 逾期报送 / 未报送), never among 应完成. Counted as of `asOf`: the quarter's last day by default, or
 * today while the quarter runs.
 */
export interface TongbaoRequest {
  planId: number;
  year: number;
  quarter: 1 | 2 | 3 | 4;
  /** The day the figures are counted on (ISO); default the quarter's end, or today while it runs. */
  asOf?: string;
  head?: HeadOptions;
}

export async function tongbaoData(ctx: ServiceContext, r: TongbaoRequest): Promise<TongbaoData> {
  authorize(ctx.actor, 'dashboard.read');
  const plan = await documentPlan(ctx, r.planId);
  const start = `${r.year}-${String((r.quarter - 1) * 3 + 1).padStart(2, '0')}-01`;
  const end = endOfMonth(r.year, r.quarter * 3);
  const asOf = r.asOf ?? defaultAsOf(end, today(ctx));
  if (asOf < start) throw new AppError('invalid-input', `${r.year}年第${r.quarter}季度尚未开始，无法通报`);
  const facts = await figureFacts(ctx.store.db, { from: start, to: end, planId: plan.id });
  const quarterLabel = quarterOrYearLabel(`${r.year}-Q${r.quarter}`);
  // A 通报 of nothing would read as if all were well.
  if (facts.deliverables.length + facts.periods.length === 0)
    throw new AppError(
      'conflict',
      `《${plan.title}》没有应于${quarterLabel}内完成或报送的任务（任务无明确时限或不在本季度到期），无法形成季度通报`,
    );
  const sectionOf = (taskId: number) => facts.tasks.get(taskId)?.section ?? '（未分领域）';
  const totals = tally();
  const reports = emptyPeriodTally();
  const sections = new Map<string, TallyRow>();
  const units = new Map<string, TallyRow>();
  const overdue: (TongbaoData['overdueItems'][number] & { seq: number; id: number })[] = [];
  const taskLine = (taskId: number) => {
    const t = facts.tasks.get(taskId);
    return t ? `${t.number ? `${t.number}.` : ''}${t.text}` : '';
  };
  for (const d of facts.deliverables) {
    const o = deliverableOutcome(d, asOf);
    for (const t of [totals, row(sections, sectionOf(d.taskId)), row(units, d.unitName)]) count(t, o);
    if (o === 'overdue')
      overdue.push({
        section: sectionOf(d.taskId),
        task: taskLine(d.taskId),
        unit: d.unitName,
        due: d.due,
        state: STATE_LABELS[d.state as AssignmentState] ?? d.state,
        seq: facts.tasks.get(d.taskId)?.seq ?? 0,
        id: d.assignmentId,
      });
  }
  for (const p of facts.periods) {
    const o = periodOutcome(p, asOf);
    addPeriod(reports, o);
    // A unit with only ongoing work still appears in the unit table, with nothing due to complete.
    row(units, p.unitName);
    if (o === 'missed')
      overdue.push({
        section: sectionOf(p.taskId),
        task: taskLine(p.taskId),
        unit: p.unitName,
        due: p.due,
        state: `${p.label.replace(/^\d{4}年/, '')}进展未报送`,
        seq: facts.tasks.get(p.taskId)?.seq ?? 0,
        id: p.assignmentId,
      });
  }
  overdue.sort((a, b) => a.seq - b.seq || a.id - b.id || a.due.localeCompare(b.due));
  const byUnit = [...units.values()].sort((x, y) => byName(x.name, y.name));
  const unassigned = await unassignedTasks(ctx.store.db, plan.id);
  return {
    head: documentHead(ctx, plan, r.head ?? {}, '各有关单位'),
    planTitle: plan.title,
    topic: plan.topic,
    quarterLabel,
    start,
    end,
    through: asOf,
    totals: { ...totals, units: units.size },
    reports,
    bySection: [...sections.values()],
    byUnit,
    onTimeUnits: byUnit.filter((u) => u.items > 0 && u.onTime === u.items).map((u) => u.name),
    laggingUnits: byUnit.filter((u) => u.overdue > 0).map((u) => u.name),
    overdueItems: overdue.map(({ seq: _s, id: _i, ...x }) => x),
    unassignedTasks: unassigned.length,
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

function count(t: Tally, o: DeliverableOutcome): void {
  t.items++;
  t[o === 'notDue' ? 'pending' : o]++;
}

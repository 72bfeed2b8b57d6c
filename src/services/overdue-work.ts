import { type AssignmentState, STATE_LABELS } from '../domain/assignment.js';
import { type OverdueItem, overdueItems } from '../domain/counting.js';
import { figureFacts } from '../store/figures.js';
import { type ServiceContext, today } from './context.js';
import { authorize } from './policy.js';

/**
 * What a unit has overdue on a day, by the counting model: deliverables 逾期未完成 and reporting periods 未报送
 * of the plans being watched (confirmed). The 催办单 lists exactly these and `urge` records exactly these.
 */
export interface OverdueWork extends OverdueItem {
  planTitle: string | null;
  taskText: string;
  taskNumber: string | null;
  deadlineText: string | null;
  /** The task's section as the ledger joins it («一 优化…»), or null. */
  section: string | null;
  /** 逾期未完成 items: the assignment's state label; 未报送 periods: «第一季度进展未报送». */
  stateLabel: string;
}

export async function overdueWork(
  ctx: ServiceContext,
  scope: { unitId?: string; planId?: number; asOf: string },
): Promise<OverdueWork[]> {
  const db = ctx.store.db;
  const facts = await figureFacts(db, {
    from: null,
    to: scope.asOf,
    liveOnly: true,
    ...(scope.unitId !== undefined ? { unitId: scope.unitId } : {}),
    ...(scope.planId !== undefined ? { planId: scope.planId } : {}),
  });
  const items = overdueItems(facts.deliverables, facts.periods, scope.asOf);
  const taskIds = [...new Set(items.map((i) => i.taskId))];
  const extra = new Map<number, { plan: string | null; deadline: string | null }>();
  for (let i = 0; i < taskIds.length; i += 500) {
    const rows = await db
      .selectFrom('tasks as t')
      .innerJoin('plans as p', 'p.id', 't.plan_id')
      .select(['t.id', 'p.title', 't.deadline_text'])
      .where('t.id', 'in', taskIds.slice(i, i + 500))
      .execute();
    for (const r of rows) extra.set(Number(r.id), { plan: r.title, deadline: r.deadline_text });
  }
  const states = new Map(facts.deliverables.map((d) => [d.assignmentId, d.state]));
  return items.map((i) => {
    const t = facts.tasks.get(i.taskId);
    const state = states.get(i.assignmentId) as AssignmentState | undefined;
    return {
      ...i,
      planTitle: extra.get(i.taskId)?.plan ?? null,
      taskText: t?.text ?? '',
      taskNumber: t?.number ?? null,
      deadlineText: extra.get(i.taskId)?.deadline ?? null,
      section: t?.section ?? null,
      stateLabel: i.period ? `${i.period.replace(/^\d{4}年/, '')}进展未报送` : state ? STATE_LABELS[state] : '未完成',
    };
  });
}

/** 督办: each unit's overdue items today (what `urge` would press), units in name order. */
export async function overdueByUnit(
  ctx: ServiceContext,
  planId?: number,
): Promise<{ unitId: string; unitName: string; items: number }[]> {
  authorize(ctx.actor, 'dashboard.read');
  const items = await overdueWork(ctx, { asOf: today(ctx), ...(planId !== undefined ? { planId } : {}) });
  const byUnit = new Map<string, { unitId: string; unitName: string; items: number }>();
  for (const i of items) {
    const u = byUnit.get(i.unitId) ?? { unitId: i.unitId, unitName: i.unitName, items: 0 };
    u.items++;
    byUnit.set(i.unitId, u);
  }
  return [...byUnit.values()].sort((a, b) => a.unitName.localeCompare(b.unitName, 'zh'));
}

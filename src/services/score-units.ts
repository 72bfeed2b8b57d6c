import { defaultAsOf, deliverableOutcome, periodOutcome } from '../domain/counting.js';
import { AppError } from '../domain/errors.js';
import {
  type Adjustment,
  DEFAULT_RULES,
  periodRange,
  type ScoreCard,
  type ScoredItem,
  type ScoringRules,
  scoreUnit,
} from '../domain/scoring.js';
import { appendAudit } from '../store/audit.js';
import { figureFacts } from '../store/figures.js';
import { isoNow, type ServiceContext, today } from './context.js';
import { authorize } from './policy.js';

/**
 * Scores every unit with work due in a period (or one unit), from the ledger and the rules in settings.
 * Units are listed by name: the scores are the 考核 result, not a league table of activity.
 */
export interface UnitScore {
  unitId: string;
  unitName: string;
  card: ScoreCard;
}

const RULES_KEY = 'scoring';

export async function scoringRules(ctx: ServiceContext): Promise<ScoringRules> {
  const row = await ctx.store.db.selectFrom('settings').select('value').where('key', '=', RULES_KEY).executeTakeFirst();
  return { ...DEFAULT_RULES, ...(row ? (JSON.parse(row.value) as Partial<ScoringRules>) : {}) };
}

export async function updateScoringRules(ctx: ServiceContext, patch: Partial<ScoringRules>): Promise<ScoringRules> {
  authorize(ctx.actor, 'reminder.send');
  const before = await scoringRules(ctx);
  const next = { ...before, ...patch };
  for (const k of [
    'full',
    'onTimeWeight',
    'overduePerItem',
    'overdueCap',
    'latePerItem',
    'lateCap',
    'annualReportPoints',
  ] as const) {
    if (!(Number.isFinite(next[k]) && next[k] >= 0 && next[k] <= 1000))
      throw new AppError('invalid-input', `考核规则 ${k} 须为 0–1000 的数`);
  }
  if (next.onTimeWeight > next.full) throw new AppError('invalid-input', '按时完成率分值不能超过总分');
  const at = isoNow(ctx);
  await ctx.store.transaction(async (trx) => {
    const value = JSON.stringify(next);
    await trx
      .insertInto('settings')
      .values({ key: RULES_KEY, value, updated_at: at })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: at }))
      .execute();
    await appendAudit(trx, ctx.store.dialect, at, [
      { actor: ctx.actor.id, action: 'scoring.rules', entity: 'settings', entityId: RULES_KEY, before, after: next },
    ]);
  });
  return next;
}

export async function addScoreAdjustment(
  ctx: ServiceContext,
  input: { unitId: string; period: string; points: number; reason: string },
): Promise<number> {
  authorize(ctx.actor, 'reminder.send');
  if (!periodRange(input.period))
    throw new AppError('invalid-input', `考核期格式应为 2024 或 2024-Q2：${input.period}`);
  if (!Number.isFinite(input.points) || input.points === 0 || Math.abs(input.points) > 100)
    throw new AppError('invalid-input', '加减分须为非零且绝对值不超过 100');
  if (!input.reason.trim()) throw new AppError('invalid-input', '加减分须写明理由');
  const at = isoNow(ctx);
  return ctx.store.transaction(async (trx) => {
    const unit = await trx.selectFrom('units').select('id').where('id', '=', input.unitId).executeTakeFirst();
    if (!unit) throw new AppError('invalid-input', `单位目录中没有 ${input.unitId}`);
    const row = await trx
      .insertInto('score_adjustments')
      .values({
        unit_id: input.unitId,
        period: input.period,
        points: input.points,
        reason: input.reason.trim(),
        created_by: ctx.actor.id,
        created_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendAudit(trx, ctx.store.dialect, at, [
      {
        actor: ctx.actor.id,
        action: 'scoring.adjust',
        entity: 'unit',
        entityId: input.unitId,
        after: { id: Number(row.id), ...input },
      },
    ]);
    return Number(row.id);
  });
}

export async function scoreUnits(
  ctx: ServiceContext,
  input: { period: string; planId?: number; unitId?: string; asOf?: string },
): Promise<{ period: string; start: string; end: string; asOf: string; rules: ScoringRules; units: UnitScore[] }> {
  authorize(ctx.actor, 'dashboard.read');
  const range = periodRange(input.period);
  if (!range) throw new AppError('invalid-input', `考核期格式应为 2024 或 2024-Q2：${input.period}`);
  // Judged as of the period's end (today while it runs): the same day the 通报 of that period counts on.
  const asOf = input.asOf ?? defaultAsOf(range.end, today(ctx));
  const rules = await scoringRules(ctx);
  const facts = await figureFacts(ctx.store.db, {
    from: range.start,
    to: range.end,
    ...(input.planId !== undefined ? { planId: input.planId } : {}),
    ...(input.unitId ? { unitId: input.unitId } : {}),
  });
  const items = new Map<string, { name: string; items: ScoredItem[] }>();
  const add = (unitId: string, name: string, item: ScoredItem) => {
    const entry = items.get(unitId) ?? { name, items: [] };
    entry.items.push(item);
    items.set(unitId, entry);
  };
  const text = (taskId: number) => facts.tasks.get(taskId)?.text ?? '';
  for (const d of facts.deliverables) {
    const outcome = deliverableOutcome(d, asOf);
    const accepted = d.closedOn ? (d.claims.filter((c) => c <= d.closedOn!).at(-1) ?? d.closedOn) : null;
    add(d.unitId, d.unitName, {
      assignmentId: d.assignmentId,
      taskText: text(d.taskId),
      due: d.due,
      period: null,
      outcome,
      completedOn: outcome === 'onTime' || outcome === 'late' ? accepted : null,
    });
  }
  for (const p of facts.periods)
    add(p.unitId, p.unitName, {
      assignmentId: p.assignmentId,
      taskText: text(p.taskId),
      due: p.due,
      period: p.label,
      outcome: periodOutcome(p, asOf),
      completedOn: p.reportedOn,
    });
  let adj = ctx.store.db
    .selectFrom('score_adjustments as s')
    .innerJoin('units as u', 'u.id', 's.unit_id')
    .select(['s.id', 's.unit_id', 'u.name', 's.points', 's.reason'])
    .where('s.period', '=', input.period);
  if (input.unitId) adj = adj.where('s.unit_id', '=', input.unitId);
  const adjustments = new Map<string, Adjustment[]>();
  for (const a of await adj.execute()) {
    if (!items.has(a.unit_id)) items.set(a.unit_id, { name: a.name, items: [] });
    adjustments.set(a.unit_id, [
      ...(adjustments.get(a.unit_id) ?? []),
      { id: Number(a.id), points: Number(a.points), reason: a.reason },
    ]);
  }
  const units = [...items]
    .map(([unitId, v]) => ({
      unitId,
      unitName: v.name,
      card: scoreUnit(v.items, adjustments.get(unitId) ?? [], rules),
    }))
    .sort((a, b) => a.unitName.localeCompare(b.unitName, 'zh'));
  return { period: input.period, start: range.start, end: range.end, asOf, rules, units };
}

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
const chinaDay = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);

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
  input: { period: string; planId?: number; unitId?: string },
): Promise<{ period: string; asOf: string; rules: ScoringRules; units: UnitScore[] }> {
  authorize(ctx.actor, 'dashboard.read');
  const range = periodRange(input.period);
  if (!range) throw new AppError('invalid-input', `考核期格式应为 2024 或 2024-Q2：${input.period}`);
  // Judged as of today: an item of a past quarter finished after its due date is late, one still open overdue.
  const asOf = today(ctx);
  const rules = await scoringRules(ctx);
  const db = ctx.store.db;
  let single = db
    .selectFrom('assignments as a')
    .innerJoin('plans as p', 'p.id', 'a.plan_id')
    .innerJoin('tasks as t', 't.id', 'a.task_id')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .select((eb) => [
      'a.id',
      'a.unit_id',
      'u.name',
      't.text',
      'a.due',
      'a.state',
      eb
        .selectFrom('progress_reports as r')
        .select((e) => e.fn.max('r.created_at').as('m'))
        .whereRef('r.assignment_id', '=', 'a.id')
        .where('r.claimed_state', '=', 'complete')
        .as('claimed_at'),
    ])
    .where('p.state', 'in', ['confirmed', 'archived'])
    .where('a.removed_at', 'is', null)
    .where('a.periodic', '=', 0)
    .where('a.due', '>=', range.start)
    .where('a.due', '<=', range.end);
  let periodic = db
    .selectFrom('periods as pe')
    .innerJoin('assignments as a', 'a.id', 'pe.assignment_id')
    .innerJoin('plans as p', 'p.id', 'a.plan_id')
    .innerJoin('tasks as t', 't.id', 'a.task_id')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .select(['a.id', 'a.unit_id', 'u.name', 't.text', 'pe.due', 'pe.label', 'pe.reported_at'])
    .where('p.state', 'in', ['confirmed', 'archived'])
    .where('a.removed_at', 'is', null)
    .where('pe.due', '>=', range.start)
    .where('pe.due', '<=', range.end);
  if (input.planId !== undefined) {
    single = single.where('a.plan_id', '=', input.planId);
    periodic = periodic.where('a.plan_id', '=', input.planId);
  }
  if (input.unitId) {
    single = single.where('a.unit_id', '=', input.unitId);
    periodic = periodic.where('a.unit_id', '=', input.unitId);
  }
  const items = new Map<string, { name: string; items: ScoredItem[] }>();
  const add = (unitId: string, name: string, item: ScoredItem) => {
    const entry = items.get(unitId) ?? { name, items: [] };
    entry.items.push(item);
    items.set(unitId, entry);
  };
  for (const r of await single.execute()) {
    const done = r.state === 'done' && r.claimed_at;
    add(r.unit_id, r.name, {
      assignmentId: Number(r.id),
      taskText: r.text,
      due: r.due!,
      period: null,
      completedOn: done ? chinaDay(String(r.claimed_at)) : null,
    });
  }
  for (const r of await periodic.execute()) {
    add(r.unit_id, r.name, {
      assignmentId: Number(r.id),
      taskText: r.text,
      due: r.due,
      period: r.label,
      completedOn: r.reported_at ? chinaDay(r.reported_at) : null,
    });
  }
  let adj = db
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
      card: scoreUnit(v.items, adjustments.get(unitId) ?? [], rules, asOf),
    }))
    .sort((a, b) => a.unitName.localeCompare(b.unitName, 'zh'));
  return { period: input.period, asOf, rules, units };
}

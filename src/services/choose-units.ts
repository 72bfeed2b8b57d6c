import type { Selectable, Transaction } from 'kysely';
import type { Deadline } from '../domain/deadline.js';
import { AppError } from '../domain/errors.js';
import type { UnitRole } from '../domain/plan.js';
import { scheduleFor } from '../domain/schedule.js';
import { appendAudit } from '../store/audit.js';
import { setUnitAliases } from '../store/directory.js';
import type { Database, PendingChoicesTable } from '../store/schema.js';
import { matchForm } from '../units/names.js';
import { isoNow, type ServiceContext } from './context.js';
import { newAssignmentRow, storedPlanYear } from './plan-rows.js';
import { authorize } from './policy.js';
import { insertAssignments } from './write-tasks.js';

/**
 * The office settles what import left open: the members of «有关单位» for one task, or the unit a name the
 * directory did not know stands for. The chosen units get assignments in the role the plan printed.
 *
 * An unknown name mapped to exactly one unit is, by default, recorded as that unit's alias: the next plan
 * printing it resolves it, and the same name still open elsewhere in this plan is settled with it.
 */
export interface ChooseOptions {
  /** Record the printed name as an alias of the one chosen unit (unknown names only); default on. */
  alias?: boolean;
}

export interface ChooseResult {
  /** Assignments added, on this task and on others printing the same name. */
  assignments: number;
  /** The alias recorded, if one was. */
  alias: string | null;
  /** Other open items of this plan with the same unknown name, settled with it. */
  alsoSettled: number;
}

export type PendingRow = Selectable<PendingChoicesTable>;

export async function chooseUnits(
  ctx: ServiceContext,
  pendingId: number,
  unitIds: readonly string[],
  options: ChooseOptions = {},
): Promise<ChooseResult> {
  authorize(ctx.actor, 'plan.edit');
  const ids = [...new Set(unitIds)];
  if (ids.length === 0) throw new AppError('invalid-input', '请至少选择一个单位');
  const at = isoNow(ctx);
  const result = await ctx.store.transaction(async (trx) => {
    const choice = await openChoice(trx, pendingId);
    const units = await trx.selectFrom('units').select(['id', 'active']).where('id', 'in', ids).execute();
    const known = new Set(units.map((u) => u.id));
    const missing = ids.filter((id) => !known.has(id));
    if (missing.length) throw new AppError('invalid-input', `目录中没有这些单位：${missing.join('、')}`);
    const asAlias = choice.kind === 'unknown' && ids.length === 1 && options.alias !== false;
    if (asAlias) authorize(ctx.actor, 'directory.edit');
    let n = await settleChoice(trx, ctx, choice, ids, at);
    if (!asAlias) return { assignments: n, alias: null, alsoSettled: 0 };
    const alias = await recordAlias(trx, ctx, ids[0]!, choice.printed, at);
    const same = await settleSameName(trx, ctx, choice, ids[0]!, at);
    n += same.assignments;
    return { assignments: n, alias, alsoSettled: same.settled };
  });
  return result;
}

/** The open item, or why it cannot be settled. */
export async function openChoice(trx: Transaction<Database>, pendingId: number): Promise<PendingRow> {
  const choice = await trx.selectFrom('pending_choices').selectAll().where('id', '=', pendingId).executeTakeFirst();
  if (!choice) throw new AppError('not-found', `没有编号为 ${pendingId} 的待定事项`);
  if (choice.resolved_at) throw new AppError('conflict', '该事项已处理');
  return choice;
}

/** Assigns the units to the item's task in the role the plan printed, and marks the item settled. */
export async function settleChoice(
  trx: Transaction<Database>,
  ctx: ServiceContext,
  choice: PendingRow,
  ids: readonly string[],
  at: string,
): Promise<number> {
  const task = await trx
    .selectFrom('tasks')
    .select(['id', 'deadline_json'])
    .where('id', '=', choice.task_id)
    .executeTakeFirstOrThrow();
  const plan = await trx
    .selectFrom('plans')
    .select(['year'])
    .where('id', '=', choice.plan_id)
    .executeTakeFirstOrThrow();
  const existing = await trx
    .selectFrom('assignments')
    .select('unit_id')
    .where('task_id', '=', task.id)
    .where('removed_at', 'is', null)
    .execute();
  const have = new Set(existing.map((e) => e.unit_id));
  const deadline = task.deadline_json ? (JSON.parse(task.deadline_json) as Deadline) : null;
  const schedule = scheduleFor(deadline, { year: storedPlanYear(plan.year, at) });
  const rows = ids
    .filter((id) => !have.has(id))
    .map((unitId) =>
      newAssignmentRow(
        {
          planId: Number(choice.plan_id),
          taskId: Number(task.id),
          unitId,
          role: choice.role as UnitRole,
          printed: choice.printed,
          viaGroup: true,
        },
        schedule,
        at,
      ),
    );
  const n = await insertAssignments(trx, rows, new Map([[Number(task.id), schedule.periods]]));
  await trx.updateTable('pending_choices').set({ resolved_at: at }).where('id', '=', choice.id).execute();
  await appendAudit(trx, ctx.store.dialect, at, [
    {
      actor: ctx.actor.id,
      action: 'plan.choose-units',
      entity: 'task',
      entityId: Number(task.id),
      before: { printed: choice.printed },
      after: { units: [...ids] },
    },
  ]);
  return n;
}

/** The same unknown name still open on other tasks of the plan now stands for the same unit. */
export async function settleSameName(
  trx: Transaction<Database>,
  ctx: ServiceContext,
  choice: PendingRow,
  unitId: string,
  at: string,
): Promise<{ settled: number; assignments: number }> {
  const others = await trx
    .selectFrom('pending_choices')
    .selectAll()
    .where('plan_id', '=', choice.plan_id)
    .where('printed', '=', choice.printed)
    .where('kind', '=', 'unknown')
    .where('resolved_at', 'is', null)
    .where('id', '<>', choice.id)
    .orderBy('id')
    .execute();
  let assignments = 0;
  for (const other of others) assignments += await settleChoice(trx, ctx, other, [unitId], at);
  return { settled: others.length, assignments };
}

/** Adds `printed` to the unit's aliases unless it already names it; returns the alias recorded, if any. */
export async function recordAlias(
  trx: Transaction<Database>,
  ctx: ServiceContext,
  unitId: string,
  printed: string,
  at: string,
): Promise<string | null> {
  const row = await trx
    .selectFrom('units')
    .select(['name', 'aliases'])
    .where('id', '=', unitId)
    .executeTakeFirstOrThrow();
  const before = JSON.parse(row.aliases) as string[];
  const key = matchForm(printed);
  if ([row.name, ...before].some((n) => matchForm(n) === key)) return null;
  const after = [...before, printed];
  await setUnitAliases(trx, unitId, after, at);
  await appendAudit(trx, ctx.store.dialect, at, [
    {
      actor: ctx.actor.id,
      action: 'unit.alias',
      entity: 'unit',
      entityId: unitId,
      before: { aliases: before },
      after: { aliases: after },
    },
  ]);
  return printed;
}

import type { Deadline } from '../domain/deadline.js';
import { AppError } from '../domain/errors.js';
import type { UnitRole } from '../domain/plan.js';
import { scheduleFor } from '../domain/schedule.js';
import { appendAudit } from '../store/audit.js';
import { isoNow, type ServiceContext } from './context.js';
import { authorize } from './policy.js';
import { insertAssignments } from './write-tasks.js';

/**
 * The office settles what import left open: the members of «有关单位» for one task, or the unit a name the
 * directory did not know stands for. The chosen units get assignments in the role the plan printed.
 */
export async function chooseUnits(
  ctx: ServiceContext,
  pendingId: number,
  unitIds: readonly string[],
): Promise<{ assignments: number }> {
  authorize(ctx.actor, 'plan.edit');
  const ids = [...new Set(unitIds)];
  if (ids.length === 0) throw new AppError('invalid-input', '请至少选择一个单位');
  const at = isoNow(ctx);
  return ctx.store.transaction(async (trx) => {
    const choice = await trx.selectFrom('pending_choices').selectAll().where('id', '=', pendingId).executeTakeFirst();
    if (!choice) throw new AppError('not-found', `没有编号为 ${pendingId} 的待定事项`);
    if (choice.resolved_at) throw new AppError('conflict', '该事项已处理');
    const units = await trx.selectFrom('units').select(['id', 'active']).where('id', 'in', ids).execute();
    const known = new Set(units.map((u) => u.id));
    const missing = ids.filter((id) => !known.has(id));
    if (missing.length) throw new AppError('invalid-input', `目录中没有这些单位：${missing.join('、')}`);
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
    const schedule = scheduleFor(deadline, { year: Number(plan.year ?? new Date(at).getUTCFullYear()) });
    const rows = ids
      .filter((id) => !have.has(id))
      .map((unitId) => ({
        plan_id: Number(choice.plan_id),
        task_id: Number(task.id),
        unit_id: unitId,
        role: choice.role as UnitRole,
        printed: choice.printed,
        via_group: 1,
        state: 'not_started',
        due: schedule.due,
        ongoing: schedule.ongoing ? 1 : 0,
        periodic: schedule.periods.length > 0 ? 1 : 0,
        created_at: at,
        updated_at: at,
        completed_at: null,
        removed_at: null,
      }));
    const n = await insertAssignments(trx, rows, new Map([[Number(task.id), schedule.periods]]));
    await trx.updateTable('pending_choices').set({ resolved_at: at }).where('id', '=', pendingId).execute();
    await appendAudit(trx, ctx.store.dialect, at, [
      {
        actor: ctx.actor.id,
        action: 'plan.choose-units',
        entity: 'task',
        entityId: Number(task.id),
        before: { printed: choice.printed },
        after: { units: ids },
      },
    ]);
    return { assignments: n };
  });
}

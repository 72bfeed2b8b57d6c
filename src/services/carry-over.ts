import { AppError } from '../domain/errors.js';
import type { UnitRole } from '../domain/plan.js';
import { scheduleFor } from '../domain/schedule.js';
import { readDeadlineText } from '../parse/index.js';
import { appendAudit } from '../store/audit.js';
import { isoNow, type ServiceContext } from './context.js';
import { newAssignmentRow, storedPlanYear } from './plan-rows.js';
import { authorize } from './policy.js';
import { insertAssignments, nextTaskSeq } from './write-tasks.js';

/**
 * 回头看: last year's unfinished tasks carried into this year's plan. Each unfinished task becomes a task of
 * the new plan under «上年度未完成事项», linked to the old one (its history stays where it was and is shown
 * through the link), assigned again to the units that had not finished, with a deadline in the new year (the
 * office's, else 年底前) so that it is watched, reminded and scored like any other task. Work already begun
 * carries on as 推进中. Carrying twice adds nothing.
 */
export const CARRIED_SECTION = '上年度未完成事项（回头看）';

const BEGUN = new Set(['in_progress', 'submitted', 'returned']);

export async function carryOver(
  ctx: ServiceContext,
  input: { fromPlanId: number; toPlanId: number; deadlineText?: string },
): Promise<{ tasks: number; assignments: number; deadline: string }> {
  authorize(ctx.actor, 'plan.edit');
  if (input.fromPlanId === input.toPlanId)
    throw new AppError('invalid-input', '回头看须从上一年度的方案转入本年度方案');
  const at = isoNow(ctx);
  return ctx.store.transaction(async (trx) => {
    const [from, to] = await Promise.all(
      [input.fromPlanId, input.toPlanId].map((id) =>
        trx.selectFrom('plans').select(['id', 'state', 'year', 'title']).where('id', '=', id).executeTakeFirst(),
      ),
    );
    if (!from || !to) throw new AppError('not-found', '方案不存在');
    if (to.state === 'archived') throw new AppError('conflict', '本年度方案已归档');
    const year = storedPlanYear(to.year, at);
    const deadlineText = input.deadlineText?.trim() || `${year}年底前`;
    const deadline = readDeadlineText(deadlineText, { year, issueDate: null });
    if (deadline.kind === 'unknown')
      throw new AppError(
        'invalid-input',
        `无法识别完成时限「${deadlineText.slice(0, 40)}」，请写作如「${year}年6月底前」`,
      );
    const schedule = scheduleFor(deadline, { year });
    const open = await trx
      .selectFrom('assignments as a')
      .innerJoin('tasks as t', 't.id', 'a.task_id')
      .select([
        't.id as task_id',
        't.number',
        't.name',
        't.text',
        't.units_text',
        't.key',
        'a.unit_id',
        'a.role',
        'a.printed',
        'a.state',
      ])
      .where('a.plan_id', '=', input.fromPlanId)
      .where('a.removed_at', 'is', null)
      .where('t.removed_at', 'is', null)
      .where('a.state', '<>', 'done')
      .orderBy('t.seq')
      .orderBy('a.id')
      .execute();
    const carried = await trx
      .selectFrom('tasks')
      .select('carried_from_task_id')
      .where('plan_id', '=', input.toPlanId)
      .where('carried_from_task_id', 'is not', null)
      .execute();
    const already = new Set(carried.map((c) => Number(c.carried_from_task_id)));
    let seq = (await nextTaskSeq(trx, input.toPlanId)) - 1;
    const byTask = new Map<number, typeof open>();
    for (const o of open)
      if (!already.has(Number(o.task_id))) byTask.set(Number(o.task_id), [...(byTask.get(Number(o.task_id)) ?? []), o]);
    let assignments = 0;
    for (const [oldId, rows] of byTask) {
      const first = rows[0]!;
      const task = await trx
        .insertInto('tasks')
        .values({
          plan_id: input.toPlanId,
          seq: ++seq,
          key: first.key,
          section_label: null,
          section_title: CARRIED_SECTION,
          group_label: null,
          group_title: null,
          number: first.number,
          name: first.name,
          text: first.text,
          units_text: first.units_text,
          deadline_text: deadline.text,
          deadline_kind: deadline.kind,
          deadline_due: deadline.due ?? null,
          deadline_json: JSON.stringify(deadline),
          deadline_source: 'office',
          status_text: null,
          note_text: `转自《${from.title ?? '上年度方案'}》`,
          span_start: null,
          span_end: null,
          page: null,
          removed_at: null,
          parent_task_id: null,
          carried_from_task_id: oldId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const taskId = Number(task.id);
      assignments += await insertAssignments(
        trx,
        rows.map((r) =>
          newAssignmentRow(
            {
              planId: input.toPlanId,
              taskId,
              unitId: r.unit_id,
              role: r.role as UnitRole,
              printed: r.printed,
              viaGroup: false,
            },
            schedule,
            at,
            BEGUN.has(r.state) ? 'in_progress' : 'not_started',
          ),
        ),
        new Map([[taskId, schedule.periods]]),
      );
    }
    await appendAudit(trx, ctx.store.dialect, at, [
      {
        actor: ctx.actor.id,
        action: 'plan.carry-over',
        entity: 'plan',
        entityId: input.toPlanId,
        after: { from: input.fromPlanId, tasks: [...byTask.keys()], assignments, deadline: deadline.text },
      },
    ]);
    return { tasks: byTask.size, assignments, deadline: deadline.text };
  });
}

import type { Deadline } from '../domain/deadline.js';
import { AppError } from '../domain/errors.js';
import type { PlanTask, PlanUnit, UnitRole } from '../domain/plan.js';
import { scheduleFor } from '../domain/schedule.js';
import { readDeadlineText, readUnitsText } from '../parse/index.js';
import { appendAudit } from '../store/audit.js';
import { assignTask } from '../units/assign.js';
import { isoNow, type ServiceContext } from './context.js';
import { currentDirectory } from './directory.js';
import { storedPlanYear } from './plan-rows.js';
import { authorize } from './policy.js';
import { reconcileAssignments } from './revise-plan.js';
import { type OutlineInput, optionalField, outlineRef, requirementText } from './task-fields.js';

/**
 * The office corrects a task where the parse got it wrong: its requirement text, name, responsible units
 * (typed as the plan would print them, «县财政局牵头，县审计局配合», or listed with roles) or deadline. Units
 * and deadline are read with the parser's own grammar, then resolved and scheduled as at import; assignments
 * already reported on are kept. The outline place (章节, 分组), the task's printed number, 完成情况 and 备注 are
 * plain text, named as the parse contract names them. Allowed while the plan is a draft or in force, never
 * once archived.
 */
export interface TaskPatch {
  text?: string;
  name?: string | null;
  unitsText?: string;
  units?: { name: string; role: UnitRole }[];
  deadlineText?: string | null;
  section?: OutlineInput | null;
  group?: OutlineInput | null;
  number?: string | null;
  status?: string | null;
  note?: string | null;
}

export async function editTask(ctx: ServiceContext, taskId: number, patch: TaskPatch): Promise<void> {
  authorize(ctx.actor, 'plan.edit');
  if (patch.text !== undefined) requirementText(patch.text);
  const section = patch.section !== undefined ? outlineRef(patch.section, '章节') : undefined;
  const group = patch.group !== undefined ? outlineRef(patch.group, '分组') : undefined;
  const number = patch.number !== undefined ? optionalField(patch.number, 'number') : undefined;
  const status = patch.status !== undefined ? optionalField(patch.status, 'status') : undefined;
  const note = patch.note !== undefined ? optionalField(patch.note, 'note') : undefined;
  if (patch.units) {
    for (const u of patch.units) {
      if (!u.name?.trim()) throw new AppError('invalid-input', '单位名称（units.name）不能为空');
      if (!['lead', 'cooperate', 'responsible'].includes(u.role))
        throw new AppError('invalid-input', `未知的角色（units.role）：${u.role}`);
    }
  }
  const at = isoNow(ctx);
  const dir = await currentDirectory(ctx.store);
  await ctx.store.transaction(async (trx) => {
    const task = await trx
      .selectFrom('tasks as t')
      .innerJoin('plans as p', 'p.id', 't.plan_id')
      .select([
        't.id',
        't.plan_id',
        't.text',
        't.name',
        't.units_text',
        't.deadline_text',
        't.deadline_json',
        't.section_label',
        't.section_title',
        't.group_label',
        't.group_title',
        't.number',
        't.status_text',
        't.note_text',
        'p.state',
        'p.year',
        'p.issue_date',
        'p.jurisdiction_id',
        't.removed_at',
      ])
      .where('t.id', '=', taskId)
      .executeTakeFirst();
    if (!task || task.removed_at) throw new AppError('not-found', `没有编号为 ${taskId} 的任务`);
    if (task.state === 'archived') throw new AppError('conflict', '方案已归档，不能修改');
    const text = patch.text?.trim() ?? task.text;
    const unitsText =
      patch.unitsText?.trim() ?? (patch.units ? patch.units.map((u) => u.name).join('、') : task.units_text);
    let units: PlanUnit[] | null = null;
    if (patch.units) units = patch.units.map((u) => ({ name: u.name.trim(), role: u.role }));
    else if (patch.unitsText !== undefined) {
      units = readUnitsText(patch.unitsText);
      if (patch.unitsText.trim() && units.length === 0)
        throw new AppError('invalid-input', `没有从「${patch.unitsText}」中识别出单位名称`);
    }
    const year = storedPlanYear(task.year, at);
    let deadline: Deadline | null = task.deadline_json ? (JSON.parse(task.deadline_json) as Deadline) : null;
    if (patch.deadlineText !== undefined) {
      deadline = patch.deadlineText?.trim()
        ? readDeadlineText(patch.deadlineText.trim(), { year, issueDate: task.issue_date })
        : null;
    }
    await trx
      .updateTable('tasks')
      .set({
        text,
        name: patch.name !== undefined ? patch.name : task.name,
        units_text: unitsText,
        deadline_text: deadline?.text ?? null,
        deadline_kind: deadline?.kind ?? null,
        deadline_due: deadline?.due ?? null,
        deadline_json: deadline ? JSON.stringify(deadline) : null,
        // The office's own date overrides wherever the parser found one (时限栏, 备注, 正文, 方案期限).
        ...(patch.deadlineText !== undefined
          ? { deadline_source: deadline ? 'office' : null, deadline_span_start: null, deadline_span_end: null }
          : {}),
        ...(section !== undefined
          ? { section_label: section?.label ?? null, section_title: section?.title ?? null }
          : {}),
        ...(group !== undefined ? { group_label: group?.label ?? null, group_title: group?.title ?? null } : {}),
        ...(number !== undefined ? { number } : {}),
        ...(status !== undefined ? { status_text: status } : {}),
        ...(note !== undefined ? { note_text: note } : {}),
      })
      .where('id', '=', taskId)
      .execute();
    if ((units || patch.deadlineText !== undefined) && task.jurisdiction_id) {
      const current = units ?? (await currentUnits(trx, taskId));
      const fanOut = assignTask({ units: current, text } as Pick<PlanTask, 'units' | 'text'>, dir, {
        jurisdictionId: task.jurisdiction_id,
      });
      const schedule = scheduleFor(deadline, { year });
      await reconcileAssignments(
        trx,
        Number(task.plan_id),
        taskId,
        { task: { units: current, text } as PlanTask, schedule, fanOut },
        at,
      );
    }
    // The outline place, number, 完成情况 and 备注 enter the record only when this edit touched them.
    const placeBefore: Record<string, unknown> = {};
    const placeAfter: Record<string, unknown> = {};
    if (section !== undefined) {
      placeBefore.section = refOf(task.section_label, task.section_title);
      placeAfter.section = section;
    }
    if (group !== undefined) {
      placeBefore.group = refOf(task.group_label, task.group_title);
      placeAfter.group = group;
    }
    if (number !== undefined) [placeBefore.number, placeAfter.number] = [task.number, number];
    if (status !== undefined) [placeBefore.status, placeAfter.status] = [task.status_text, status];
    if (note !== undefined) [placeBefore.note, placeAfter.note] = [task.note_text, note];
    await appendAudit(trx, ctx.store.dialect, at, [
      {
        actor: ctx.actor.id,
        action: 'task.edit',
        entity: 'task',
        entityId: taskId,
        before: {
          text: task.text,
          name: task.name,
          unitsText: task.units_text,
          deadlineText: task.deadline_text,
          ...placeBefore,
        },
        after: {
          text,
          name: patch.name !== undefined ? patch.name : task.name,
          unitsText,
          deadlineText: deadline?.text ?? null,
          ...placeAfter,
        },
      },
    ]);
  });
}

function refOf(label: string | null, title: string | null): { label: string; title: string } | null {
  return label || title ? { label: label ?? '', title: title ?? '' } : null;
}

/** The units a task names now, as its live assignments print them (one per printed name). */
async function currentUnits(
  trx: Parameters<Parameters<ServiceContext['store']['transaction']>[0]>[0],
  taskId: number,
): Promise<PlanUnit[]> {
  const rows = await trx
    .selectFrom('assignments')
    .select(['printed', 'role'])
    .where('task_id', '=', taskId)
    .where('removed_at', 'is', null)
    .execute();
  const pending = await trx
    .selectFrom('pending_choices')
    .select(['printed', 'role'])
    .where('task_id', '=', taskId)
    .execute();
  const seen = new Map<string, UnitRole>();
  for (const r of [...rows, ...pending]) if (r.printed && !seen.has(r.printed)) seen.set(r.printed, r.role as UnitRole);
  return [...seen].map(([name, role]) => ({ name, role }));
}

/** Takes a task out of a plan (a paragraph the parser mistook for a task, or a task cut in revision). Kept, marked removed. */
export async function removeTask(ctx: ServiceContext, taskId: number, reason: string): Promise<void> {
  authorize(ctx.actor, 'plan.edit');
  if (!reason.trim()) throw new AppError('invalid-input', '删除任务须写明理由');
  const at = isoNow(ctx);
  await ctx.store.transaction(async (trx) => {
    const t = await trx
      .selectFrom('tasks as t')
      .innerJoin('plans as p', 'p.id', 't.plan_id')
      .select(['t.text', 't.removed_at', 'p.state'])
      .where('t.id', '=', taskId)
      .executeTakeFirst();
    if (!t || t.removed_at) throw new AppError('not-found', `没有编号为 ${taskId} 的任务`);
    if (t.state === 'archived') throw new AppError('conflict', '方案已归档，不能修改');
    await trx.updateTable('tasks').set({ removed_at: at }).where('id', '=', taskId).execute();
    await trx
      .updateTable('assignments')
      .set({ removed_at: at })
      .where('task_id', '=', taskId)
      .where('removed_at', 'is', null)
      .execute();
    await trx.deleteFrom('pending_choices').where('task_id', '=', taskId).where('resolved_at', 'is', null).execute();
    await appendAudit(trx, ctx.store.dialect, at, [
      {
        actor: ctx.actor.id,
        action: 'task.remove',
        entity: 'task',
        entityId: taskId,
        before: { text: t.text },
        after: { reason: reason.trim() },
      },
    ]);
  });
}

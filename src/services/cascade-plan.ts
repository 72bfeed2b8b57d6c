import { createHash } from 'node:crypto';
import { AppError } from '../domain/errors.js';
import { type ParsedPlan, PLAN_FORMAT_VERSION, type UnitRole } from '../domain/plan.js';
import { appendAudit } from '../store/audit.js';
import { isoNow, type ServiceContext } from './context.js';
import { currentDirectory } from './directory.js';
import { authorize } from './policy.js';

/**
 * A department's own plan cut from a higher plan (seed 003 is 江门市公安局's, cut from 江门市's): the
 * tasks the higher plan assigns to the department, each linked to the task it came from, waiting to be
 * decomposed to the department's internal sections (each task opens a choice among its sections; see
 * chooseUnits). It starts as a draft like any imported plan.
 */
export async function cascadePlan(
  ctx: ServiceContext,
  input: { fromPlanId: number; unitId: string },
): Promise<{ planId: number; tasks: number }> {
  authorize(ctx.actor, 'plan.import');
  const dir = await currentDirectory(ctx.store);
  const unit = dir.units.get(input.unitId);
  if (!unit) throw new AppError('invalid-input', `单位目录中没有 ${input.unitId}`);
  const sections = dir.children(unit.id).filter((u) => u.active);
  const at = isoNow(ctx);
  return ctx.store.transaction(async (trx) => {
    const parent = await trx.selectFrom('plans').selectAll().where('id', '=', input.fromPlanId).executeTakeFirst();
    if (!parent) throw new AppError('not-found', `没有编号为 ${input.fromPlanId} 的方案`);
    if (parent.state !== 'confirmed') throw new AppError('conflict', '只能从已下达的方案分解');
    const rows = await trx
      .selectFrom('tasks as t')
      .innerJoin('assignments as a', 'a.task_id', 't.id')
      .selectAll('t')
      .select('a.role')
      .where('t.plan_id', '=', input.fromPlanId)
      .where('t.removed_at', 'is', null)
      .where('a.unit_id', '=', unit.id)
      .where('a.removed_at', 'is', null)
      .orderBy('t.seq')
      .execute();
    if (rows.length === 0) throw new AppError('conflict', `《${parent.title ?? '方案'}》没有分给${unit.name}的任务`);
    const title = `${unit.name}落实《${parent.title ?? '上级方案'}》任务分解方案`;
    const parse: ParsedPlan = {
      version: PLAN_FORMAT_VERSION,
      title,
      meta: {
        issuer: unit.name,
        docNumber: null,
        issueDate: null,
        year: parent.year === null ? null : Number(parent.year),
        cites: [{ title: parent.title ?? '', docNumber: parent.doc_number }],
      },
      source: { name: null, format: 'cascade', encoding: null, pages: null, chars: 0 },
      layout: 'cascade',
      sections: [],
      tasks: [],
      warnings: [],
    };
    const plan = await trx
      .insertInto('plans')
      .values({
        title,
        issuer: unit.name,
        doc_number: null,
        issue_date: null,
        year: parent.year,
        jurisdiction_id: unit.id,
        state: 'draft',
        parent_plan_id: input.fromPlanId,
        revision: 1,
        source_name: null,
        source_format: 'cascade',
        source_sha256: createHash('sha256')
          .update(rows.map((r) => String(r.id)).join(','))
          .digest('hex'),
        parse_json: JSON.stringify(parse),
        created_at: at,
        confirmed_at: null,
        archived_at: null,
        source_text: null,
        published_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const planId = Number(plan.id);
    const printed = `${unit.name}内设机构`;
    const suggestions = JSON.stringify(sections.map((s) => ({ unitId: s.id, name: s.name })));
    for (const [i, r] of rows.entries()) {
      const task = await trx
        .insertInto('tasks')
        .values({
          plan_id: planId,
          seq: i + 1,
          key: r.key,
          section_label: r.section_label,
          section_title: r.section_title,
          group_label: r.group_label,
          group_title: r.group_title,
          number: r.number,
          name: r.name,
          text: r.text,
          units_text: printed,
          deadline_text: r.deadline_text,
          deadline_kind: r.deadline_kind,
          deadline_due: r.deadline_due,
          deadline_json: r.deadline_json,
          deadline_source: r.deadline_source,
          deadline_printed: r.deadline_printed,
          status_text: null,
          note_text: null,
          span_start: null,
          span_end: null,
          page: null,
          removed_at: null,
          parent_task_id: Number(r.id),
          carried_from_task_id: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('pending_choices')
        .values({
          plan_id: planId,
          task_id: Number(task.id),
          printed,
          role: r.role as UnitRole,
          kind: 'choose',
          suggestions,
          resolved_at: null,
        })
        .execute();
    }
    await appendAudit(trx, ctx.store.dialect, at, [
      {
        actor: ctx.actor.id,
        action: 'plan.cascade',
        entity: 'plan',
        entityId: planId,
        after: { from: input.fromPlanId, unit: unit.id, tasks: rows.map((r) => Number(r.id)) },
      },
    ]);
    return { planId, tasks: rows.length };
  });
}

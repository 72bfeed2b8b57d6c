import { AppError } from '../domain/errors.js';
import { matchForm } from '../units/names.js';
import { resolveName } from '../units/resolve.js';
import type { ServiceContext } from './context.js';
import { currentDirectory } from './directory.js';

/**
 * The assignment meant by «task 12, unit 市卫健委»: the unit given by id, by its name or an alias, or by any
 * form the plan's place would print it in; without a unit, the task's only assignment (or the acting unit
 * user's own).
 */
export async function findAssignment(ctx: ServiceContext, taskId: number, unitRef?: string): Promise<number> {
  if (!Number.isSafeInteger(taskId) || taskId <= 0) throw new AppError('invalid-input', `任务编号无效：${taskId}`);
  const rows = await ctx.store.db
    .selectFrom('assignments as a')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .innerJoin('plans as p', 'p.id', 'a.plan_id')
    .select(['a.id', 'a.unit_id', 'u.name', 'u.aliases', 'p.jurisdiction_id'])
    .where('a.task_id', '=', taskId)
    .where('a.removed_at', 'is', null)
    .execute();
  if (rows.length === 0) throw new AppError('not-found', `任务 ${taskId} 不存在或没有责任单位`);
  const ref = unitRef?.trim() || (ctx.actor.role === 'unit' ? ctx.actor.unitId : null);
  if (!ref) {
    if (rows.length === 1) return Number(rows[0]!.id);
    throw new AppError(
      'invalid-input',
      `任务 ${taskId} 有 ${rows.length} 个责任单位，请用 --unit 指明：${rows.map((r) => r.name).join('、')}`,
    );
  }
  const form = matchForm(ref);
  const direct = rows.filter(
    (r) =>
      r.unit_id === ref ||
      matchForm(r.name) === form ||
      (JSON.parse(r.aliases) as string[]).some((a) => matchForm(a) === form),
  );
  if (direct.length === 1) return Number(direct[0]!.id);
  const jurisdiction = rows[0]!.jurisdiction_id;
  if (jurisdiction) {
    const r = resolveName(await currentDirectory(ctx.store), ref, { jurisdictionId: jurisdiction });
    if (r.kind === 'unit') {
      const hit = rows.find((x) => x.unit_id === r.unit.id);
      if (hit) return Number(hit.id);
    }
  }
  throw new AppError(
    'not-found',
    `任务 ${taskId} 没有分给「${ref}」；责任单位有：${rows.map((r) => r.name).join('、')}`,
  );
}

import { AppError } from '../domain/errors.js';
import { KIND_LABELS, type Unit, type UnitKind } from '../domain/unit.js';
import { appendAudit } from '../store/audit.js';
import { upsertDirectory } from '../store/directory.js';
import { matchForm } from '../units/names.js';
import { levelUnder, newUnitId } from '../units/new-unit.js';
import { openChoice, settleChoice, settleSameName } from './choose-units.js';
import { isoNow, type ServiceContext } from './context.js';
import { currentDirectory } from './directory.js';
import { authorize } from './policy.js';

/**
 * «新建单位» for a name the directory did not know, in one step: the unit is added (the printed form kept
 * as its alias when the office names it in full), the task — and any other task of the plan printing the
 * same name — is assigned to it, and both are audited, all in one transaction.
 */
export interface NewUnitInput {
  name: string;
  parentId: string | null;
  kind: UnitKind;
}

export async function createUnitForPending(
  ctx: ServiceContext,
  pendingId: number,
  input: NewUnitInput,
): Promise<{ unitId: string; assignments: number; alsoSettled: number }> {
  authorize(ctx.actor, 'plan.edit');
  authorize(ctx.actor, 'directory.edit');
  const name = input.name.trim();
  if (!name || name.length > 100) throw new AppError('invalid-input', '单位名称（name）不能为空，且不超过 100 字');
  if (!(input.kind in KIND_LABELS)) throw new AppError('invalid-input', `单位类型（kind）${input.kind} 无效`);
  const dir = await currentDirectory(ctx.store);
  const parent = input.parentId ? dir.units.get(input.parentId) : null;
  if (input.parentId && !parent)
    throw new AppError('invalid-input', `上级单位（parentId）${input.parentId} 不在目录中`);
  const id = newUnitId(name, input.kind);
  const key = matchForm(name);
  const same = dir.named(name).find((e) => e.kind === 'unit' && matchForm(e.unit.name) === key);
  if (dir.units.has(id) || same) throw new AppError('conflict', `目录中已有「${name}」，请直接指定该单位`);
  const at = isoNow(ctx);
  const result = await ctx.store.transaction(async (trx) => {
    const choice = await openChoice(trx, pendingId);
    if (choice.kind !== 'unknown')
      throw new AppError('conflict', `「${choice.printed}」不是目录中没有的单位，请从目录中指定`);
    const unit: Unit = {
      id,
      name,
      aliases: matchForm(choice.printed) === key ? [] : [choice.printed],
      kind: input.kind,
      level: levelUnder(parent ?? null, input.kind),
      parentId: parent?.id ?? null,
      active: true,
      successorId: null,
    };
    await upsertDirectory(trx, { units: [unit], groups: [] }, at);
    await appendAudit(trx, ctx.store.dialect, at, [
      { actor: ctx.actor.id, action: 'unit.create', entity: 'unit', entityId: id, before: null, after: unit },
    ]);
    const n = await settleChoice(trx, ctx, choice, [id], at);
    const more = await settleSameName(trx, ctx, choice, id, at);
    return { unitId: id, assignments: n + more.assignments, alsoSettled: more.settled };
  });
  return result;
}

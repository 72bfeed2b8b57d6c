import { AppError } from '../domain/errors.js';
import type { DirectoryData, Unit, UnitGroup } from '../domain/unit.js';
import { appendAudit } from '../store/audit.js';
import { directoryVersion, loadDirectory, upsertDirectory } from '../store/directory.js';
import type { Store } from '../store/store.js';
import { Directory } from '../units/directory.js';
import { members } from '../units/groups.js';
import { isoNow, type ServiceContext } from './context.js';
import { authorize } from './policy.js';

/**
 * The directory as the resolver needs it, rebuilt only when the stored directory changed: building the
 * indexes for a province's 10,000 units costs more than the queries that use them.
 */
const cache = new WeakMap<Store, { stamp: number; directory: Directory }>();

export async function currentDirectory(store: Store): Promise<Directory> {
  const stamp = await directoryVersion(store.db);
  const hit = cache.get(store);
  if (hit && hit.stamp === stamp) return hit.directory;
  const directory = new Directory(await loadDirectory(store.db));
  cache.set(store, { stamp, directory });
  return directory;
}

/** Adds or replaces units and groups (by id); units are never deleted, only marked abolished. */
export async function importDirectory(
  ctx: ServiceContext,
  data: DirectoryData,
): Promise<{ units: number; groups: number }> {
  authorize(ctx.actor, 'directory.edit');
  const at = isoNow(ctx);
  await ctx.store.transaction(async (trx) => {
    await upsertDirectory(trx, data, at);
    await appendAudit(trx, ctx.store.dialect, at, [
      {
        actor: ctx.actor.id,
        action: 'directory.import',
        entity: 'directory',
        entityId: '-',
        after: { units: data.units.map((u) => u.id), groups: data.groups.map((g) => g.id) },
      },
    ]);
  });
  return { units: data.units.length, groups: data.groups.length };
}

export async function exportDirectory(ctx: ServiceContext): Promise<DirectoryData> {
  authorize(ctx.actor, 'directory.read');
  return loadDirectory(ctx.store.db);
}

/** A unit named on the command line or in a filter: by id, full name or alias (unique), or an error. */
export async function findUnit(ctx: ServiceContext, ref: string): Promise<string> {
  const dir = await currentDirectory(ctx.store);
  if (dir.units.has(ref)) return ref;
  const units = dir.named(ref).flatMap((e) => (e.kind === 'unit' ? [e.unit] : []));
  if (units.length === 1) return units[0]!.id;
  if (units.length > 1) {
    throw new AppError(
      'invalid-input',
      `「${ref}」对应多个单位，请用编号指明：${units.map((u) => `${u.id}（${u.name}）`).join('、')}`,
    );
  }
  throw new AppError('not-found', `单位目录中没有「${ref}」`);
}

/** Adds or changes one unit (the directory screen); a unit is abolished, never deleted. */
export async function saveUnit(ctx: ServiceContext, unit: Unit): Promise<void> {
  authorize(ctx.actor, 'directory.edit');
  if (!unit.id.trim() || unit.id.length > 200)
    throw new AppError('invalid-input', '单位编号（id）不能为空，且不超过 200 字');
  if (!unit.name.trim() || unit.name.length > 100)
    throw new AppError('invalid-input', '单位名称（name）不能为空，且不超过 100 字');
  const dir = await currentDirectory(ctx.store);
  if (unit.parentId && !dir.units.has(unit.parentId))
    throw new AppError('invalid-input', `上级单位（parentId）${unit.parentId} 不在目录中`);
  if (unit.successorId && !dir.units.has(unit.successorId))
    throw new AppError('invalid-input', `继任单位（successorId）${unit.successorId} 不在目录中`);
  if (unit.parentId === unit.id || dir.ancestors(unit.parentId ?? '').some((a) => a.id === unit.id))
    throw new AppError('invalid-input', '上级单位不能是它自己或它的下级');
  const before = dir.units.get(unit.id) ?? null;
  const at = isoNow(ctx);
  await ctx.store.transaction(async (trx) => {
    await upsertDirectory(trx, { units: [unit], groups: [] }, at);
    await appendAudit(trx, ctx.store.dialect, at, [
      {
        actor: ctx.actor.id,
        action: before ? 'unit.update' : 'unit.create',
        entity: 'unit',
        entityId: unit.id,
        before,
        after: unit,
      },
    ]);
  });
}

/** How many units each group resolves to now (null for a group the office chooses per task). */
export async function groupMemberCounts(ctx: ServiceContext): Promise<Record<string, number | null>> {
  authorize(ctx.actor, 'directory.read');
  const dir = await currentDirectory(ctx.store);
  const out: Record<string, number | null> = {};
  for (const g of dir.groups.values()) out[g.id] = members(g.rule, dir)?.length ?? null;
  return out;
}

/**
 * Adds a group (`create`: its id must be new) or changes one (it must exist): its name, aliases and rule.
 * Every unit a rule names must be in the directory.
 */
export async function saveGroup(ctx: ServiceContext, input: UnitGroup, options: { create: boolean }): Promise<void> {
  authorize(ctx.actor, 'directory.edit');
  const group: UnitGroup = {
    id: input.id.trim(),
    name: input.name.trim(),
    aliases: [...new Set(input.aliases.map((a) => a.trim()).filter(Boolean))],
    rule: input.rule,
  };
  if (!group.id || group.id.length > 200)
    throw new AppError('invalid-input', '群组编号（id）不能为空，且不超过 200 字');
  if (!group.name || group.name.length > 100)
    throw new AppError('invalid-input', '群组名称（name）不能为空，且不超过 100 字');
  if (group.aliases.some((a) => a.length > 100)) throw new AppError('invalid-input', '群组别名不能超过 100 字');
  const dir = await currentDirectory(ctx.store);
  const before = dir.groups.get(group.id) ?? null;
  if (options.create && before) throw new AppError('conflict', `群组编号 ${group.id} 已存在`);
  if (!options.create && !before) throw new AppError('not-found', `单位目录中没有群组 ${group.id}`);
  if (dir.units.has(group.id)) throw new AppError('conflict', `编号 ${group.id} 已是一个单位的编号`);
  const known = (id: string, field: string): void => {
    if (!dir.units.has(id)) throw new AppError('invalid-input', `${field} ${id} 不在单位目录中`);
  };
  const rule = group.rule;
  switch (rule.type) {
    case 'members': {
      const ids = [...new Set(rule.memberIds)];
      if (ids.length === 0) throw new AppError('invalid-input', '请至少选择一个成员单位');
      for (const id of ids) known(id, '成员单位');
      group.rule = { type: 'members', memberIds: ids };
      break;
    }
    case 'children':
      known(rule.parentId, '上级单位');
      if (rule.kinds && rule.kinds.length === 0) throw new AppError('invalid-input', '请至少选择一种单位类别');
      break;
    case 'level':
      known(rule.jurisdictionId, '辖区');
      if (rule.kinds.length === 0) throw new AppError('invalid-input', '请至少选择一种单位类别');
      break;
    case 'choose':
      break;
  }
  const at = isoNow(ctx);
  await ctx.store.transaction(async (trx) => {
    await upsertDirectory(trx, { units: [], groups: [group] }, at);
    await appendAudit(trx, ctx.store.dialect, at, [
      {
        actor: ctx.actor.id,
        action: before ? 'group.update' : 'group.create',
        entity: 'unit_group',
        entityId: group.id,
        before,
        after: group,
      },
    ]);
  });
}

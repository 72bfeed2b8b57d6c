import type { Kysely, Transaction } from 'kysely';
import type { DirectoryData, GroupRule, Unit, UnitGroup, UnitKind, UnitLevel } from '../domain/unit.js';
import type { Database, UnitGroupsTable, UnitsTable } from './schema.js';

/** The unit directory as rows, and back. */
export async function loadDirectory(db: Kysely<Database>): Promise<DirectoryData> {
  const [units, groups] = await Promise.all([
    db.selectFrom('units').selectAll().orderBy('id').execute(),
    db.selectFrom('unit_groups').selectAll().orderBy('id').execute(),
  ]);
  return { units: units.map(unitFromRow), groups: groups.map(groupFromRow) };
}

export function unitFromRow(r: UnitsTable): Unit {
  return {
    id: r.id,
    name: r.name,
    aliases: JSON.parse(r.aliases) as string[],
    kind: r.kind as UnitKind,
    level: r.level as UnitLevel,
    parentId: r.parent_id,
    active: Number(r.active) === 1,
    successorId: r.successor_id,
    ...(r.division_code ? { divisionCode: r.division_code } : {}),
  };
}

export function unitRow(u: Unit, at: string): UnitsTable {
  return {
    id: u.id,
    name: u.name,
    aliases: JSON.stringify(u.aliases),
    kind: u.kind,
    level: u.level,
    parent_id: u.parentId,
    active: u.active ? 1 : 0,
    successor_id: u.successorId,
    updated_at: at,
    division_code: u.divisionCode ?? null,
  };
}

export function groupFromRow(r: UnitGroupsTable): UnitGroup {
  return { id: r.id, name: r.name, aliases: JSON.parse(r.aliases) as string[], rule: JSON.parse(r.rule) as GroupRule };
}

export function groupRow(g: UnitGroup, at: string): UnitGroupsTable {
  return { id: g.id, name: g.name, aliases: JSON.stringify(g.aliases), rule: JSON.stringify(g.rule), updated_at: at };
}

/** Every change to units or groups raises the directory's version in its transaction (migration 0008). */
export async function bumpDirectoryVersion(trx: Transaction<Database>): Promise<void> {
  await trx
    .updateTable('directory_version')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('id', '=', 1)
    .execute();
}

/** The directory's version, for caches of it. */
export async function directoryVersion(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('directory_version').select('version').where('id', '=', 1).executeTakeFirst();
  return Number(row?.version ?? 0);
}

/** A unit's aliases, replaced. */
export async function setUnitAliases(
  trx: Transaction<Database>,
  unitId: string,
  aliases: readonly string[],
  at: string,
): Promise<void> {
  await trx
    .updateTable('units')
    .set({ aliases: JSON.stringify(aliases), updated_at: at })
    .where('id', '=', unitId)
    .execute();
  await bumpDirectoryVersion(trx);
}

/** Inserts or replaces units and groups by id. */
export async function upsertDirectory(trx: Transaction<Database>, data: DirectoryData, at: string): Promise<void> {
  if (data.units.length === 0 && data.groups.length === 0) return;
  await bumpDirectoryVersion(trx);
  for (let i = 0; i < data.units.length; i += 500) {
    await trx
      .insertInto('units')
      .values(data.units.slice(i, i + 500).map((u) => unitRow(u, at)))
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          aliases: eb.ref('excluded.aliases'),
          kind: eb.ref('excluded.kind'),
          level: eb.ref('excluded.level'),
          parent_id: eb.ref('excluded.parent_id'),
          active: eb.ref('excluded.active'),
          successor_id: eb.ref('excluded.successor_id'),
          updated_at: eb.ref('excluded.updated_at'),
          // A directory sheet carries no division codes: a unit set up from the division data keeps its code.
          division_code: eb.fn.coalesce(eb.ref('excluded.division_code'), eb.ref('units.division_code')),
        })),
      )
      .execute();
  }
  for (let i = 0; i < data.groups.length; i += 500) {
    await trx
      .insertInto('unit_groups')
      .values(data.groups.slice(i, i + 500).map((g) => groupRow(g, at)))
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          aliases: eb.ref('excluded.aliases'),
          rule: eb.ref('excluded.rule'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
}

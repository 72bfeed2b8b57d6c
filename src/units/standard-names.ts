import { STANDARD_DEPARTMENTS, type StandardDepartment } from '../domain/standard-departments.js';
import type { Unit, UnitLevel } from '../domain/unit.js';
import { placeOf } from './directory.js';
import { matchForm } from './names.js';
import { ACCEPT } from './resolve.js';
import { sameUnitName } from './similarity.js';

/**
 * The standard name (after the 2018 机构改革) of a department a plan prints in short or old form, under the
 * government it belongs to: «县卫健局» in a 庆元县 plan → «庆元县卫生健康局», «市发改委» under 潮州市 →
 * «潮州市发展和改革委员会». A listed short form wins; otherwise the abbreviation rule picks the closest name
 * the government's level uses (局 and 委 told apart by what was printed). Null when nothing fits: the name
 * is then proposed as printed. Only ever a suggestion: the office adds the unit.
 */
export function standardDepartment(local: string, level: UnitLevel): StandardDepartment | null {
  const name = matchForm(local);
  const usable = STANDARD_DEPARTMENTS.filter((d) => d.levels.includes(level));
  const direct = usable.find((d) => d.name === name) ?? usable.find((d) => d.short.includes(name));
  if (direct) return direct;
  let best: { d: StandardDepartment; confidence: number } | null = null;
  for (const d of usable) {
    const m = sameUnitName(name, d.name);
    if (m && m.confidence >= ACCEPT && (!best || m.confidence > best.confidence))
      best = { d, confidence: m.confidence };
  }
  return best?.d ?? null;
}

/** The standard full name under `government`, for a name printed without its place (卫健局, 县卫健局's rest). */
export function standardName(local: string, government: Unit): string | null {
  const place = placeOf(government);
  const rest = local.startsWith(place) ? local.slice(place.length) : local;
  const level = government.level === 'township' ? null : government.level;
  if (!level || level === 'section') return null;
  const d = standardDepartment(rest, level);
  return d ? place + d.name : null;
}

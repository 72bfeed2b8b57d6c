import { fold } from '../domain/fold.js';
import type { ParsedPlan } from '../domain/plan.js';
import type { Unit, UnitLevel } from '../domain/unit.js';
import type { Directory } from './directory.js';

/**
 * Who issued a plan, as far as its own text says: the place (潮州市, 庆元县) and its level, and, for a
 * department's plan («江门市公安局2022年…方案»), the department — whose internal sections its tasks go to.
 */
export interface PlanJurisdiction {
  place: string;
  level: UnitLevel;
  department: string | null;
}

const PLACE = /([\u4e00-\u9fa5]{2,7}?(?:自治区|自治州|自治县|省|市|州|县|区|旗))/;
const DEPARTMENT = /^([\u4e00-\u9fa5]{2,14}?(?:局|委员会|委|办公室|办|厅|中心|院))/;

export function planJurisdiction(plan: ParsedPlan): PlanJurisdiction | null {
  const sources = [plan.title, plan.meta.issuer, ...plan.meta.cites.map(() => null)]
    .filter((s): s is string => !!s)
    .map((s) =>
      fold(s)
        .replace(/\s+/g, '')
        .replace(/^(?:19|20)\d{2}年(?:度)?/, ''),
    );
  for (const s of sources) {
    const m = PLACE.exec(s);
    if (!m || m.index > 2) continue;
    const place = m[1]!;
    const after = s.slice(m.index + place.length);
    const dept = DEPARTMENT.exec(after);
    // A department's own plan: «江门市公安局2022年…», not «潮州市2022年…» or «揭阳市人民政府办公室».
    const department =
      dept && !/^人民政府|^政府/.test(after) && /^\d{4}年|政务|工作|重点/.test(after.slice(dept[1]!.length))
        ? place + dept[1]!
        : null;
    return { place, level: levelOfPlace(place), department };
  }
  return null;
}

export function levelOfPlace(place: string): UnitLevel {
  if (/(?:省|自治区)$/.test(place)) return 'province';
  if (/(?:市|州|自治州)$/.test(place)) return 'city';
  return 'county';
}

/**
 * The directory unit that issued the plan: the department for a department's plan, else the place's
 * government (by its id, its full name, or its place name).
 */
export function findIssuer(dir: Directory, j: PlanJurisdiction): Unit | null {
  const named = (name: string, kind?: string): Unit | null => {
    for (const e of dir.named(name)) if (e.kind === 'unit' && (!kind || e.unit.kind === kind)) return e.unit;
    return null;
  };
  if (j.department) {
    const dept = dir.units.get(`unit:${j.department}`) ?? named(j.department);
    if (dept) return dept;
  }
  return (
    dir.units.get(`gov:${j.place}`) ??
    named(`${j.place}人民政府`, 'government') ??
    named(`${j.place}政府`, 'government') ??
    named(j.place, 'government')
  );
}

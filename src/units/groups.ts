import type { GroupRule, Unit, UnitKind, UnitLevel } from '../domain/unit.js';
import type { Directory } from './directory.js';
import { matchForm } from './names.js';

/**
 * Group expressions of the genre and the membership they mean, relative to the plan's jurisdiction:
 * - «各县、区人民政府（管委会）», «各县市区政府», «各地» — the county-level governments (and management
 *   committees when named);
 * - «各乡镇（街道）», «各乡（镇）人民政府，街道办事处», «各乡镇» — the township-level governments; «街道» alone
 *   only the streets' offices;
 * - «市直各单位», «市政府各部门», «各直属机构» — the units under the government, of the named kinds;
 * - «各单位», «各科室» in a department's plan — its internal sections;
 * - «市直有关单位», «其他单位按职能分工落实», «相关部门» — chosen by the office when assigning.
 */
export type GroupPattern =
  | { type: 'level'; level: UnitLevel; kinds: UnitKind[]; committees: boolean; streetsOnly?: boolean }
  | { type: 'children'; of: 'government' | 'issuer'; kinds: UnitKind[] }
  | { type: 'choose' };

export function groupPattern(printed: string): GroupPattern | null {
  const n = matchForm(printed);
  if (/有关|相关|其他|其它|部分|涉及/.test(n)) return { type: 'choose' };
  // «市卫健委等公共企事业单位行政主管部门», «政策措施牵头起草、组织实施单位»: described by function, not named.
  if (/等.{2,}(?:单位|部门|机构)$/.test(n) || (/(?:单位|部门|机关)$/.test(n) && !/^(?:省|市|县|区)?直|各/.test(n))) {
    return { type: 'choose' };
  }
  if (
    /^各?(?:县|区|市|旗)?[（、]?(?:县|区|市|旗)[、）]?(?:区)?[）]?(?:人民)?政府(?:（管委会）|（管理委员会）)?$/.test(
      n,
    ) &&
    /^各/.test(n)
  ) {
    const city = /^各(?:设区市|地级以上市|市[（(])/.test(n) || /^各市、/.test(n);
    return { type: 'level', level: city ? 'city' : 'county', kinds: ['government'], committees: /管委会/.test(n) };
  }
  if (/^各(?:设区市|地级以上市|县市区|县区|县市|县|区|市)(?:政府)?$/.test(n) || n === '各地') {
    return {
      type: 'level',
      level: /^各(?:设区市|地级以上市)$/.test(n) ? 'city' : 'county',
      kinds: ['government'],
      committees: false,
    };
  }
  // «街道» alone (printed beside «各乡镇») means the streets' offices only.
  if (/^各?街道(?:办事处|办)?$/.test(n)) {
    return { type: 'level', level: 'township', kinds: ['government'], committees: false, streetsOnly: true };
  }
  if (
    /^各?(?:乡镇|乡（镇）|镇|乡|镇街|镇（街道）|乡镇（街道）|乡（镇、街道）|乡镇街道)(?:人民政府|政府|办事处)?$/.test(
      n,
    ) ||
    // «各乡（镇）人民政府，街道办事处», «各乡镇人民政府、街道办事处», «各镇政府（街道办事处）»
    /^各?(?:乡镇|乡（镇）|镇|乡)(?:人民政府|政府)?[，,、（]?街道(?:办事处)?）?$/.test(n)
  ) {
    return { type: 'level', level: 'township', kinds: ['government'], committees: false };
  }
  if (/^(?:省|市|县|区)?直各?(?:单位|部门|机关)$/.test(n) || /^(?:省|市|县|区)直(?:属)?各(?:单位|部门)$/.test(n)) {
    return {
      type: 'children',
      of: 'government',
      kinds: /部门/.test(n) ? ['department'] : ['department', 'institution'],
    };
  }
  if (/^(?:省|市|县|区)?(?:人民)?政府各(?:部门|单位|工作部门)$/.test(n) || n === '各部门') {
    return { type: 'children', of: 'government', kinds: ['department'] };
  }
  if (/^各?直属(?:机构|单位|事业单位)$/.test(n)) return { type: 'children', of: 'government', kinds: ['institution'] };
  if (/^各(?:单位|科室|处室|股室|业务科室|责任科室|部门|内设机构)$/.test(n)) {
    return { type: 'children', of: 'issuer', kinds: ['section', 'department'] };
  }
  if (/^各/.test(n)) return { type: 'choose' };
  return null;
}

/** The rule a pattern means for a plan issued at `jurisdiction` (a government, or a department for its sections). */
export function ruleFor(pattern: GroupPattern, jurisdiction: Unit, dir: Directory): GroupRule {
  const government = dir.government(jurisdiction.id) ?? jurisdiction;
  switch (pattern.type) {
    case 'choose':
      return { type: 'choose' };
    case 'level':
      return {
        type: 'level',
        jurisdictionId: government.id,
        level: pattern.level,
        kinds: pattern.kinds,
        ...(pattern.committees ? { withCommittees: true } : {}),
        ...(pattern.streetsOnly ? { streetsOnly: true } : {}),
      };
    case 'children':
      return {
        type: 'children',
        parentId: pattern.of === 'issuer' ? jurisdiction.id : government.id,
        kinds: pattern.kinds,
      };
  }
}

/** The member units of a rule, current units only (abolished ones replaced by their successors); null for `choose`. */
export function members(rule: GroupRule, dir: Directory): Unit[] | null {
  let list: Unit[];
  switch (rule.type) {
    case 'choose':
      return null;
    case 'members':
      list = rule.memberIds.flatMap((id) => dir.units.get(id) ?? []);
      break;
    case 'children':
      list = dir.children(rule.parentId).filter((u) => !rule.kinds || rule.kinds.includes(u.kind));
      break;
    case 'level':
      list = dir
        .descendants(rule.jurisdictionId)
        .filter((u) => u.level === rule.level && rule.kinds.includes(u.kind))
        .filter((u) => rule.withCommittees || !/管委会|管理委员会$/.test(u.name))
        .filter((u) => !rule.streetsOnly || /(?:街道|地区)(?:办事处)?$/.test(u.name));
      break;
  }
  const seen = new Set<string>();
  const out: Unit[] = [];
  for (const u of list) {
    const c = dir.current(u);
    if (!seen.has(c.id) && c.active) {
      seen.add(c.id);
      out.push(c);
    }
  }
  return out;
}

import type { ParsedPlan } from '../domain/plan.js';
import type { DirectoryData, Unit, UnitGroup, UnitKind, UnitLevel } from '../domain/unit.js';
import { isGroupExpression } from '../domain/unit-names.js';
import { Directory, levelOf } from './directory.js';
import { groupPattern, ruleFor } from './groups.js';
import { type PlanJurisdiction, planJurisdiction } from './jurisdiction.js';
import { matchForm, splitLevel, typed } from './names.js';
import { ACCEPT } from './resolve.js';
import { sameUnitName } from './similarity.js';

/**
 * A proposed directory from parsed plans, for the office to confirm: a government for each place the plans
 * come from (and the department, for a department's plan), every unit name they print placed under it and
 * clustered with its other forms (市卫健委 and 市卫生健康局 are one unit), and every group expression
 * with the membership rule its wording means. The longest form of a name becomes the canonical one.
 */
export interface Cluster {
  unit: Unit;
  /** Every form the plans printed for this unit. */
  printed: string[];
}

export interface Suggestion {
  directory: DirectoryData;
  clusters: Cluster[];
  groups: UnitGroup[];
}

interface Seen {
  printed: string;
  local: string;
  parent: Unit;
  level: UnitLevel;
  section: boolean;
  foreign?: boolean;
}

export function suggestDirectory(plans: readonly ParsedPlan[]): Suggestion {
  const units = new Map<string, Unit>();
  const groups = new Map<string, UnitGroup>();
  const seen: Seen[] = [];
  const government = (place: string, level: UnitLevel): Unit => {
    const id = `gov:${place}`;
    let u = units.get(id);
    if (!u) {
      u = {
        id,
        name: `${place}人民政府`,
        aliases: [`${place}政府`],
        kind: 'government',
        level,
        parentId: null,
        active: true,
        successorId: null,
      };
      units.set(id, u);
    }
    return u;
  };
  for (const plan of plans) {
    const j: PlanJurisdiction | null = planJurisdiction(plan);
    if (!j) continue;
    const gov = government(j.place, j.level);
    let issuer = gov;
    if (j.department) {
      const id = `unit:${j.department}`;
      if (!units.has(id)) {
        units.set(id, {
          id,
          name: j.department,
          aliases: [],
          kind: 'department',
          level: j.level,
          parentId: gov.id,
          active: true,
          successorId: null,
        });
      }
      issuer = units.get(id)!;
    }
    for (const task of plan.tasks) {
      for (const u of task.units) {
        const printed = u.name;
        const form = matchForm(printed);
        const pattern = groupPattern(form);
        if (pattern || isGroupExpression(form)) {
          const key = `group:${issuer.id}:${form}`;
          if (!groups.has(key)) {
            const dir = new Directory({ units: [...units.values()], groups: [] });
            groups.set(key, {
              id: key,
              name: printed,
              aliases: [],
              rule: pattern ? ruleFor(pattern, issuer, dir) : { type: 'choose' },
            });
          }
          continue;
        }
        const { level, rest } = splitLevel(form);
        const section = issuer !== gov && !level;
        // «市生态环境局庆元分局» in a county's plan belongs to the city above, which the plan does not name:
        // kept as printed, under the county, for the office to place.
        const foreign = level !== null && levelOf(level) !== j.level;
        const local = section || foreign ? form : level ? rest : form;
        seen.push({
          printed,
          local,
          parent: section ? issuer : gov,
          level: section ? 'section' : foreign ? levelOf(level!) : j.level,
          section,
          foreign,
        });
      }
    }
  }
  // Cluster the forms seen under each parent: one unit per cluster.
  const clusters: Cluster[] = [];
  const byParent = new Map<string, Seen[]>();
  for (const s of seen) byParent.set(s.parent.id, [...(byParent.get(s.parent.id) ?? []), s]);
  for (const [, list] of byParent) {
    const locals = [...new Set(list.map((s) => s.local))];
    const root = locals.map((_, i) => i);
    const find = (i: number): number => {
      let r = i;
      while (root[r] !== r) r = root[r]!;
      root[i] = r;
      return r;
    };
    for (let a = 0; a < locals.length; a++) {
      for (let b = a + 1; b < locals.length; b++) {
        const m = sameUnitName(locals[a]!, locals[b]!);
        if (m && m.confidence >= ACCEPT) root[find(a)] = find(b);
      }
    }
    const members = new Map<number, string[]>();
    locals.forEach((l, i) => {
      members.set(find(i), [...(members.get(find(i)) ?? []), l]);
    });
    for (const forms of members.values()) {
      const canonical = [...forms].sort((x, y) => y.length - x.length || x.localeCompare(y))[0]!;
      const sample = list.find((s) => s.local === canonical)!;
      const parent = sample.parent;
      const place = parent.kind === 'government' ? parent.name.replace(/人民政府$/, '') : parent.name;
      const name = canonical.startsWith(place) || sample.foreign ? canonical : place + canonical;
      const printed = [...new Set(list.filter((s) => forms.includes(s.local)).map((s) => s.printed))];
      const unit: Unit = {
        id: `unit:${name}`,
        name,
        aliases: [...new Set(printed.filter((p) => p !== name))],
        kind: kindOf(canonical, sample.section),
        level: sample.level,
        parentId: parent.id,
        active: true,
        successorId: null,
      };
      if (!units.has(unit.id)) units.set(unit.id, unit);
      clusters.push({ unit, printed });
    }
  }
  return {
    directory: { units: [...units.values()], groups: [...groups.values()] },
    clusters,
    groups: [...groups.values()],
  };
}

/** A unit's kind, judged from the type its name ends in. */
export function kindOf(name: string, section: boolean): UnitKind {
  const t = typed(name).type;
  if (section || /^(?:科|股|支队|大队|中队|室)$/.test(t)) return section ? 'section' : 'department';
  if (/^(?:政府|管委会|办事处)$/.test(t)) return 'government';
  if (/^(?:中心|院|馆|站|所|社|校|台)$/.test(t)) return 'institution';
  if (/^(?:公司|集团|行)$/.test(t)) return 'enterprise';
  if (/^(?:县|市|区|省)委/.test(name)) return 'party';
  return 'department';
}

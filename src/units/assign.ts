import type { PlanTask, UnitRole } from '../domain/plan.js';
import type { Unit } from '../domain/unit.js';
import type { Directory } from './directory.js';
import { localName } from './directory.js';
import { typed } from './names.js';
import { type Reason, type ResolveContext, resolveName } from './resolve.js';

/**
 * A task's printed units turned into assignments: a unit gets one assignment; a group expands to one per
 * member, each with the role the plan gave the group and a link to the printed group; «有关单位»,
 * «其他单位按职能分工落实» and groups the directory has no members for yet wait for the office to choose
 * members (suggested from the task's own words);
 * names the directory does not know are reported with suggestions, never dropped.
 */
export interface PlannedAssignment {
  unit: Unit;
  role: UnitRole;
  /** As printed in the plan: the unit's name, or the group it came from. */
  printed: string;
  viaGroup: boolean;
  /** How surely the printed name was matched, and why; a group's members share the group's match. */
  confidence: number;
  reason: Reason | 'group';
}

export interface PendingChoice {
  printed: string;
  role: UnitRole;
  /** «有关单位» names no one in particular; a group with no members means the directory lacks them. */
  reason: 'choose' | 'no-members';
  suggestions: Unit[];
}

export interface UnresolvedName {
  printed: string;
  role: UnitRole;
  suggestions: { unit: Unit; confidence: number }[];
}

export interface TaskAssignment {
  assignments: PlannedAssignment[];
  choices: PendingChoice[];
  unresolved: UnresolvedName[];
}

const ROLE_RANK: Record<UnitRole, number> = { lead: 3, cooperate: 2, responsible: 1 };

export function assignTask(
  task: Pick<PlanTask, 'units' | 'text'>,
  dir: Directory,
  ctx: ResolveContext,
): TaskAssignment {
  const byUnit = new Map<string, PlannedAssignment>();
  const choices: PendingChoice[] = [];
  const unresolved: UnresolvedName[] = [];
  const put = (a: PlannedAssignment): void => {
    const cur = byUnit.get(a.unit.id);
    // A unit named itself outranks the same unit reached through a group; otherwise the stronger role wins.
    if (
      !cur ||
      (cur.viaGroup && !a.viaGroup) ||
      (cur.viaGroup === a.viaGroup && ROLE_RANK[a.role] > ROLE_RANK[cur.role])
    ) {
      byUnit.set(a.unit.id, a);
    }
  };
  for (const u of task.units) {
    const r = resolveName(dir, u.name, ctx);
    if (r.kind === 'unit')
      put({ unit: r.unit, role: u.role, printed: u.name, viaGroup: false, confidence: r.confidence, reason: r.reason });
    else if (r.kind === 'group' && r.members && r.members.length > 0) {
      for (const m of r.members)
        put({ unit: m, role: u.role, printed: u.name, viaGroup: true, confidence: r.confidence, reason: 'group' });
    } else if (r.kind === 'group' && r.members) {
      choices.push({ printed: u.name, role: u.role, reason: 'no-members', suggestions: [] });
    } else if (r.kind === 'group') {
      choices.push({
        printed: u.name,
        role: u.role,
        reason: 'choose',
        suggestions: suggestFromText(task.text, dir, ctx),
      });
    } else unresolved.push({ printed: u.name, role: u.role, suggestions: r.suggestions });
  }
  return { assignments: [...byUnit.values()], choices, unresolved };
}

/**
 * Units whose field the task's text names: «推动教育、卫生健康、供水…公共企事业单位…» suggests the
 * education and health bureaus. A unit's field is its name's stem (教育局 → 教育, 卫生健康局 → 卫生健康).
 */
export function suggestFromText(text: string, dir: Directory, ctx: ResolveContext): Unit[] {
  const gov = dir.government(ctx.jurisdictionId);
  if (!gov) return [];
  const out: Unit[] = [];
  for (const u of dir.children(gov.id)) {
    if (!u.active || u.kind === 'government') continue;
    const stem = typed(localName(u, gov)).stem.replace(/[和与及]/g, '');
    if (stem.length >= 2 && text.includes(stem)) out.push(u);
  }
  return out;
}

import type { GroupRule, Unit, UnitGroup } from '../domain/unit.js';
import type { Directory } from './directory.js';
import { type GroupPattern, groupPattern, members, ruleFor } from './groups.js';
import { matchForm, splitLevel, typed } from './names.js';
import { sameUnitName } from './similarity.js';

/**
 * Resolves a unit name as a plan printed it to a unit or a group of the directory, with a confidence and
 * the reason, in the context of the plan's jurisdiction (its issuing government, or the department for a
 * department's plan). Order: the exact name or an alias; the relative name completed with the place its
 * level prefix points to (市卫生健康局 → 潮州市卫生健康局); a group expression; an abbreviation of a unit
 * of that place (市卫健委 → 潮州市卫生健康局); a one-character slip. What resolves to nothing is returned
 * as unknown with suggestions, never dropped.
 */
export type Reason = 'exact' | 'alias' | 'relative' | 'abbreviation' | 'abbreviation-type' | 'typo' | 'successor';

export type Resolution =
  | { kind: 'unit'; printed: string; unit: Unit; confidence: number; reason: Reason; abolished?: Unit }
  | {
      kind: 'group';
      printed: string;
      group: UnitGroup | null;
      rule: GroupRule;
      members: Unit[] | null;
      confidence: number;
    }
  | { kind: 'unknown'; printed: string; suggestions: { unit: Unit; confidence: number }[] };

export interface ResolveContext {
  /** The government (or department) that issued the plan. */
  jurisdictionId: string;
}

/** Below this an abbreviation or slip is offered as a suggestion, not taken. */
export const ACCEPT = 0.75;

export function resolveName(dir: Directory, printed: string, ctx: ResolveContext): Resolution {
  const name = matchForm(printed);
  const jurisdiction = dir.units.get(ctx.jurisdictionId);
  const inScope = dir.scope(ctx.jurisdictionId);

  const exact = dir.named(name);
  // Several places have a «市直各单位»; the one meant is the one anchored in this plan's place.
  const groups = exact.flatMap((e) => (e.kind === 'group' ? [e.group] : []));
  const group =
    groups.find((g) => anchoredIn(g.rule, inScope)) ??
    (groups.length === 1 && !(jurisdiction && groupPattern(name)) ? groups[0] : undefined);
  if (group) {
    return { kind: 'group', printed, group, rule: group.rule, members: members(group.rule, dir), confidence: 1 };
  }
  const units = exact.flatMap((e) => (e.kind === 'unit' ? [e.unit] : []));
  const local = units.filter((u) => inScope.has(u.id));
  // A relative name («市发改委») means this plan's place; only a full name may point elsewhere.
  const relative = splitLevel(name).level !== null;
  const pick = local.length === 1 ? local[0] : !relative && units.length === 1 ? units[0] : undefined;
  if (pick) return unitResult(dir, printed, pick, 1, matchForm(pick.name) === name ? 'exact' : 'alias');

  const { level, rest } = splitLevel(name);
  const government = level ? dir.governmentAt(ctx.jurisdictionId, level) : null;
  if (government) {
    const full = dir
      .named(government.name.replace(/(?:人民政府|政府)$/, '') + rest)
      .flatMap((e) => (e.kind === 'unit' ? [e.unit] : []));
    if (full.length === 1) return unitResult(dir, printed, full[0]!, 0.98, 'relative');
  }

  const pattern: GroupPattern | null = jurisdiction ? groupPattern(name) : null;
  if (pattern && jurisdiction) {
    const rule = ruleFor(pattern, jurisdiction, dir);
    return { kind: 'group', printed, group: null, rule, members: members(rule, dir), confidence: 0.9 };
  }

  // Abbreviations and slips among the units of the place the name points to (or of the jurisdiction).
  const root = government ?? (jurisdiction ? (dir.government(jurisdiction.id) ?? jurisdiction) : null);
  const roots = root ? [root.id] : [];
  if (!government && jurisdiction && jurisdiction.kind !== 'government') roots.push(jurisdiction.id);
  const target = government ? rest : name;
  const first = typed(target).stem[0] ?? '';
  const scored: { unit: Unit; confidence: number; reason: Reason }[] = [];
  for (const r of roots) {
    for (const c of dir.startingWith(r, first)) {
      const m = sameUnitName(target, c.name);
      if (m) scored.push({ unit: c.unit, confidence: m.confidence, reason: m.reason });
    }
  }
  const { top, ranked } = rank(scored);
  if (top && top.confidence >= ACCEPT) return unitResult(dir, printed, top.unit, top.confidence, top.reason);
  return {
    kind: 'unknown',
    printed,
    suggestions: ranked.slice(0, 5).map((b) => ({ unit: b.unit, confidence: b.confidence })),
  };
}

function anchoredIn(rule: GroupRule, scope: ReadonlySet<string>): boolean {
  switch (rule.type) {
    case 'children':
      return scope.has(rule.parentId);
    case 'level':
      return scope.has(rule.jurisdictionId);
    case 'members':
      return rule.memberIds.length > 0 && rule.memberIds.every((id) => scope.has(id));
    case 'choose':
      return false;
  }
}

/** The best match per unit, best first, and the winner if one stands alone at the top. */
function rank(scored: { unit: Unit; confidence: number; reason: Reason }[]): {
  top: (typeof scored)[number] | null;
  ranked: typeof scored;
} {
  const per = new Map<string, (typeof scored)[number]>();
  for (const s of scored) {
    const cur = per.get(s.unit.id);
    if (!cur || s.confidence > cur.confidence) per.set(s.unit.id, s);
  }
  const ranked = [...per.values()].sort((a, b) => b.confidence - a.confidence);
  const unique = ranked.length === 1 || (ranked.length > 1 && ranked[0]!.confidence > ranked[1]!.confidence);
  return { top: unique ? ranked[0]! : null, ranked };
}

function unitResult(dir: Directory, printed: string, unit: Unit, confidence: number, reason: Reason): Resolution {
  const current = dir.current(unit);
  if (current.id !== unit.id)
    return { kind: 'unit', printed, unit: current, confidence, reason: 'successor', abolished: unit };
  return { kind: 'unit', printed, unit, confidence, reason };
}

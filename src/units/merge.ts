import type { DirectoryData, GroupRule, Unit, UnitGroup } from '../domain/unit.js';
import type { Directory } from './directory.js';

/**
 * Adds to a directory what a suggestion (bootstrapped from a plan) knows and it does not: units and groups
 * not there yet by id or by name. A suggested unit the directory already has under another id is the same
 * unit; references to it (parents, group rules) are rewritten to the directory's id.
 */
export function newEntries(dir: Directory, suggestion: DirectoryData): DirectoryData {
  const idMap = new Map<string, string>();
  for (const u of suggestion.units) {
    if (dir.units.has(u.id)) continue;
    const same = dir.named(u.name).find((e) => e.kind === 'unit');
    if (same?.kind === 'unit') idMap.set(u.id, same.unit.id);
  }
  const mapId = (id: string): string => idMap.get(id) ?? id;
  const units: Unit[] = [];
  for (const u of suggestion.units) {
    if (dir.units.has(u.id) || idMap.has(u.id)) continue;
    units.push({ ...u, parentId: u.parentId ? mapId(u.parentId) : null });
  }
  const groups: UnitGroup[] = [];
  for (const g of suggestion.groups) {
    if (dir.groups.has(g.id)) continue;
    groups.push({ ...g, rule: mapRule(g.rule, mapId) });
  }
  return { units, groups };
}

function mapRule(rule: GroupRule, mapId: (id: string) => string): GroupRule {
  switch (rule.type) {
    case 'children':
      return { ...rule, parentId: mapId(rule.parentId) };
    case 'level':
      return { ...rule, jurisdictionId: mapId(rule.jurisdictionId) };
    case 'members':
      return { ...rule, memberIds: rule.memberIds.map(mapId) };
    case 'choose':
      return rule;
  }
}

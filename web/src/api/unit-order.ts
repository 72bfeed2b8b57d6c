import type { Unit, UnitGroup } from './types';

/**
 * Units as people look them up: each under its parent (a city, then its departments, then its counties and
 * theirs), and siblings by pinyin — not by character code, which scatters one city's units among another's.
 */
const collator = new Intl.Collator('zh-Hans-CN-u-co-pinyin', { numeric: true });
export const byPinyin = (a: string, b: string): number => collator.compare(a, b);

export function inDirectoryOrder(units: readonly Unit[]): Unit[] {
  const ids = new Set(units.map((u) => u.id));
  const children = new Map<string | null, Unit[]>();
  for (const u of units) {
    const parent = u.parentId && ids.has(u.parentId) ? u.parentId : null;
    const list = children.get(parent) ?? [];
    list.push(u);
    children.set(parent, list);
  }
  for (const list of children.values()) list.sort((a, b) => byPinyin(a.name, b.name));
  const out: Unit[] = [];
  const seen = new Set<string>();
  const walk = (parent: string | null) => {
    for (const u of children.get(parent) ?? []) {
      if (seen.has(u.id)) continue; // a cycle in the data must not hang the screen
      seen.add(u.id);
      out.push(u);
      walk(u.id);
    }
  };
  walk(null);
  // Anything left (parents forming a cycle) at the end, still by pinyin.
  for (const u of [...units].sort((a, b) => byPinyin(a.name, b.name))) if (!seen.has(u.id)) out.push(u);
  return out;
}

export function groupsInOrder(groups: readonly UnitGroup[]): UnitGroup[] {
  return [...groups].sort((a, b) => byPinyin(a.name, b.name));
}

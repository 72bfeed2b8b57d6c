/**
 * Units as people look them up: each under its parent (a city, then its departments, then its counties and
 * theirs), and siblings by pinyin — not by character code, which scatters one city's units among another's.
 */
const collator = new Intl.Collator('zh-Hans-CN-u-co-pinyin', { numeric: true });
export const byPinyin = (a: string, b: string): number => collator.compare(a, b);

/** What ordering needs of a unit (kept structural so the CLI-side tests can use it too). */
interface Placed {
  id: string;
  name: string;
  parentId: string | null;
}

export function inDirectoryOrder<U extends Placed>(units: readonly U[]): U[] {
  const ids = new Set(units.map((u) => u.id));
  const children = new Map<string | null, U[]>();
  for (const u of units) {
    const parent = u.parentId && ids.has(u.parentId) ? u.parentId : null;
    const list = children.get(parent) ?? [];
    list.push(u);
    children.set(parent, list);
  }
  for (const list of children.values()) list.sort((a, b) => byPinyin(a.name, b.name));
  const out: U[] = [];
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

export function groupsInOrder<G extends { name: string }>(groups: readonly G[]): G[] {
  return [...groups].sort((a, b) => byPinyin(a.name, b.name));
}

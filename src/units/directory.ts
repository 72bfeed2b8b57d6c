import { appendAll } from '../domain/arrays.js';
import type { DirectoryData, Unit, UnitGroup, UnitLevel } from '../domain/unit.js';
import { type LevelChar, matchForm, splitLevel, typed } from './names.js';

/**
 * The unit directory with its indexes: every canonical name and alias in matching form, units by parent,
 * and by the first character and type of their name stem (the buckets abbreviation matching searches).
 */
export type Entry = { kind: 'unit'; unit: Unit } | { kind: 'group'; group: UnitGroup };

export class Directory {
  readonly units: ReadonlyMap<string, Unit>;
  readonly groups: ReadonlyMap<string, UnitGroup>;
  private readonly byName = new Map<string, Entry[]>();
  private readonly byParent = new Map<string, Unit[]>();
  private readonly scopes = new Map<string, Set<string>>();
  private readonly buckets = new Map<string, Map<string, { unit: Unit; name: string }[]>>();

  constructor(readonly data: DirectoryData) {
    this.units = new Map(data.units.map((u) => [u.id, u]));
    this.groups = new Map(data.groups.map((g) => [g.id, g]));
    for (const u of data.units) {
      for (const n of [u.name, ...u.aliases]) this.index(matchForm(n), { kind: 'unit', unit: u });
      if (u.parentId) {
        const list = this.byParent.get(u.parentId) ?? [];
        list.push(u);
        this.byParent.set(u.parentId, list);
      }
    }
    for (const g of data.groups)
      for (const n of [g.name, ...g.aliases]) this.index(matchForm(n), { kind: 'group', group: g });
  }

  private index(key: string, e: Entry): void {
    const list = this.byName.get(key);
    if (!list) this.byName.set(key, [e]);
    else if (!list.some((x) => sameEntry(x, e))) list.push(e);
  }

  /** Units and groups whose name or alias is exactly `name` (matching form). */
  named(name: string): Entry[] {
    return this.byName.get(matchForm(name)) ?? [];
  }

  children(id: string): Unit[] {
    return this.byParent.get(id) ?? [];
  }

  /** The unit and everything under it. */
  descendants(id: string): Unit[] {
    const out: Unit[] = [];
    const stack = [...this.children(id)];
    while (stack.length) {
      const u = stack.pop()!;
      out.push(u);
      appendAll(stack, this.children(u.id));
    }
    return out;
  }

  ancestors(id: string): Unit[] {
    const out: Unit[] = [];
    let cur = this.units.get(id)?.parentId ?? null;
    for (let guard = 0; cur && guard < 20; guard++) {
      const u = this.units.get(cur);
      if (!u) break;
      out.push(u);
      cur = u.parentId;
    }
    return out;
  }

  /** The government a unit belongs to (itself if it is one). */
  government(id: string): Unit | null {
    const u = this.units.get(id);
    if (!u) return null;
    if (u.kind === 'government') return u;
    return this.ancestors(id).find((a) => a.kind === 'government') ?? null;
  }

  /**
   * The government a relative name's level prefix points to from `jurisdictionId`: «市» in a county plan is
   * the city above it; «县» in a county plan the county itself.
   */
  governmentAt(jurisdictionId: string, level: LevelChar): Unit | null {
    const want = levelOf(level);
    const chain = [this.units.get(jurisdictionId), ...this.ancestors(jurisdictionId)];
    return chain.find((u): u is Unit => u !== undefined && u.kind === 'government' && u.level === want) ?? null;
  }

  /**
   * Units under `rootId` (itself included) whose local name or alias stem starts with `first`: the only
   * candidates an abbreviation can match, since abbreviations keep a name's first character.
   */
  startingWith(rootId: string, first: string): { unit: Unit; name: string }[] {
    let bucket = this.buckets.get(rootId);
    if (!bucket) {
      bucket = new Map();
      const root = this.units.get(rootId);
      for (const u of root ? [root, ...this.descendants(rootId)] : []) {
        const gov = this.government(u.id);
        const names = new Set([localName(u, gov), ...u.aliases.map((a) => splitLevel(matchForm(a)).rest)]);
        for (const name of names) {
          const key = typed(name).stem[0] ?? '';
          const list = bucket.get(key) ?? [];
          list.push({ unit: u, name });
          bucket.set(key, list);
        }
      }
      this.buckets.set(rootId, bucket);
    }
    return bucket.get(first) ?? [];
  }

  /** Units a plan of this jurisdiction speaks of: its government's, and those of the governments above. */
  scope(jurisdictionId: string): Set<string> {
    let out = this.scopes.get(jurisdictionId);
    if (!out) {
      out = new Set<string>([jurisdictionId]);
      const gov = this.government(jurisdictionId);
      for (const r of gov ? [gov, ...this.ancestors(gov.id)] : []) {
        out.add(r.id);
        for (const u of this.descendants(r.id)) out.add(u.id);
      }
      for (const u of this.descendants(jurisdictionId)) out.add(u.id);
      this.scopes.set(jurisdictionId, out);
    }
    return out;
  }

  /** Resolves a unit to its current successor when it was abolished in a reorganisation. */
  current(unit: Unit): Unit {
    let u = unit;
    for (let guard = 0; !u.active && u.successorId && guard < 20; guard++) {
      const next = this.units.get(u.successorId);
      if (!next) break;
      u = next;
    }
    return u;
  }
}

function sameEntry(a: Entry, b: Entry): boolean {
  return a.kind === 'unit' && b.kind === 'unit'
    ? a.unit.id === b.unit.id
    : a.kind === 'group' && b.kind === 'group' && a.group.id === b.group.id;
}

export function levelOf(c: LevelChar): UnitLevel {
  switch (c) {
    case '省':
      return 'province';
    case '市':
    case '州':
      return 'city';
    case '县':
    case '区':
    case '旗':
      return 'county';
    default:
      return 'township';
  }
}

/** «潮州市人民政府» → «潮州市»: the place a government's units are named after. */
export function placeOf(government: Unit): string {
  return government.name.replace(/(?:人民政府|政府|管委会|管理委员会)$/, '');
}

/** The part of a unit's name after its place («潮州市卫生健康局» → «卫生健康局»). */
export function localName(unit: Unit, government: Unit | null): string {
  const place = government ? placeOf(government) : '';
  return place && unit.name.startsWith(place) ? unit.name.slice(place.length) : unit.name;
}

export function stemKey(name: string): string {
  const t = typed(name);
  return `${t.stem[0] ?? ''}|${t.type}`;
}

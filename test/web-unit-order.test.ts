import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { directoryFromCsv } from '../src/units/exchange.js';
import { byPinyin, inDirectoryOrder } from '../web/src/api/unit-order.js';
import { repoRoot } from './support/paths.js';

/** The order every unit list and picker on screen uses: each unit under its parent, siblings by pinyin. */
describe('units in directory order', () => {
  const data = directoryFromCsv(readFileSync(join(repoRoot, 'demo/directory.csv'), 'utf8'), 'directory.csv');
  const units = data.units.map((u) => ({ id: u.id, name: u.name, parentId: u.parentId ?? null }));
  const ordered = inDirectoryOrder([...units].reverse());

  it('keeps every unit once, each after its parent, siblings by pinyin', () => {
    expect(ordered).toHaveLength(units.length);
    const at = new Map(ordered.map((u, i) => [u.id, i]));
    for (const u of ordered)
      if (u.parentId && at.has(u.parentId)) expect(at.get(u.parentId)!).toBeLessThan(at.get(u.id)!);
    const siblings = new Map<string, string[]>();
    for (const u of ordered) siblings.set(u.parentId ?? '', [...(siblings.get(u.parentId ?? '') ?? []), u.name]);
    for (const names of siblings.values()) expect(names).toEqual([...names].sort(byPinyin));
  });

  it('sorts by pinyin, not by character code', () => {
    // 潮 chao < 庆 qing < 饶 rao by pinyin; by code point 庆 (U+5E86) comes before 潮 (U+6F6E).
    expect(['饶平县', '庆元县', '潮安区'].sort(byPinyin)).toEqual(['潮安区', '庆元县', '饶平县']);
    expect(['饶平县', '庆元县', '潮安区'].sort()).not.toEqual(['潮安区', '庆元县', '饶平县']);
  });
});

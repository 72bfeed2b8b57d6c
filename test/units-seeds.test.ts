import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ParsedPlan } from '../src/domain/plan.js';
import { parsePlan } from '../src/parse/index.js';
import { suggestDirectory } from '../src/units/bootstrap.js';
import { Directory } from '../src/units/directory.js';
import { planJurisdiction } from '../src/units/jurisdiction.js';
import { resolveName } from '../src/units/resolve.js';
import { requireShared } from './support/paths.js';

/**
 * The five seed plans against the directory bootstrapped from them: every printed unit phrase resolves
 * (to a unit, or to a group), and no two printed names become one unit unless they were clustered as forms
 * of one name.
 */
describe('directory bootstrapped from the seed plans', async () => {
  const dir = join(requireShared(), 'seeds');
  const plans: ParsedPlan[] = [];
  for (const f of readdirSync(dir).sort()) plans.push(await parsePlan(readFileSync(join(dir, f)), { name: f }));
  const suggestion = suggestDirectory(plans);
  const directory = new Directory(suggestion.directory);
  const clusterOf = new Map<string, string>();
  for (const c of suggestion.clusters) for (const p of c.printed) clusterOf.set(`${c.unit.parentId}|${p}`, c.unit.id);

  it('knows the jurisdiction of every seed', () => {
    expect(plans.map((p) => planJurisdiction(p))).toEqual([
      { place: '潮州市', level: 'city', department: null },
      { place: '揭阳市', level: 'city', department: null },
      { place: '宣城市', level: 'city', department: null },
      { place: '江门市', level: 'city', department: '江门市公安局' },
      { place: '庆元县', level: 'county', department: null },
    ]);
  });

  it('resolves every unit phrase of every seed, with no wrong merges', () => {
    const unresolved: string[] = [];
    const merged: string[] = [];
    for (const plan of plans) {
      const j = planJurisdiction(plan)!;
      const ctx = { jurisdictionId: j.department ? `unit:${j.department}` : `gov:${j.place}` };
      const byUnit = new Map<string, Set<string>>();
      for (const t of plan.tasks) {
        for (const u of t.units) {
          const r = resolveName(directory, u.name, ctx);
          if (r.kind === 'unknown') unresolved.push(`${j.place}: ${u.name}`);
          if (r.kind === 'unit') byUnit.set(r.unit.id, (byUnit.get(r.unit.id) ?? new Set()).add(u.name));
        }
      }
      for (const [id, names] of byUnit) if (names.size > 1) merged.push(`${id} ← ${[...names].join(' / ')}`);
    }
    expect(unresolved).toEqual([]);
    // Several printed names on one unit would have to be forms clustered together; in the seeds each city prints one.
    expect(merged).toEqual([]);
  });

  it('clusters each city’s units under that city, and groups by their wording', () => {
    const names = suggestion.clusters.map((c) => c.unit.name);
    expect(names).toContain('潮州市卫生健康局');
    expect(names).toContain('宣城市卫健委');
    expect(names).toContain('江门市公安局法制支队');
    expect(names.filter((n) => n.endsWith('卫生健康局'))).toEqual(['潮州市卫生健康局', '庆元县卫生健康局']);
    const rule = (n: string) => suggestion.groups.find((g) => g.name === n)?.rule.type;
    expect(rule('各县、区人民政府（管委会）')).toBe('level');
    expect(rule('市直各单位')).toBe('children');
    expect(rule('市直有关单位')).toBe('choose');
    expect(rule('各单位')).toBe('children');
  });
});

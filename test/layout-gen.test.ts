import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePlan } from '../src/parse/index.js';
import { repoRoot, requireShared } from './support/paths.js';
import { generatePlan, loadBank, RENDERINGS } from './support/plan-gen.js';
import { type Gold, type PlanScore, scorePlans } from './support/plan-score.js';

/**
 * Generated plans in every text rendering of a task table, scored as the shared scorer scores them: the
 * shared generator (../shared/tools/layout-gen.mjs) over several seeds per layout, and our own generator
 * (test/support/plan-gen.ts) for the renderings it does not make. Bars: item-F1 ≥ 98, units-exact ≥ 95,
 * deadline ≥ 98 for every layout.
 */
const LAYOUTS = ['tsv', 'pipe', 'spaces', 'cells', 'annotated', 'fields'] as const;
const SEEDS = [101, 202, 303];

function generated(layout: string, seed: number, n = 12): string {
  const out = mkdtempSync(join(tmpdir(), `tz-lg-${layout}-`));
  execFileSync(process.execPath, [
    join(requireShared(), 'tools/layout-gen.mjs'),
    ...['--out', out, '--n', String(n), '--seed', String(seed), '--layouts', layout],
  ]);
  return out;
}

async function scoreDir(dir: string): Promise<PlanScore> {
  const docs = [];
  for (const g of readdirSync(join(dir, 'gold')).filter((f) => f.endsWith('.json'))) {
    const id = g.slice(0, -5);
    const gold = JSON.parse(readFileSync(join(dir, 'gold', g), 'utf8')) as Gold;
    const plan = await parsePlan(readFileSync(join(dir, 'docs', `${id}.txt`)), { name: `${id}.txt` });
    docs.push({ plan, gold });
  }
  return scorePlans(docs);
}

const meetsBars = (layout: string, s: PlanScore) =>
  expect({
    layout,
    f1: s.f1 >= 98,
    units: s.units >= 95,
    deadline: s.deadline >= 98,
    misses: s.misses.slice(0, 8),
  }).toEqual({ layout, f1: true, units: true, deadline: true, misses: expect.any(Array) });

describe('shared layout generator', () => {
  for (const layout of LAYOUTS) {
    it(`${layout}: every seed meets the bars`, async () => {
      for (const seed of SEEDS) meetsBars(`${layout} seed ${seed}`, await scoreDir(generated(layout, seed)));
    });
  }

  it('the in-process scoring agrees with the shared scorer run on the CLI', async () => {
    const dir = generated('tsv', 7, 4);
    const cli = `node ${JSON.stringify(join(repoRoot, 'bin/taizhang.js'))} parse {file} --json`;
    const out = execFileSync(
      process.execPath,
      [
        join(requireShared(), 'tools/score-plan.mjs'),
        '--docs',
        join(dir, 'docs'),
        '--gold',
        join(dir, 'gold'),
        '--cmd',
        cli,
      ],
      { encoding: 'utf8', maxBuffer: 64 << 20 },
    );
    const m = /SCORE item-F1 ([\d.]+) units-exact ([\d.]+) deadline ([\d.]+)/.exec(out);
    expect(m, out).not.toBeNull();
    const s = await scoreDir(dir);
    expect([s.f1, s.units, s.deadline]).toEqual([Number(m![1]), Number(m![2]), Number(m![3])]);
  });
});

describe('own generator: more renderings', () => {
  const bank = loadBank(requireShared());
  for (const rendering of RENDERINGS) {
    it(`${rendering}: 30 plans meet the bars`, async () => {
      const docs = [];
      for (let i = 0; i < 30; i++) {
        const g = generatePlan(bank, rendering, 50_021 + i * 104_729, `${rendering}-${i}`);
        docs.push({ plan: await parsePlan(new TextEncoder().encode(g.text)), gold: g.gold });
      }
      meetsBars(rendering, scorePlans(docs));
    });
  }
});

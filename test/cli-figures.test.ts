import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './support/paths.js';

/**
 * The counting model seen from the CLI on the demo data set: every figure-bearing command agrees with every
 * other on the same unit, period and day.
 */
const bin = join(repoRoot, 'bin/taizhang.js');
const data = mkdtempSync(join(tmpdir(), 'tz-figures-'));
const env = { ...process.env, TAIZHANG_DATA: data, DATABASE_URL: '' };

function run(args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: data, env });
}
/** The same, run concurrently (a CLI start costs more than the query): status, stdout, stderr. */
function runAsync(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: data, env }, (err, stdout, stderr) =>
      done({ status: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}
async function pool<T, R>(items: readonly T[], width: number, fn: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}
function json<T>(args: string[]): T {
  const r = run(args);
  if (r.status !== 0) throw new Error(`taizhang ${args.join(' ')} → ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

interface Row {
  name: string;
  items: number;
  onTime: number;
  late: number;
  submitted: number;
  overdue: number;
  pending: number;
}
interface Tongbao {
  start: string;
  end: string;
  through: string;
  totals: Row & { units: number };
  reports: { periods: number; onTime: number; late: number; missed: number; notDue: number };
  byUnit: Row[];
  overdueItems: unknown[];
}
interface Card {
  due: number;
  onTime: number;
  late: number;
  submitted: number;
  overdue: number;
  notDue: number;
  reports: Tongbao['reports'];
  lines: { points: number; source: { kind: string } }[];
}
interface Scores {
  asOf: string;
  units: { unitName: string; card: Card }[];
}
interface Plan {
  id: number;
  title: string;
}

let plans: Plan[] = [];

beforeAll(() => {
  const r = run(['demo']);
  expect(r.status, r.stderr).toBe(0);
  expect(r.stdout).toContain('已载入 5 份方案');
  // A second load into a full directory is refused, nothing touched.
  const again = run(['demo']);
  expect(again.status).toBe(1);
  expect(again.stderr).toContain('只载入空的数据目录');
  plans = json<{ id: number; title: string }[]>(['plans', '--json']).filter((p) => p.title.includes('2022'));
  expect(plans.length).toBe(4);
}, 120_000);

describe('one way of counting (taizhang demo)', () => {
  it('通报 and 考核 give every unit the same 应完成, 按时完成, 逾期完成, 逾期未完成 in 2022-Q2 and 2022-Q4', () => {
    let compared = 0;
    for (const plan of plans)
      for (const [quarter, period] of [
        ['2022Q2', '2022-Q2'],
        ['2022Q4', '2022-Q4'],
      ] as const) {
        const scores = json<Scores>(['score', '--period', period, '--plan', String(plan.id), '--json']);
        const t = run(['doc', 'tongbao', '--plan', String(plan.id), '--quarter', quarter, '--json']);
        if (t.status !== 0) {
          // No 通报 of nothing: then 考核 has nothing due or reported in that quarter either.
          expect(t.stderr, `${plan.title} ${quarter}`).toContain('无法形成季度通报');
          for (const u of scores.units) expect(u.card.due + u.card.reports.periods).toBe(0);
          continue;
        }
        const tongbao = JSON.parse(t.stdout) as Tongbao;
        // Both count as of the quarter's last day (it is long past).
        expect(tongbao.through).toBe(tongbao.end);
        expect(scores.asOf).toBe(tongbao.end);
        expect(tongbao.byUnit.map((u) => u.name).sort()).toEqual(scores.units.map((u) => u.unitName).sort());
        for (const row of tongbao.byUnit) {
          const card = scores.units.find((u) => u.unitName === row.name)!.card;
          expect(
            [card.due, card.onTime, card.late, card.overdue, card.submitted, card.notDue],
            `${plan.title} ${quarter} ${row.name}`,
          ).toEqual([row.items, row.onTime, row.late, row.overdue, row.submitted, row.pending]);
          compared++;
        }
        // The parts add up, and ongoing work is only ever reporting periods.
        const tt = tongbao.totals;
        expect(tt.onTime + tt.late + tt.submitted + tt.overdue + tt.pending).toBe(tt.items);
        const r = tongbao.reports;
        expect(r.onTime + r.late + r.missed + r.notDue).toBe(r.periods);
        expect(r.periods).toBe(scores.units.reduce((n, u) => n + u.card.reports.periods, 0));
        // Every item 考核 deducts for appears in the 通报's list of overdue work, and nothing else does.
        const deducted = scores.units.reduce(
          (n, u) => n + u.card.lines.filter((l) => l.source.kind === 'overdue').length,
          0,
        );
        expect(tongbao.overdueItems.length).toBe(deducted);
      }
    expect(compared).toBeGreaterThan(40);
  }, 240_000);

  it('the 催办单 lists exactly what urge --dry-run would record, for every unit', async () => {
    const units = new Set<string>();
    for (const plan of plans) {
      const s = json<Scores>(['score', '--period', '2022', '--plan', String(plan.id), '--json']);
      for (const u of s.units) units.add(u.unitName);
    }
    let pressed = 0;
    const answers = await pool([...units], 4, async (unit) => ({
      unit,
      urge: await runAsync(['urge', unit, '--dry-run', '--json', '--as-of', '2023-01-10']),
      cuiban: await runAsync(['doc', 'cuiban', '--unit', unit, '--json', '--as-of', '2023-01-10']),
    }));
    for (const { unit, urge: u, cuiban: c } of answers) {
      expect(u.status, u.stderr).toBe(0);
      const urge = JSON.parse(u.stdout) as { items: number; reminderId: number | null };
      expect(urge.reminderId).toBeNull();
      if (urge.items === 0) {
        expect(c.status, unit).toBe(1);
        continue;
      }
      expect(c.status, c.stderr).toBe(0);
      expect(JSON.parse(c.stdout).items, unit).toBe(urge.items);
      pressed++;
    }
    expect(pressed).toBeGreaterThan(10);
    // A dry run records nothing; the real one records what the dry run said.
    const unit = [...units][0]!;
    const dry = json<{ items: number }>(['urge', unit, '--dry-run', '--json', '--as-of', '2023-01-10']);
    const real = json<{ items: number; reminderId: number }>(['urge', unit, '--json', '--as-of', '2023-01-10']);
    expect(real.items).toBe(dry.items);
    expect(real.reminderId).toBeGreaterThan(0);
  }, 540_000);

  it('the 年报 section adds up, says its as-of day, and claims nothing it has no basis for', () => {
    for (const plan of plans) {
      const d = json<{ asOf: string; wholeYear: boolean; totals: Record<string, number> }>([
        'doc',
        'nianbao',
        '--plan',
        String(plan.id),
        '--json',
      ]);
      const t = d.totals;
      expect(d.asOf).toBe('2022-12-31');
      expect(t.onTime! + t.late! + t.submitted! + t.overdue! + t.notDue!).toBe(t.items);
      expect(t.done).toBe(t.onTime! + t.late!);
      expect(t.periodsOnTime! + t.periodsLate! + t.periodsMissed! + t.periodsNotDue!).toBe(t.periods);
      expect(t.assignedTasks! + t.unassignedTasks!).toBe(t.tasks);
      const out = join(data, `nianbao-${plan.id}.docx`);
      const r = run(['doc', 'nianbao', '--plan', String(plan.id), '-o', out]);
      expect(r.status, r.stderr).toBe(0);
      const xml = strFromU8(unzipSync(readFileSync(out))['word/document.xml']!);
      const text = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
      expect(text).not.toContain('已逐项分析原因');
      expect(text).toContain('截至2022年12月31日');
      const open = t.submitted! + t.overdue! + t.notDue!;
      if (open) expect(text).toContain(`尚未完成的${open}项中`);
      // The 11—12月 list is not a year's work.
      if (plan.title.includes('11—12月')) {
        expect(d.wholeYear).toBe(false);
        expect(text).not.toContain('全年');
      }
    }
  }, 120_000);
});

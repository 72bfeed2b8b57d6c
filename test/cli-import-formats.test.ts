import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, requireShared } from './support/paths.js';

/**
 * `taizhang import` of every office fixture through the real command: each format is read (in the reader
 * worker, or by LibreOffice for .doc/.wps), stored with its source file, and holds as many tasks as
 * `taizhang parse` finds in the same file. The caller's bytes must survive the reader, since the store keeps
 * them as the plan's source. (.doc/.wps go through LibreOffice where installed, else the OLE text reader.)
 */
const shared = requireShared();
const fixtures = join(shared, 'fixtures/office');
const files = readdirSync(fixtures).filter((f) => /^plan\d+\..+$/.test(f) && !f.endsWith('.truth.json'));
const bin = join(repoRoot, 'bin/taizhang.js');

// Seed 002 is a bare 清单: it prints no issuing authority, so the office names it, as the CLI asks.
const ISSUER: Record<string, string> = { plan002: 'gov:宣城市' };

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function run(args: string[], dataDir: string) {
  return spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    cwd: repoRoot,
    env: { ...process.env, TAIZHANG_DATA: dataDir, DATABASE_URL: '' },
    maxBuffer: 64 * 1024 * 1024,
  });
}

describe('taizhang import of every office fixture', () => {
  it('finds the fixtures', () => {
    expect(files.length).toBeGreaterThanOrEqual(18);
    for (const ext of ['docx', 'doc', 'wps', 'html', 'pdf', 'xlsx', 'ofd'])
      expect(
        files.some((f) => f.endsWith(`.${ext}`)),
        ext,
      ).toBe(true);
  });

  for (const file of files) {
    it(`imports ${file}`, { timeout: 180_000 }, () => {
      const path = join(fixtures, file);
      const dataDir = mkdtempSync(join(tmpdir(), 'tz-import-'));
      dirs.push(dataDir);

      const parsed = run(['parse', path, '--json'], dataDir);
      expect(parsed.status, parsed.stderr).toBe(0);
      const tasks = (JSON.parse(parsed.stdout) as { tasks: unknown[] }).tasks.length;
      expect(tasks).toBeGreaterThan(0);

      const issuer = ISSUER[file.split('.')[0]!];
      if (issuer) {
        const units = run(['units', 'import', join(repoRoot, 'demo/directory.csv')], dataDir);
        expect(units.status, units.stderr).toBe(0);
      }
      const imported = run(['import', path, '--json', ...(issuer ? ['--issuer', issuer] : [])], dataDir);
      expect(imported.status, imported.stderr).toBe(0);
      expect(imported.stderr).not.toContain('内部错误');
      const summary = JSON.parse(imported.stdout) as { planId: number; tasks: number; state: string };
      expect(summary).toMatchObject({ tasks, state: 'draft' });

      const plans = run(['plans', '--json'], dataDir);
      expect(plans.status, plans.stderr).toBe(0);
      expect(JSON.parse(plans.stdout)).toEqual([expect.objectContaining({ id: summary.planId, tasks })]);

      const ledger = run(
        ['ledger', '--plan', String(summary.planId), '--drafts', '--json', '--limit', '100000'],
        dataDir,
      );
      expect(ledger.status, ledger.stderr).toBe(0);
      const rows = (JSON.parse(ledger.stdout) as { rows: { taskId: number }[] }).rows;
      const withUnits = new Set(rows.map((r) => r.taskId)).size;
      expect(withUnits).toBeGreaterThan(0);
      expect(withUnits).toBeLessThanOrEqual(tasks);
    });
  }
});

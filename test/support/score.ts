import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, requireShared } from './paths.js';

const cli = `node ${JSON.stringify(join(repoRoot, 'bin/taizhang.js'))} parse {file} --json`;

/** The shared scorer on one document against one seed's gold, through the CLI: [item-F1, units-exact, deadline]. */
export function scoreAgainstSeed(file: string, seedId: string): [number, number, number] {
  const shared = requireShared();
  const gold = readdirSync(join(shared, 'gold')).find((g) => g.startsWith(`${seedId}_`))!;
  const docs = mkdtempSync(join(tmpdir(), 'tz-score-docs-'));
  const golds = mkdtempSync(join(tmpdir(), 'tz-score-gold-'));
  copyFileSync(file, join(docs, gold.replace(/\.json$/, file.slice(file.lastIndexOf('.')))));
  copyFileSync(join(shared, 'gold', gold), join(golds, gold));
  const out = execFileSync(
    process.execPath,
    [join(shared, 'tools/score-plan.mjs'), '--docs', docs, '--gold', golds, '--cmd', cli],
    {
      encoding: 'utf8',
    },
  );
  const m = /SCORE item-F1 ([\d.]+) units-exact ([\d.]+) deadline ([\d.]+)/.exec(out);
  if (!m) throw new Error(out);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

export function seedFile(seedId: string): string {
  const shared = requireShared();
  const seed = readdirSync(join(shared, 'seeds')).find((f) => f.startsWith(`${seedId}_`))!;
  return join(shared, 'seeds', seed);
}

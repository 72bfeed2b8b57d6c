#!/usr/bin/env node
// Scores the built parser (dist/, through the CLI) on the shared layout generator's documents, per layout
// over several seeds, with the shared scorer:
//   node scripts/score-layouts.mjs [--seeds 1,2,3] [--n 12] [--layouts tsv,pipe,...] [--verbose]
// Needs `npx tsc -p tsconfig.build.json` first and the shared materials (TAIZHANG_SHARED or ../shared).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const opt = (k, d) => {
  const i = args.indexOf(`--${k}`);
  return i >= 0 ? args[i + 1] : d;
};
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const shared = process.env.TAIZHANG_SHARED ?? [join(root, '../shared'), '/work/shared'].find((p) => existsSync(p));
if (!shared) throw new Error('shared materials not found (set TAIZHANG_SHARED)');
const seeds = opt('seeds', '1,2,3').split(',').map(Number);
const n = opt('n', '12');
const layouts = opt('layouts', 'tsv,pipe,spaces,cells,annotated,fields').split(',');
const verbose = args.includes('--verbose');
const cmd = `node ${JSON.stringify(join(root, 'bin/taizhang.js'))} parse {file} --json`;

const rows = [];
for (const layout of layouts) {
  const sums = { f1: 0, units: 0, deadline: 0 };
  const per = [];
  for (const seed of seeds) {
    const out = mkdtempSync(join(tmpdir(), `tz-lg-${layout}-`));
    execFileSync(process.execPath, [
      join(shared, 'tools/layout-gen.mjs'),
      '--out',
      out,
      '--n',
      n,
      '--seed',
      String(seed),
      '--layouts',
      layout,
    ]);
    const text = execFileSync(
      process.execPath,
      [
        join(shared, 'tools/score-plan.mjs'),
        '--docs',
        join(out, 'docs'),
        '--gold',
        join(out, 'gold'),
        '--cmd',
        cmd,
        ...(verbose ? ['--verbose'] : []),
      ],
      { encoding: 'utf8', maxBuffer: 64 << 20 },
    );
    if (verbose)
      for (const l of text.split('\n')) if (/missed|extra|want/.test(l)) console.log(`  [${layout} seed ${seed}] ${l}`);
    const m = /SCORE item-F1 ([\d.]+) units-exact ([\d.]+) deadline ([\d.]+)/.exec(text);
    if (!m) throw new Error(`no score for ${layout} seed ${seed}:\n${text}`);
    const s = { f1: +m[1], units: +m[2], deadline: +m[3] };
    per.push(`${seed}:${s.f1}/${s.units}/${s.deadline}`);
    for (const k of Object.keys(sums)) sums[k] += s[k];
    rmSync(out, { recursive: true, force: true });
  }
  const avg = (k) => (sums[k] / seeds.length).toFixed(1);
  rows.push(
    `${layout.padEnd(10)} F1 ${avg('f1')}  units ${avg('units')}  deadline ${avg('deadline')}   (${per.join(' ')})`,
  );
  console.log(rows.at(-1));
}

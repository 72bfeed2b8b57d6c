// Parser throughput on the seed plans, as MB/s and as a ratio to a baseline measured in the same run
// (splitting the same text into lines and running one label regex over each line).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePlan } from '../dist/parse/index.js';
import { sharedDir, table, timeIt } from './support.js';

const LABEL = /^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d{1,3}[.、])/;

function baseline(text) {
  let n = 0;
  for (const line of text.split('\n')) if (LABEL.test(line)) n++;
  return n;
}

export async function benchParse() {
  const dir = join(sharedDir, 'seeds');
  const seeds = readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => ({ name: f.slice(0, 3), bytes: readFileSync(join(dir, f)) }));
  const rows = [];
  for (const s of seeds) {
    const text = s.bytes.toString('utf8');
    const parse = await timeIt(() => parsePlan(s.bytes), 0.6);
    const base = await timeIt(() => baseline(text), 0.3);
    const mb = s.bytes.length / 1e6;
    rows.push([
      s.name,
      `${(s.bytes.length / 1024).toFixed(1)} KB`,
      `${(mb / parse).toFixed(1)} MB/s`,
      `${(parse / base).toFixed(1)}×`,
    ]);
  }
  console.log('\n# Parse throughput (seeds)');
  table(['seed', 'size', 'parse', 'parse ÷ baseline'], rows);

  // All seeds repeated to ~1 MB and ~10 MB: throughput at size, and how time grows with input.
  const all = Buffer.concat(seeds.map((s) => Buffer.concat([s.bytes, Buffer.from('\n\n')])));
  const make = (target) => Buffer.concat(Array.from({ length: Math.ceil(target / all.length) }, () => all));
  const small = make(1e6);
  const large = make(1e7);
  const tSmall = await timeIt(() => parsePlan(small), 1, 5);
  const tLarge = await timeIt(() => parsePlan(large), 0, 3);
  const bLarge = await timeIt(() => baseline(large.toString('utf8')), 0.3);
  console.log('\n# Parse at size (all seeds repeated)');
  table(
    ['input', 'time', 'parse', 'parse ÷ baseline'],
    [
      [
        `${(small.length / 1e6).toFixed(1)} MB`,
        `${(tSmall * 1000).toFixed(0)} ms`,
        `${(small.length / 1e6 / tSmall).toFixed(1)} MB/s`,
        '',
      ],
      [
        `${(large.length / 1e6).toFixed(1)} MB`,
        `${(tLarge * 1000).toFixed(0)} ms`,
        `${(large.length / 1e6 / tLarge).toFixed(1)} MB/s`,
        `${(tLarge / bLarge).toFixed(1)}×`,
      ],
    ],
  );
  const growth = tLarge / tSmall / (large.length / small.length);
  console.log(
    `time growth for ${(large.length / small.length).toFixed(1)}× input: ${(tLarge / tSmall).toFixed(2)}× (per-byte ratio ${growth.toFixed(2)}; target ≤ 1.10)`,
  );
}

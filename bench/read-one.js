// Reads one document in this process (no worker) a few times; prints JSON with the median time, a baseline
// measured on the same bytes (decode and split into lines), and the process's peak memory while reading.
import { readFileSync } from 'node:fs';
import { readBlocks } from '../dist/parse/index.js';

process.env.TAIZHANG_READER_ISOLATION = '0';
const file = process.argv[2];
const bytes = readFileSync(file);
const runs = Number(process.argv[3] ?? 5);
const times = [];
let blocks = 0;
let first = 0;
for (let i = 0; i < runs + 1; i++) {
  const t0 = performance.now();
  const doc = await readBlocks(bytes, { name: file });
  const t = performance.now() - t0;
  if (i === 0) first = t;
  else times.push(t);
  blocks = doc.blocks.length;
}
times.sort((a, b) => a - b);
// Taken before the baseline: its 50 copies of the file as strings would otherwise count as the reader's.
const maxRssMb = process.resourceUsage().maxRSS / 1024;
const b0 = performance.now();
for (let i = 0; i < 50; i++) Buffer.from(bytes).toString('latin1').split('\n');
const base = (performance.now() - b0) / 50;
console.log(
  JSON.stringify({
    first,
    median: times[Math.floor(times.length / 2)],
    base,
    blocks,
    maxRssMb,
  }),
);

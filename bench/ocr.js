// OCR time per page: the fixture plan004 (prose) and two pages of plan000 (table) rasterised at 150 dpi and
// rebuilt as an image-only PDF, parsed end to end; baselines in the same run: poppler rasterising the same
// pages (pdftoppm, the part OCR cannot avoid) and parsing the text-layer PDF of the same plan.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePlan } from '../dist/parse/index.js';
import { sharedDir, table } from './support.js';

function scanOf(pdf, dir, pages) {
  const out = join(dir, 'pages');
  mkdirSync(out);
  execFileSync('pdftoppm', ['-r', '150', '-png', '-f', String(pages[0]), '-l', String(pages[1]), pdf, join(out, 'p')]);
  const images = readdirSync(out)
    .sort()
    .map((f) => join(out, f));
  execFileSync('img2pdf', [...images, '-o', join(dir, 'scan.pdf')]);
  return { scan: join(dir, 'scan.pdf'), count: images.length };
}

async function seconds(fn) {
  const t = performance.now();
  await fn();
  return (performance.now() - t) / 1000;
}

export async function benchOcr() {
  const rows = [];
  for (const [plan, pages] of [
    ['plan004', [1, 5]],
    ['plan000', [1, 2]],
  ]) {
    const pdf = join(sharedDir, 'fixtures/office', `${plan}.pdf`);
    const dir = mkdtempSync(join(tmpdir(), 'tz-bench-ocr-'));
    const { scan, count } = scanOf(pdf, dir, pages);
    const bytes = readFileSync(scan);
    const ocr = await seconds(() => parsePlan(bytes, { name: `${plan}-scan.pdf` }));
    const raster = await seconds(async () => {
      for (let p = pages[0]; p <= pages[1]; p++) {
        execFileSync('pdftoppm', ['-r', '200', '-gray', '-f', String(p), '-l', String(p), scan, join(dir, 'r')]);
      }
    });
    const text = await seconds(() => parsePlan(readFileSync(pdf), { name: `${plan}.pdf` }));
    rows.push([
      `${plan} p${pages[0]}–${pages[1]}`,
      String(count),
      `${(ocr / count).toFixed(1)} s`,
      `${(ocr / raster).toFixed(0)}×`,
      `${(ocr / text).toFixed(0)}×`,
    ]);
  }
  console.log('\n# OCR of image-only PDF pages (tesseract chi_sim, 150-dpi scans read at 200 dpi)');
  table(['scan', 'pages', 'per page', '÷ rasterising the pages', '÷ parsing the text PDF'], rows);
}

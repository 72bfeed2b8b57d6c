// Per-format reading time and peak memory, each file read in a fresh process (so memory is its own):
// the office fixtures, and a plan ten times larger (the 000 fixture's table repeated) as docx, html and pdf.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { sharedDir, table } from './support.js';

function measure(file) {
  const r = spawnSync(process.execPath, [join(import.meta.dirname, 'read-one.js'), file], { encoding: 'utf8' });
  if (r.status !== 0) return null;
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

function largePlan(dir) {
  const truth = JSON.parse(readFileSync(join(sharedDir, 'fixtures/office/plan000.truth.json'), 'utf8'));
  const rows = [truth.header, ...Array.from({ length: 10 }, () => truth.rows).flat()];
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const html = `<html><head><meta charset="utf-8"></head><body><h1>${esc(truth.title)}</h1><table border="1">${rows
    .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
    .join('')}</table></body></html>`;
  writeFileSync(join(dir, 'large.html'), html);
  const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
  const cell = (t) => `<w:tc><w:p><w:r><w:t xml:space="preserve">${esc(t)}</w:t></w:r></w:p></w:tc>`;
  const body = `<w:tbl>${rows.map((r) => `<w:tr>${r.map(cell).join('')}</w:tr>`).join('')}</w:tbl>`;
  writeFileSync(
    join(dir, 'large.docx'),
    zipSync({
      '[Content_Types].xml': strToU8('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
      'word/document.xml': strToU8(`<w:document xmlns:w="${W}"><w:body>${body}</w:body></w:document>`),
    }),
  );
  try {
    execFileSync('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', dir, join(dir, 'large.html')], {
      timeout: 120_000,
      stdio: 'ignore',
    });
  } catch {
    // LibreOffice absent: the large PDF is skipped.
  }
}

export async function benchFormats() {
  const office = join(sharedDir, 'fixtures/office');
  const files = [
    'plan000.txt',
    'plan000.html',
    'plan000.docx',
    'plan000.xlsx',
    'plan000.pdf',
    'plan000.doc',
    'plan002.docx',
    'plan002.pdf',
    'plan004.pdf',
    'plan004.ofd',
  ];
  const dir = mkdtempSync(join(tmpdir(), 'tz-bench-formats-'));
  writeFileSync(join(dir, 'plan000.txt'), readFileSync(join(sharedDir, 'seeds/000_d32ce278218e3896.txt')));
  largePlan(dir);
  const rows = [];
  for (const f of [...files, 'large.html', 'large.docx', 'large.pdf']) {
    const path = existsSync(join(office, f)) ? join(office, f) : join(dir, f);
    if (!existsSync(path)) continue;
    const m = measure(path);
    if (!m) {
      rows.push([f, 'failed', '', '', '']);
      continue;
    }
    const kb = (readFileSync(path).length / 1024).toFixed(0);
    rows.push([
      f,
      `${kb} KB`,
      `${m.median.toFixed(0)} ms`,
      `${m.first.toFixed(0)} ms`,
      `${(m.median / m.base).toFixed(0)}×`,
      `${m.maxRssMb.toFixed(0)} MB`,
    ]);
  }
  console.log('\n# Reading each format (in-process reader; "first" includes loading the format\'s library)');
  table(['file', 'size', 'read (median)', 'first read', '÷ baseline', 'peak RSS'], rows);
}

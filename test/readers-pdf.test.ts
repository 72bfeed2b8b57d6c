import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../src/domain/errors.js';
import type { BlockDocument } from '../src/parse/blocks.js';
import { readBlocks } from '../src/parse/index.js';
import { compareCells, missingParagraphs, type Truth } from './support/cells.js';
import { repoRoot, requireShared } from './support/paths.js';
import { scoreAgainstSeed, seedFile } from './support/score.js';

/**
 * The PDF reader: tables rebuilt from ruling lines (merged cells, rows cut by page breaks, repeated
 * headers) checked cell by cell against the fixtures' truth, prose reflowed into its paragraphs, the
 * whole parser scoring as on the plan's text, and broken or unreadable PDFs refused with a clear reason.
 */
const office = () => join(requireShared(), 'fixtures/office');
const own = join(repoRoot, 'test/fixtures');
const json = (path: string): Truth => JSON.parse(readFileSync(path, 'utf8'));
const read = (path: string, name = path.split('/').pop()!) => readBlocks(readFileSync(path), { name });

describe('pdf: table cells', () => {
  const cases: [string, () => string, () => string][] = [
    [
      'plan000.pdf (LibreOffice from HTML, 14 pages)',
      () => join(office(), 'plan000.pdf'),
      () => join(office(), 'plan000.truth.json'),
    ],
    [
      'plan002.pdf (colspan and sub-columns, 17 pages)',
      () => join(office(), 'plan002.pdf'),
      () => join(office(), 'plan002.truth.json'),
    ],
    [
      'merged-table.pdf (LibreOffice from .docx)',
      () => join(own, 'merged-table.pdf'),
      () => join(own, 'merged-table.truth.json'),
    ],
  ];
  for (const [name, file, truth] of cases) {
    it(`${name}: ≥ 98% of cells right, every row once`, async () => {
      const doc = await read(file());
      const r = compareCells(doc, json(truth()));
      expect(r.wrong.slice(0, 5)).toEqual([]);
      expect(r.right / r.total).toBeGreaterThanOrEqual(0.98);
      expect(r.rows.got).toBe(r.rows.want);
      // Joined over page breaks: one table, its rows carrying the pages they came from.
      expect(doc.blocks.filter((b) => b.kind === 'table')).toHaveLength(1);
    });
  }

  it('keeps the prose around the table and drops running heads and page numbers', async () => {
    const doc = await read(join(own, 'merged-table.pdf'));
    const paragraphs = doc.blocks.flatMap((b) => (b.kind === 'paragraph' ? [b.text] : []));
    expect(paragraphs[0]).toBe('某县2024年政务公开重点工作任务分工方案');
    expect(paragraphs[1]).toMatch(/^为深入贯彻落实.*认真抓好落实。$/);
    expect(paragraphs.at(-1)).toBe('各单位要按照分工要求，于每季度末将工作进展情况报县政府办公室。');
    expect(paragraphs.some((p) => p.includes('某县人民政府办公室') && p.length < 12)).toBe(false);
    expect(paragraphs.some((p) => /^-\s*\d+\s*-$/.test(p))).toBe(false);
    expect(doc.pages).toBe(2);
  });
});

describe('pdf: prose', () => {
  it('plan004.pdf: every paragraph of the prose plan', async () => {
    const doc = await read(join(office(), 'plan004.pdf'));
    expect(missingParagraphs(doc, json(join(office(), 'plan004.truth.json')).paragraphs!)).toEqual([]);
    expect(doc.blocks.every((b) => b.kind === 'paragraph' && b.span.page !== undefined)).toBe(true);
  });

  it('reads no more pages than the limit allows, and says so', async () => {
    const doc = await readBlocks(readFileSync(join(office(), 'plan004.pdf')), {
      name: 'plan004.pdf',
      limits: { maxPages: 1 },
    });
    expect(Math.max(...doc.blocks.map((b) => b.span.page ?? 0))).toBe(1);
    expect(doc.notices.map((n) => n.code)).toContain('pages-truncated');
  });
});

describe('pdf: the whole parser scores as on the plan text', () => {
  for (const id of ['000', '002', '004']) {
    it(`plan${id}.pdf: item-F1 and units within a point of the seed text; deadlines as from .docx`, () => {
      const [f1, units, deadline] = scoreAgainstSeed(join(office(), `plan${id}.pdf`), id);
      const [textF1, textUnits] = scoreAgainstSeed(seedFile(id), id);
      const [, , docxDeadline] = scoreAgainstSeed(join(office(), `plan${id}.docx`), id);
      expect(f1).toBeGreaterThanOrEqual(textF1 - 1);
      expect(units).toBeGreaterThanOrEqual(textUnits - 1);
      expect(deadline).toBeGreaterThanOrEqual(docxDeadline - 1);
    });
  }
});

/** A PDF assembled from object bodies, with a correct cross-reference table. */
function pdf(objects: string[], trailer = ''): Uint8Array {
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailer}>>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** Two pages, each only a picture: what a scanner makes. */
function scanned(): Uint8Array {
  const pixels = String.fromCharCode(...Array.from({ length: 64 }, (_, i) => (i * 37) % 256));
  const page = (content: number) =>
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 5 0 R >> >> /Contents ${content} 0 R >>`;
  const draw = 'q 500 0 0 700 50 70 cm /Im1 Do Q';
  return pdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R 6 0 R] /Count 2 >>',
    page(4),
    `<< /Length ${draw.length} >>\nstream\n${draw}\nendstream`,
    `<< /Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length 64 >>\nstream\n${pixels}\nendstream`,
    page(4),
  ]);
}

/**
 * A table the way Word draws one: borders as thin filled rectangles, placed through a transform, text set
 * with TJ kerning; the top right cell has no line under it (merged down). Optionally on a landscape page
 * made as printers make them: a portrait page turned by /Rotate, its content drawn turned the other way.
 */
function wordLike(rotate = 0): Uint8Array {
  const rects = [
    '0 0 300 0.5',
    '0 40 150 0.5',
    '0 80 300 0.5',
    '0 120 300 0.5',
    '0 0 0.5 120.5',
    '150 0 0.5 120.5',
    '300 0 0.5 120.5',
  ];
  const draw = [
    rotate ? 'q 0 1 -1 0 595 0 cm' : 'q',
    'q 1 0 0 1 50 300 cm 0 0 0 rg',
    ...rects.map((r) => `${r} re f`),
    'BT /F1 10 Tf 10 95 Td (Task) Tj 150 0 Td (Unit) Tj ET',
    'BT /F1 10 Tf 10 55 Td [(Pub) -200 (lish rules)] TJ 150 0 Td (Office) Tj ET',
    'BT /F1 10 Tf 10 15 Td (Answer queries) Tj ET',
    'Q Q',
  ].join('\n');
  return pdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Rotate ${rotate} /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>`,
    `<< /Length ${draw.length} >>\nstream\n${draw}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
  ]);
}

describe('pdf: tables drawn other ways', () => {
  for (const rotate of [0, 90]) {
    it(`borders as thin filled rectangles under a transform${rotate ? ', on a rotated (landscape) page' : ''}`, async () => {
      const doc = await readBlocks(wordLike(rotate), { name: 'word.pdf' });
      const r = compareCells(doc, {
        header: ['Task', 'Unit'],
        rows: [
          ['Publish rules', 'Office'],
          ['Answer queries', 'Office'],
        ],
      });
      expect(r.wrong).toEqual([]);
    });
  }
});

async function refusal(bytes: Uint8Array, name: string): Promise<AppError> {
  const t0 = Date.now();
  let doc: BlockDocument | null = null;
  try {
    doc = await readBlocks(bytes, { name });
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).userMessage).toContain(name);
    expect(Date.now() - t0).toBeLessThan(10_000);
    return e as AppError;
  }
  throw new Error(`${name} was read without complaint: ${JSON.stringify(doc?.blocks.slice(0, 2))}`);
}

describe('pdf: broken and unreadable files', () => {
  it('a truncated PDF', async () => {
    const whole = readFileSync(join(office(), 'plan004.pdf'));
    const e = await refusal(whole.subarray(0, Math.floor(whole.length * 0.6)), 'cut.pdf');
    expect(e.code).toBe('format-corrupt');
    expect(e.userMessage).toContain('不完整');
  });
  it('random bytes behind a PDF header, with and without an end marker', async () => {
    const bytes = new Uint8Array(64 * 1024);
    let x = 2024;
    for (let i = 0; i < bytes.length; i++) {
      x = (x * 1103515245 + 12345) >>> 0;
      bytes[i] = x >>> 24;
    }
    const head = Buffer.from('%PDF-1.7\n', 'latin1');
    expect((await refusal(Buffer.concat([head, bytes]), 'noise.pdf')).code).toBe('format-corrupt');
    const ended = Buffer.concat([head, bytes, Buffer.from('\n%%EOF\n', 'latin1')]);
    expect((await refusal(ended, 'noise2.pdf')).code).toBe('format-corrupt');
  });
  it('a PDF that needs a password (LibreOffice export with an open password)', async () => {
    const e = await refusal(readFileSync(join(own, 'locked.pdf')), 'locked.pdf');
    expect(e.code).toBe('format-encrypted');
    expect(e.userMessage).toContain('密码');
  });
  it('a scanned PDF: pictures, no text layer, with OCR switched off (ocr-scans.test.ts reads scans)', async () => {
    const was = process.env.TAIZHANG_OCR;
    process.env.TAIZHANG_OCR = 'off';
    try {
      const e = await refusal(scanned(), 'scan.pdf');
      expect(e.code).toBe('format-scanned');
      expect(e.userMessage).toContain('扫描');
      expect(e.userMessage).toContain('OCR');
      expect(e.userMessage).toContain('TAIZHANG_OCR=off');
    } finally {
      if (was === undefined) delete process.env.TAIZHANG_OCR;
      else process.env.TAIZHANG_OCR = was;
    }
  });
});

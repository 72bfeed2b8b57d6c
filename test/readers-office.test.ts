import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BlockDocument } from '../src/parse/blocks.js';
import { parsePlan, readBlocks } from '../src/parse/index.js';
import { cell, docx, numbering, p, table } from './support/office.js';
import { requireShared } from './support/paths.js';

/**
 * The readers of structured formats against the fixtures' cell-level truth (every cell of every table,
 * merged cells filled in), on LibreOffice-made files of three seeds, and on files built here.
 */
interface Truth {
  header?: string[];
  rows?: string[][];
  spans?: { rowspan: number; colspan: number }[][];
  paragraphs?: string[];
}

const office = () => join(requireShared(), 'fixtures/office');
const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
const read = async (file: string) => readBlocks(readFileSync(join(office(), file)), { name: file });
const truth = (id: string): Truth => JSON.parse(readFileSync(join(office(), `plan${id}.truth.json`), 'utf8'));

/** Cells that differ from the truth grid: [row, col, want, got]. The truth's header leaves colspan-covered cells blank. */
function cellErrors(doc: BlockDocument, t: Truth): [number, number, string, string | undefined][] {
  const grid = doc.blocks.flatMap((b) => (b.kind === 'table' ? b.rows.map((r) => r.cells) : []));
  const errors: [number, number, string, string | undefined][] = [];
  const want = [t.header!, ...t.rows!];
  for (const [r, row] of want.entries()) {
    for (const [c, w] of row.entries()) {
      const got = grid[r]?.[c];
      if (r === 0 && w === '' && got?.covered) continue;
      if (got === undefined || norm(got.text) !== norm(w)) errors.push([r, c, w, got?.text]);
    }
  }
  if (grid.length !== want.length) errors.push([grid.length, -1, `${want.length} rows`, `${grid.length} rows`]);
  return errors;
}

describe('structured readers: every table cell right', () => {
  const cases: [string, string][] = [
    ['plan000.html', '000'],
    ['plan000.gbk.html', '000'],
    ['plan002.html', '002'],
    ['plan000.docx', '000'],
    ['plan002.docx', '002'],
    ['plan000.xlsx', '000'],
    ['plan002.xlsx', '002'],
    ['plan000.doc', '000'],
    ['plan002.doc', '002'],
    ['plan000.wps', '000'],
  ];
  for (const [file, id] of cases) {
    it(file, async () => {
      const doc = await read(file);
      expect(cellErrors(doc, truth(id))).toEqual([]);
    });
  }
  it('reads the GBK page with its declared charset', async () => {
    expect((await read('plan000.gbk.html')).encoding).toBe('gb18030');
  });
  for (const file of ['plan004.html', 'plan004.docx', 'plan004.doc']) {
    it(`${file}: every paragraph of the prose plan`, async () => {
      const doc = await read(file);
      const got = new Set(doc.blocks.flatMap((b) => (b.kind === 'paragraph' ? [norm(b.text)] : [])));
      expect(
        truth('004')
          .paragraphs!.map(norm)
          .filter((w) => !got.has(w)),
      ).toEqual([]);
    });
  }
});

describe('Word auto-numbering becomes the printed label', () => {
  it('chinese counting, parenthesised and decimal levels, restarting below a new section', async () => {
    const num = numbering([
      { format: 'chineseCounting', text: '%1、' },
      { format: 'chineseCounting', text: '（%2）' },
      { format: 'decimal', text: '%3.' },
    ]);
    const body = [
      p('某县2024年重点任务分工方案'),
      p('深化公开', { id: 1, level: 0 }),
      p('财政信息', { id: 1, level: 1 }),
      p('公开预决算。', { id: 1, level: 2 }),
      p('县财政局负责'),
      p('公开债务信息。', { id: 1, level: 2 }),
      p('县财政局负责'),
      p('强化解读', { id: 1, level: 0 }),
      p('政策解读', { id: 1, level: 1 }),
      p('同步解读。', { id: 1, level: 2 }),
      p('县政府办负责'),
    ].join('');
    const bytes = docx(body, num);
    const doc = await readBlocks(bytes, { name: 'numbered.docx' });
    const texts = doc.blocks.flatMap((b) => (b.kind === 'paragraph' ? [b.text] : []));
    expect(texts).toEqual([
      '某县2024年重点任务分工方案',
      '一、深化公开',
      '（一）财政信息',
      '1.公开预决算。',
      '县财政局负责',
      '2.公开债务信息。',
      '县财政局负责',
      '二、强化解读',
      '（一）政策解读',
      '1.同步解读。',
      '县政府办负责',
    ]);
    const plan = await parsePlan(bytes, { name: 'numbered.docx' });
    expect(plan.tasks.map((t) => [t.section?.label, t.group?.label, t.number, t.units[0]?.name])).toEqual([
      ['一', '（一）', '1', '县财政局'],
      ['一', '（一）', '2', '县财政局'],
      ['二', '（一）', '1', '县政府办'],
    ]);
  });

  it('a table with gridSpan and vMerge: merged units inherited, blank deadline stays blank', async () => {
    const rows = [
      [cell('序号'), cell('工作任务'), cell('牵头单位'), cell('完成时限')],
      [cell('一、优化营商环境', { span: 4 })],
      [cell('1'), cell('推行企业开办一网通办。'), cell('区市场监管局', { vMerge: 'restart' }), cell('9月底前')],
      [cell('2'), cell('公开涉企收费清单。'), cell('', { vMerge: 'continue' }), cell('')],
    ];
    const bytes = docx(p('某区2024年重点任务清单') + table(rows));
    const plan = await parsePlan(bytes, { name: 'merged.docx' });
    expect(
      plan.tasks.map((t) => [t.section?.label, t.number, t.units.map((u) => u.name).join(), t.deadline?.text ?? null]),
    ).toEqual([
      ['一', '1', '区市场监管局', '9月底前'],
      ['一', '2', '区市场监管局', null],
    ]);
    expect(plan.tasks[1]!.units[0]!.inherited).toBe(true);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../src/domain/errors.js';
import { readBlocks } from '../src/parse/index.js';
import { DEFAULT_LIMITS } from '../src/parse/readers/limits.js';
import { readOfd } from '../src/parse/readers/ofd.js';
import { compact, compareCells, missingParagraphs, type Truth } from './support/cells.js';
import { zip } from './support/office.js';
import { requireShared } from './support/paths.js';

/**
 * The OFD reader: the fixture package, a package written here (a table drawn with path objects, a merged
 * cell running over a page break, a repeated header, a template with a running head) and broken packages.
 */
const NS = 'xmlns:ofd="http://www.ofdspec.org/2016"';
const office = () => join(requireShared(), 'fixtures/office');
let ids = 100;

const text = (x: number, y: number, s: string, size = 3.5) =>
  `<ofd:TextObject ID="${ids++}" Boundary="${x} ${y} ${size * [...s].length} ${size * 1.4}" Font="1" Size="${size}"><ofd:TextCode X="0" Y="${size}" DeltaX="g ${[...s].length - 1} ${size}">${s}</ofd:TextCode></ofd:TextObject>`;
const line = (x0: number, y0: number, x1: number, y1: number) =>
  `<ofd:PathObject ID="${ids++}" Boundary="${x0} ${y0} ${Math.max(x1 - x0, 0.3)} ${Math.max(y1 - y0, 0.3)}" LineWidth="0.3"><ofd:AbbreviatedData>M 0 0 L ${x1 - x0} ${y1 - y0}</ofd:AbbreviatedData></ofd:PathObject>`;
// The frame as one closed path (「C」 closes it), placed through a CTM.
const frame = (x: number, y: number, w: number, h: number) =>
  `<ofd:PathObject ID="${ids++}" Boundary="${x} ${y} ${w} ${h}" CTM="2 0 0 2 0 0" LineWidth="0.3"><ofd:AbbreviatedData>M 0 0 L ${w / 2} 0 L ${w / 2} ${h / 2} L 0 ${h / 2} C</ofd:AbbreviatedData></ofd:PathObject>`;
const page = (body: string, template = true) =>
  `<?xml version="1.0" encoding="UTF-8"?><ofd:Page ${NS}>${template ? '<ofd:Template TemplateID="9"/>' : ''}<ofd:Content><ofd:Layer ID="${ids++}">${body}</ofd:Layer></ofd:Content></ofd:Page>`;

// Columns at 20 | 50 | 130 | 190 mm.
const X = [20, 50, 130, 190];
const row = (y: number, cells: string[]) => cells.map((c, i) => (c ? text(X[i]! + 1.5, y + 1.5, c) : '')).join('');
const header = (y: number) => row(y, ['序号', '工作任务', '责任单位']);

function ownOfd(): Uint8Array {
  const page1 = [
    text(60, 30, '某县2024年重点工作任务清单', 5.6),
    text(27, 45, '　　各乡镇人民政府，县政府各部门：现将重点工作任务清单印发给你们，请认真抓好落实。', 3.5),
    frame(20, 60, 170, 60),
    ...[70, 80].map((y) => line(20, y, 190, y)),
    line(20, 100, 130, 100), // no line under 县政府办公室: merged down
    line(50, 60, 50, 70),
    line(50, 80, 50, 120),
    line(130, 60, 130, 70),
    line(130, 80, 130, 120),
    header(60),
    text(21.5, 71.5, '一、深化政务公开'),
    row(80, ['1', '公开政策文件。', '县政府办公室']),
    row(100, ['2', '做好政策解读。', '']),
    text(100, 285, '- 1 -'),
  ].join('');
  const page2 = [
    text(20, 24, '续表'),
    ...[30, 40, 60, 80].map((y) => line(20, y, 190, y)),
    ...X.map((x) => line(x, 30, x, 80)),
    header(30),
    row(40, ['3', '回应社会关切。', '']),
    row(60, ['4', '公开财政预决算。', '县财政局']),
    text(27, 90, '　　各单位于每季度末报送进展情况。'),
    text(100, 285, '- 2 -'),
  ].join('');
  return zip({
    'OFD.xml': `<?xml version="1.0" encoding="UTF-8"?><ofd:OFD ${NS} Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>x</ofd:DocID></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`,
    'Doc_0/Document.xml': `<?xml version="1.0" encoding="UTF-8"?><ofd:Document ${NS}><ofd:CommonData><ofd:MaxUnitID>999</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea><ofd:TemplatePage ID="9" BaseLoc="Tpls/Tpl_0/Content.xml"/></ofd:CommonData><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/><ofd:Page ID="2" BaseLoc="/Doc_0/Pages/Page_1/Content.xml"/></ofd:Pages></ofd:Document>`,
    'Doc_0/Tpls/Tpl_0/Content.xml': page(text(150, 12, '某县人民政府办公室', 3), false),
    'Doc_0/Pages/Page_0/Content.xml': page(page1),
    'Doc_0/Pages/Page_1/Content.xml': page(page2),
  });
}

const ctx = (label: string) => ({ label, limits: DEFAULT_LIMITS });

describe('ofd: reading', () => {
  it('a package written here: a ruled table over two pages (「续表」), merged cells, prose and furniture', async () => {
    const doc = await readBlocks(ownOfd(), { name: 'own.ofd' });
    const truth: Truth = {
      header: ['序号', '工作任务', '责任单位'],
      rows: [
        ['一、深化政务公开', '一、深化政务公开', '一、深化政务公开'],
        ['1', '公开政策文件。', '县政府办公室'],
        ['2', '做好政策解读。', '县政府办公室'],
        ['3', '回应社会关切。', '县政府办公室'],
        ['4', '公开财政预决算。', '县财政局'],
      ],
    };
    const r = compareCells(doc, truth);
    expect(r.wrong).toEqual([]);
    expect(r.rows.got).toBe(r.rows.want);
    const tables = doc.blocks.filter((b) => b.kind === 'table');
    expect(tables).toHaveLength(1);
    expect(tables[0]!.rows[4]!.cells[2]!.covered).toEqual({ row: 2, col: 2 });
    expect(tables[0]!.rows[4]!.span.page).toBe(2);
    const paragraphs = doc.blocks.flatMap((b) => (b.kind === 'paragraph' ? [b.text] : []));
    expect(paragraphs).toEqual([
      '某县2024年重点工作任务清单',
      '各乡镇人民政府，县政府各部门：现将重点工作任务清单印发给你们，请认真抓好落实。',
      '各单位于每季度末报送进展情况。',
    ]);
    expect(doc.format).toBe('ofd');
    expect(doc.pages).toBe(2);
  });

  it('plan004.ofd: the notice’s paragraphs and the table on its second page', async () => {
    const doc = await readBlocks(readFileSync(join(office(), 'plan004.ofd')), { name: 'plan004.ofd' });
    const paragraphs = JSON.parse(readFileSync(join(office(), 'plan004.truth.json'), 'utf8')).paragraphs as string[];
    // The package holds the covering notice (the truth's first eight paragraphs) and a table.
    expect(missingParagraphs(doc, paragraphs.slice(0, 8))).toEqual([]);
    const t = JSON.parse(readFileSync(join(office(), 'plan000.truth.json'), 'utf8')) as Truth;
    const r = compareCells(doc, { header: t.header, rows: t.rows!.slice(0, 3) });
    // The hand-made package prints only the start of one long cell (its text stops at the cell's bottom).
    expect(r.wrong.map(([row, col]) => [row, col])).toEqual([[2, 2]]);
    const [, , want, got] = r.wrong[0]!;
    expect(compact(want).startsWith(compact(got!))).toBe(true);
    expect(r.rows.got).toBe(4);
  });
});

async function refusal(read: Promise<unknown>, name: string): Promise<AppError> {
  const t0 = Date.now();
  try {
    await read;
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).userMessage).toContain(name);
    expect(Date.now() - t0).toBeLessThan(10_000);
    return e as AppError;
  }
  throw new Error(`${name} was read without complaint`);
}

const OFD_XML = `<ofd:OFD ${NS}><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`;
const DOCUMENT = `<ofd:Document ${NS}><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>`;

describe('ofd: broken and hostile packages', () => {
  it('a zip bomb as page content', async () => {
    const bytes = zip({
      'OFD.xml': OFD_XML,
      'Doc_0/Document.xml': DOCUMENT,
      'Doc_0/Pages/Page_0/Content.xml': new Uint8Array(40 << 20),
    });
    const e = await refusal(readBlocks(bytes, { name: 'bomb.ofd' }), 'bomb.ofd');
    expect(e.code).toBe('format-unsafe');
    expect(e.userMessage).toContain('压缩炸弹');
  });
  it('a zip-slip entry name', async () => {
    const bytes = zip({ 'OFD.xml': OFD_XML, 'Doc_0/Document.xml': DOCUMENT, '../../evil.xml': '<x/>' });
    const e = await refusal(readBlocks(bytes, { name: 'slip.ofd' }), 'slip.ofd');
    expect(e.code).toBe('format-unsafe');
    expect(e.userMessage).toContain('越界路径');
  });
  it('no OFD.xml: not taken for OFD at all, and refused by the reader itself', async () => {
    const bytes = zip({ 'Doc_0/Document.xml': DOCUMENT });
    expect((await refusal(readBlocks(bytes, { name: 'bare.ofd' }), 'bare.ofd')).code).toBe('format-unsupported');
    const e = await refusal(readOfd(bytes, ctx('bare.ofd')), 'bare.ofd');
    expect(e.code).toBe('format-corrupt');
    expect(e.userMessage).toContain('OFD.xml');
  });
  it('a document root or a page that is not there, a document with no pages', async () => {
    const noRoot = zip({ 'OFD.xml': OFD_XML });
    expect((await refusal(readOfd(noRoot, ctx('noroot.ofd')), 'noroot.ofd')).code).toBe('format-corrupt');
    const noPage = zip({ 'OFD.xml': OFD_XML, 'Doc_0/Document.xml': DOCUMENT });
    expect((await refusal(readOfd(noPage, ctx('nopage.ofd')), 'nopage.ofd')).userMessage).toContain('第 1 页');
    const empty = zip({ 'OFD.xml': OFD_XML, 'Doc_0/Document.xml': `<ofd:Document ${NS}/>` });
    expect((await refusal(readOfd(empty, ctx('empty.ofd')), 'empty.ofd')).userMessage).toContain('没有页面');
  });
  it('a truncated package and an entity declaration in page content', async () => {
    const whole = ownOfd();
    const cut = await refusal(readBlocks(whole.subarray(0, whole.length - 40), { name: 'cut.ofd' }), 'cut.ofd');
    expect(['format-corrupt', 'format-unsupported']).toContain(cut.code);
    const xxe = `<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]><ofd:Page ${NS}>&x;</ofd:Page>`;
    const bytes = zip({ 'OFD.xml': OFD_XML, 'Doc_0/Document.xml': DOCUMENT, 'Doc_0/Pages/Page_0/Content.xml': xxe });
    expect((await refusal(readBlocks(bytes, { name: 'xxe.ofd' }), 'xxe.ofd')).code).toBe('format-unsafe');
  });
  it('a scanned OFD: page images, no text', async () => {
    const image = `<ofd:ImageObject ID="5" Boundary="0 0 210 297" ResourceID="6"/>`;
    const bytes = zip({
      'OFD.xml': OFD_XML,
      'Doc_0/Document.xml': DOCUMENT,
      'Doc_0/Pages/Page_0/Content.xml': page(image, false),
    });
    const e = await refusal(readBlocks(bytes, { name: 'scan.ofd' }), 'scan.ofd');
    expect(e.code).toBe('format-scanned');
  });
});

import { describe, expect, it } from 'vitest';
import { readBlocks } from '../src/parse/index.js';
import { planFromBlocks } from '../src/parse/pipeline.js';

/**
 * What OCR gets wrong in a table's unit and deadline cells, put right against the genre's names and the
 * plan's own: the same table read from a text layer keeps every cell exactly as printed. The cells here are
 * the misreadings the scanned office fixtures show (a glyph lost at a cell's edge, a name wrapped onto the
 * next line, the mark between two names lost, a quote left by an erased rule).
 */
const ROWS = [
  ['序号', '工作任务', '责任单位', '完成时限'],
  ['1', '做好财政预决算信息公开工作。', '市财政；市税务', '长期推'],
  ['2', '做好营商环境政策信息公开。', '市政府各部门、各直属机构', '2022年底前'],
  ['3', '做好重大建设项目信息公开。', '市政府各部门、各直属机构', '2022年底前'],
  ['4', '做好政策解读回应工作。', '市政府各部门各直属机构；”市经信、局', '持续推进'],
  ['5', '做好基层政务公开工作。', '县市区政府', '长期坚持'],
  ['6', '做好涉农补贴信息公开。', '各县市区政府；市委办', '长期坚持'],
  ['7', '做好政务新媒体管理工作。', '各县市区政府', '长期坚持'],
];

async function read(scanned: boolean) {
  const text = `${ROWS.map((r) => r.join('\t')).join('\n')}\n`;
  const doc = await readBlocks(new TextEncoder().encode(text), { name: '表.txt' });
  if (scanned) doc.scanned = { pages: [1], doubts: [] };
  return planFromBlocks(doc, { name: '表.txt' });
}

describe('OCR: unit names and deadlines held against known words', () => {
  it('puts right a scanned table’s misread unit names and lasting-effort deadlines', async () => {
    const plan = await read(true);
    const by = (n: string) => plan.tasks.find((t) => t.number === n)!;
    expect(by('1').units.map((u) => u.name)).toEqual(['市财政局', '市税务局']);
    expect(by('1').deadline).toMatchObject({ text: '长期推进', kind: 'ongoing' });
    expect(by('4').units.map((u) => u.name)).toEqual(['市政府各部门', '各直属机构', '市经信局']);
    expect(by('5').units.map((u) => u.name)).toEqual(['各县市区政府']);
    // Three characters with one changed may be another office: 市委办 is not made 市府办.
    expect(by('6').units.map((u) => u.name)).toEqual(['各县市区政府', '市委办']);
  });

  it('leaves a table read from a text layer as printed', async () => {
    const plan = await read(false);
    const by = (n: string) => plan.tasks.find((t) => t.number === n)!;
    expect(by('1').units.map((u) => u.name)).toEqual(['市财政', '市税务']);
    expect(by('1').deadline?.text).toBe('长期推');
    expect(by('5').units.map((u) => u.name)).toEqual(['县市区政府']);
  });
});

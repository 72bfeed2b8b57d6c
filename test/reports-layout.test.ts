import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { DocumentHead } from '../src/reports/gbt9704-parts.js';
import { titleLines } from '../src/reports/title-lines.js';
import { type TongbaoData, tongbaoDocx } from '../src/reports/tongbao.js';

/** GB/T 9704-2012 checked on the WordprocessingML the documents are written as. */
const twips = (mm: number) => Math.round((mm * 1440) / 25.4);
const docXml = (bytes: Uint8Array) => strFromU8(unzipSync(bytes)['word/document.xml']!);
const paragraphs = (xml: string) =>
  [...xml.matchAll(/<w:p>([\s\S]*?)<\/w:p>|<w:p [^>]*>([\s\S]*?)<\/w:p>/g)].map((m) => m[0]);
const width = (s: string) => [...s].reduce((w, c) => w + (c.charCodeAt(0) < 0x2e80 ? 0.5 : 1), 0);
const text = (xml: string) => [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');

const head: DocumentHead = {
  issuer: '潮州市政务公开办公室',
  mark: '潮州市政务公开办公室',
  docNumber: '潮公开办〔2022〕12号',
  addressee: '各有关单位',
  date: '2023-01-10',
};
const tally = { items: 2, onTime: 1, late: 0, submitted: 0, overdue: 1, pending: 0 };
const tongbao: TongbaoData = {
  head,
  planTitle: '潮州市2022年政务公开工作要点分工方案',
  topic: '政务公开',
  quarterLabel: '2022年第四季度',
  start: '2022-10-01',
  end: '2022-12-31',
  through: '2022-12-31',
  totals: { ...tally, units: 1 },
  reports: { periods: 0, onTime: 0, late: 0, missed: 0, notDue: 0 },
  bySection: [{ name: '一、优化政务公开工作基础', ...tally }],
  byUnit: Array.from({ length: 40 }, (_, i) => ({ name: `单位${i + 1}`, ...tally })),
  onTimeUnits: [],
  laggingUnits: ['单位1'],
  overdueItems: [],
  unassignedTasks: 0,
};

describe('公文 layout on the XML', async () => {
  const xml = docXml(await tongbaoDocx(tongbao));
  const paras = paragraphs(xml);

  it('puts the 发文机关标志 35 mm below the 版心 top and the 发文字号 two lines under it, with the red rule', () => {
    const mark = paras.findIndex((p) => text(p) === head.mark);
    expect(mark).toBeGreaterThanOrEqual(0);
    expect(Number(/<w:spacing [^>]*w:before="(\d+)"/.exec(paras[mark]!)![1])).toBe(twips(35));
    expect(paras[mark]).toContain('w:color w:val="E60012"');
    // Two empty lines, then the 发文字号 over the red rule.
    expect(text(paras[mark + 1]!)).toBe('');
    expect(text(paras[mark + 2]!)).toBe('');
    expect(text(paras[mark + 3]!)).toBe(head.docNumber);
    expect(paras[mark + 3]).toMatch(/<w:bottom [^>]*w:color="E60012"/);
  });

  it('breaks the title by hand at a word boundary, in a balanced shape', () => {
    const title = paras.find((p) => p.includes('w:val="GwTitle"'))!;
    const lines = title.split('<w:br/>').map(text);
    expect(lines).toEqual(['关于2022年第四季度政务公开', '重点工作任务落实情况的通报']);
  });

  it('keeps every table row on one page and repeats the header row', () => {
    const rowsXml = [...xml.matchAll(/<w:tr(?: [^>]*)?>([\s\S]*?)<\/w:tr>/g)].map((m) => m[1]!);
    expect(rowsXml.length).toBeGreaterThan(40);
    for (const r of rowsXml) expect(r).toContain('<w:cantSplit/>');
    const headers = rowsXml.filter((r) => r.includes('<w:tblHeader/>'));
    expect(headers.length).toBe(2); // one per table
    expect(text(headers[0]!)).toContain('应完成');
  });

  it('ends with the 版记: 印发机关 and 印发日期 between rules', () => {
    const last = paras.filter((p) => text(p) !== '').at(-1)!;
    expect(text(last)).toBe('潮州市政务公开办公室2023年1月10日印发');
    expect(last).toContain('<w:tab/>');
    expect(last).toMatch(/<w:top [^>]*w:val="single"/);
    expect(last).toMatch(/<w:bottom [^>]*w:val="single"/);
  });
});

describe('title lines', () => {
  it('never breaks inside a word, and keeps short titles on one line', () => {
    expect(titleLines('年度政务公开重点工作任务落实情况', 20)).toEqual(['年度政务公开重点工作任务落实情况']);
    for (const t of [
      '关于印发2022年11—12月政务公开重点工作任务提示单的通知',
      '潮州市政务公开办公室关于催办政务公开重点工作任务的通知',
      '关于2022年第三季度政务公开重点工作任务落实情况的通报',
    ]) {
      const lines = titleLines(t, 20);
      expect(lines.join('')).toBe(t);
      expect(lines).toHaveLength(2);
      for (const l of lines) expect(width(l)).toBeLessThanOrEqual(20);
      // No line ends or starts inside 重点工作任务 / 政务公开.
      expect(lines.join('|')).not.toMatch(/重点工\||重\|点|政务\|公开|工作\|任务/);
      // Balanced, the upper line no shorter than the lower.
      expect(width(lines[0]!) - width(lines[1]!)).toBeGreaterThanOrEqual(0);
      expect(width(lines[0]!) - width(lines[1]!)).toBeLessThanOrEqual(4);
    }
  });
});

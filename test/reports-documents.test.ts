import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { type CuibanData, cuibanDocx } from '../src/reports/cuiban.js';
import { fontconfigFallbacks } from '../src/reports/fonts.js';
import type { DocumentHead } from '../src/reports/gbt9704-parts.js';
import { type HuitoukanData, huitoukanDocx, huitoukanXlsx } from '../src/reports/huitoukan.js';
import { type NianbaoData, nianbaoDocx } from '../src/reports/nianbao.js';
import { TISHIDAN_COLUMNS, type TishidanData, tishidanDocx, tishidanXlsx } from '../src/reports/tishidan.js';
import { type TongbaoData, tongbaoDocx, tongbaoXlsx } from '../src/reports/tongbao.js';

/** The documents' content as written: WordprocessingML parts and spreadsheet cells, from plain data. */
const twips = (mm: number) => Math.round((mm * 1440) / 25.4);

function parts(bytes: Uint8Array): Record<string, string> {
  return Object.fromEntries(Object.entries(unzipSync(bytes)).map(([k, v]) => [k, strFromU8(v)]));
}
const text = (xml: string) => [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
/** Each table row's cells' text, in order. */
const rows = (xml: string) =>
  [...xml.matchAll(/<w:tr>([\s\S]*?)<\/w:tr>/g)].map((r) =>
    [...r[1]!.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((c) => text(c[1]!)),
  );

async function sheet(bytes: Uint8Array, name?: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  const ws = name ? wb.getWorksheet(name) : wb.worksheets[0];
  if (!ws) throw new Error(`no sheet ${name}`);
  const merges = (ws.model as unknown as { merges: string[] }).merges;
  const value = (r: number, c: number) => String(ws.getCell(r, c).value ?? '');
  return { ws, merges, value };
}

const head: DocumentHead = {
  issuer: '潮州市政务公开办公室',
  mark: '潮州市政务公开办公室',
  docNumber: '潮公开办〔2022〕12号',
  addressee: '各县（区）人民政府，市政府各部门',
  date: '2022-10-31',
};

const row = (task: string, n: number) => ({
  task,
  requirement: `${n}.依托政府信息公开平台完善规章库。`,
  units: '市司法局、市政务服务数据管理局',
  status: n === 1 ? '已办结2个单位\n推进中1个单位' : '已全面完成。',
  note: '2022年底前',
});
const tishidan: TishidanData = {
  head,
  planTitle: '潮州市2022年政务公开工作要点分工方案',
  topic: '政务公开',
  periodLabel: '2022年11—12月',
  dueBy: '2022-12-31',
  sections: [
    { title: '一、年底前专项工作任务', rows: [row('1.行政规范性文件集中公开', 1)] },
    {
      title: '二、优化政务公开工作基础',
      rows: [row('（一）深化规章集中公开。', 2), row('（一）深化规章集中公开。', 3)],
    },
  ],
};

describe('the 公文 page (GB/T 9704)', async () => {
  const p = parts(await tishidanDocx(tishidan));
  const doc = p['word/document.xml']!;

  it('is A4 with the standard margins: 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm', () => {
    expect(doc).toContain('<w:pgSz w:w="11906" w:h="16838"');
    const m = /<w:pgMar ([^>]*)\/>/.exec(doc)![1]!;
    const attr = (k: string) => Number(new RegExp(`w:${k}="(\\d+)"`).exec(m)![1]);
    expect(attr('top')).toBe(twips(37));
    expect(attr('left')).toBe(twips(28));
    expect(11906 - attr('left') - attr('right')).toBe(twips(156));
    expect(16838 - attr('top') - attr('bottom')).toBe(twips(225));
  });

  it('names the 公文 fonts: 小标宋 title, 仿宋 3号 body at 22 lines, 黑体 and 楷体 headings, fallbacks declared', () => {
    const styles = p['word/styles.xml']!;
    const style = (id: string) => new RegExp(`w:styleId="${id}"[\\s\\S]*?</w:style>`).exec(styles)![0];
    expect(style('GwTitle')).toContain('w:eastAsia="方正小标宋简体"');
    expect(style('GwTitle')).toContain('<w:sz w:val="44"/>');
    expect(style('GwBody')).toContain('w:eastAsia="仿宋_GB2312"');
    expect(style('GwBody')).toContain('<w:sz w:val="32"/>');
    expect(style('GwBody')).toMatch(/w:line="57\d" w:lineRule="exact"/);
    expect(style('GwHeading1')).toContain('w:eastAsia="黑体"');
    expect(style('GwHeading2')).toContain('w:eastAsia="楷体_GB2312"');
    const fonts = p['word/fontTable.xml']!;
    expect(fonts).toContain(
      '<w:font w:name="方正小标宋简体"><w:altName w:val="FZXiaoBiaoSong-B05S"/><w:charset w:val="86"/>',
    );
    expect(fontconfigFallbacks()).toMatch(/方正小标宋简体[\s\S]*Noto Serif CJK SC[\s\S]*bold/);
  });

  it('prints 页码 «— n —» in 4号宋体, odd pages right and even pages left', () => {
    expect(p['word/settings.xml']).toContain('<w:evenAndOddHeaders/>');
    const footers = Object.keys(p).filter((k) => /^word\/footer\d+\.xml$/.test(k));
    expect(footers).toHaveLength(2);
    const sides = footers.map((f) => /<w:jc w:val="(\w+)"\/>/.exec(p[f]!)![1]).sort();
    expect(sides).toEqual(['left', 'right']);
    for (const f of footers) {
      expect(p[f]).toContain('<w:instrText xml:space="preserve">PAGE</w:instrText>');
      expect(text(p[f]!)).toBe('—  —');
    }
    const pn = /w:styleId="GwPageNumber"[\s\S]*?<\/w:style>/.exec(p['word/styles.xml']!)![0];
    expect(pn).toContain('w:eastAsia="宋体"');
    expect(pn).toContain('<w:sz w:val="28"/>');
  });

  it('has the 版头 with 发文字号, the title, 主送机关 and 落款 with 成文日期', () => {
    const t = text(doc);
    expect(t).toContain('潮公开办〔2022〕12号');
    expect(t).toContain('关于做好2022年11—12月政务公开重点工作任务落实的提示单');
    expect(t).toContain('各县（区）人民政府，市政府各部门：');
    expect(t).toContain('附件：2022年11—12月政务公开重点工作任务清单');
    expect(t).toContain(
      '根据《潮州市2022年政务公开工作要点分工方案》，现将《2022年11—12月政务公开重点工作任务清单》印发给你们',
    );
    expect(t).toContain('于2022年12月31日前完成各项任务');
    expect(t).toMatch(/潮州市政务公开办公室2022年10月31日/);
    expect(doc).toContain('w:color="E60012"');
  });
});

describe('任务提示单', () => {
  it('DOCX: the columns of seed 002, header repeated on each page, sections across, groups merged down', async () => {
    const doc = parts(await tishidanDocx(tishidan))['word/document.xml']!;
    const t = rows(doc);
    expect(t[0]).toEqual([...TISHIDAN_COLUMNS]);
    expect(doc).toMatch(/<w:trPr>(?:(?!<\/w:trPr>).)*<w:tblHeader\/>/);
    expect(t[1]).toEqual(['一、年底前专项工作任务']);
    expect(t[2]).toEqual([
      '1.行政规范性文件集中公开',
      '1.依托政府信息公开平台完善规章库。',
      '市司法局、市政务服务数据管理局',
      '已办结2个单位推进中1个单位',
      '2022年底前',
    ]);
    expect(doc).toContain('<w:gridSpan w:val="5"/>');
    expect(doc).toContain('<w:vMerge w:val="restart"/>');
    expect(doc).toContain('<w:vMerge w:val="continue"/>');
    expect(t[5]![0]).toBe('');
  });

  it('XLSX: merged title, section and group cells, frozen header, A4 landscape with the header row repeated', async () => {
    const { ws, merges, value } = await sheet(await tishidanXlsx(tishidan));
    expect(value(1, 1)).toBe('2022年11—12月政务公开重点工作任务清单');
    expect([1, 2, 3, 4, 5].map((c) => value(2, c))).toEqual([...TISHIDAN_COLUMNS]);
    expect(merges).toEqual(expect.arrayContaining(['A1:E1', 'A3:E3', 'A5:E5', 'A6:A7']));
    expect(value(6, 1)).toBe('（一）深化规章集中公开。');
    expect(value(4, 4)).toBe('已办结2个单位\n推进中1个单位');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(ws.pageSetup).toMatchObject({
      paperSize: 9,
      orientation: 'landscape',
      printTitlesRow: '2:2',
      fitToWidth: 1,
    });
    expect(ws.getCell(4, 2).border?.top?.style).toBe('thin');
    expect(ws.getColumn(2).width).toBeGreaterThan(ws.getColumn(5).width ?? 0);
    expect(ws.getRow(4).height).toBeGreaterThan(20);
  });
});

describe('催办单', () => {
  const data: CuibanData = {
    head: { ...head, addressee: '潮州市财政局' },
    topic: '政务公开',
    unit: '潮州市财政局',
    planTitle: '潮州市2022年政务公开工作要点分工方案',
    asOf: '2022-07-05',
    replyBy: '2022-07-12',
    items: [
      {
        plan: null,
        task: '1.全面公开财政预决算。',
        deadline: '2022年6月底前',
        due: '2022-06-30',
        state: '推进中',
        daysOverdue: 5,
      },
    ],
  };
  it('names the unit, its overdue items with days late, and the day to answer by', async () => {
    const doc = parts(await cuibanDocx(data))['word/document.xml']!;
    const t = text(doc);
    expect(t).toContain('关于督促落实政务公开重点工作任务的催办单');
    expect(t).toContain('潮州市财政局：');
    expect(t).toContain('截至2022年7月5日，你单位承担的以下1项工作任务已超过完成时限');
    expect(t).toContain('于2022年7月12日前通过台账系统报送');
    expect(rows(doc)).toEqual([
      ['序号', '工作任务', '完成时限', '当前状态', '逾期天数'],
      ['1', '1.全面公开财政预决算。', '2022年6月底前2022年6月30日', '推进中', '5天'],
    ]);
  });
});

const tally = (items: number, onTime: number, overdue: number) => ({
  items,
  onTime,
  late: 0,
  submitted: 0,
  overdue,
  pending: items - onTime - overdue,
});
const tongbao: TongbaoData = {
  head: { ...head, addressee: '各有关单位' },
  planTitle: '潮州市2022年政务公开工作要点分工方案',
  topic: '政务公开',
  quarterLabel: '2022年第三季度',
  start: '2022-07-01',
  end: '2022-09-30',
  through: '2022-09-30',
  totals: { ...tally(7, 4, 3), units: 2 },
  reports: { periods: 2, onTime: 1, late: 0, missed: 1, notDue: 0 },
  unassignedTasks: 1,
  bySection: [{ name: '一、优化政务公开工作基础', ...tally(7, 4, 3) }],
  byUnit: [
    { name: '潮州市财政局', ...tally(3, 3, 0) },
    { name: '潮州市司法局', ...tally(4, 1, 3) },
  ],
  onTimeUnits: ['潮州市财政局'],
  laggingUnits: ['潮州市司法局'],
  overdueItems: [
    { section: '一、优化政务公开工作基础', task: '1.甲', unit: '潮州市司法局', due: '2022-06-30', state: '推进中' },
    { section: '一、优化政务公开工作基础', task: '2.乙', unit: '潮州市司法局', due: '2022-09-30', state: '未开始' },
    { section: '一、优化政务公开工作基础', task: '2.乙', unit: '潮州市财政局', due: '2022-09-30', state: '未开始' },
  ],
};

describe('季度通报', () => {
  it('states the figures, the tables by section and unit, the units on time and lagging, next steps', async () => {
    const doc = parts(await tongbaoDocx(tongbao))['word/document.xml']!;
    const t = text(doc);
    expect(t).toContain('截至2022年9月30日');
    expect(t).toContain('应于2022年第三季度内完成的共7项（按责任单位计），涉及2个责任单位');
    expect(t).toContain(
      '按时完成4项，逾期完成0项，已报办结待审核0项，逾期未完成3项；按时完成率57.1%（不计尚未到期和待审核的任务），完成率57.1%',
    );
    // Ongoing work only as reporting periods, never among 应完成.
    expect(t).toContain(
      '持续推进类工作不计入应完成数，按期报送进展：本季度应报送2期，其中按期报送1期，逾期报送0期，未报送1期',
    );
    expect(t).toContain('另有1项任务尚未明确责任单位，未计入以上数字');
    expect(t).toMatch(/（一）应完成任务均按时完成的单位潮州市财政局。（二）有逾期未完成任务的单位潮州市司法局。/);
    expect(t).toContain('四、下一步工作');
    expect(t).toContain('对逾期未完成的3项任务');
    const tables = rows(doc);
    expect(tables).toContainEqual(['责任单位', '应完成', '按时完成', '逾期完成', '待审核', '逾期未完成', '按时完成率']);
    expect(tables).toContainEqual(['潮州市司法局', '4', '1', '0', '0', '3', '25.0%']);
    expect(tables).toContainEqual(['合计', '7', '4', '0', '0', '3', '57.1%']);
    expect(t).not.toMatch(/排名|得分|第一名/);
  });

  it('XLSX: a sheet by section, by unit, and the overdue items with the 领域 on every row and each task once', async () => {
    const bytes = await tongbaoXlsx(tongbao);
    const units = await sheet(bytes, '分单位');
    expect([1, 2, 3, 4, 5, 6, 7].map((c) => units.value(4, c))).toEqual([
      '潮州市司法局',
      '4',
      '1',
      '0',
      '0',
      '3',
      '25.0%',
    ]);
    const overdue = await sheet(bytes, '逾期未完成');
    // The 领域 on every row, so every printed page shows it; no merged 领域 cell.
    expect(overdue.merges).toEqual(['A1:E1', 'B4:B5']);
    expect(overdue.value(3, 1)).toBe('一、优化政务公开工作基础');
    expect(overdue.value(4, 1)).toBe('一、优化政务公开工作基础');
    // A task's text once, merged over its units.
    expect(overdue.value(4, 2)).toBe('2.乙');
    expect(overdue.value(3, 4)).toBe('2022年6月30日');
  });
});

describe('年报 section', () => {
  const data: NianbaoData = {
    head: { ...head, mark: null, docNumber: null, addressee: null },
    planTitle: '潮州市2022年政务公开工作要点分工方案',
    topic: '政务公开',
    year: 2022,
    wholeYear: true,
    asOf: '2022-12-31',
    totals: {
      tasks: 4,
      assignedTasks: 3,
      unassignedTasks: 1,
      units: 2,
      items: 8,
      done: 6,
      onTime: 5,
      late: 1,
      submitted: 1,
      overdue: 1,
      notDue: 0,
      undated: 0,
      periodicItems: 2,
      periods: 8,
      periodsOnTime: 4,
      periodsLate: 1,
      periodsMissed: 3,
      periodsNotDue: 0,
    },
    bySection: [
      { name: '一、公开', tasks: 2, items: 5, done: 4 },
      { name: '二、解读', tasks: 1, items: 3, done: 2 },
    ],
  };
  it('drafts the narrative and the table by section from the figures', async () => {
    const doc = parts(await nianbaoDocx(data))['word/document.xml']!;
    const t = text(doc);
    expect(t.startsWith('年度政务公开重点工作任务落实情况')).toBe(true);
    expect(t).toContain('将3项重点工作任务逐项分解到2个责任单位');
    expect(t).toContain(
      '截至2022年12月31日，全年应完成的分解任务8项（按责任单位计），已完成6项（其中按时完成5项、逾期完成1项），完成率75.0%',
    );
    expect(t).toContain('应报送8期，按期报送4期，逾期报送1期，未报送3期');
    expect(t).toContain('应完成但尚未完成的2项中，已报办结待审核1项，逾期未完成1项。');
    expect(t).toContain('另有1项任务尚未明确责任单位');
    expect(t).not.toContain('已逐项分析原因');
    expect(rows(doc)).toEqual([
      ['领域', '重点任务（项）', '分解任务（项）', '已完成（项）', '完成率'],
      ['一、公开', '2', '5', '4', '80.0%'],
      ['二、解读', '1', '3', '2', '66.7%'],
      ['合计', '3', '8', '6', '75.0%'],
    ]);
  });
});

describe('回头看', () => {
  const data: HuitoukanData = {
    head: { ...head, addressee: '各有关单位' },
    topic: '政务公开',
    lastYear: 2022,
    lastPlanTitle: '2022年庆元县政务公开工作要点',
    year: 2023,
    planTitle: '庆元县2023年政务公开工作要点分工方案',
    asOf: '2023-01-10',
    totalItems: 10,
    items: [
      {
        section: '一、公开',
        task: '1.全面公开财政预决算。',
        deadline: '2022年6月底前',
        carriedTo: '第1项',
        units: [
          {
            unit: '庆元县财政局',
            state: '退回',
            history: [
              { date: '2022-03-15', what: '申请办结', text: '已公开。' },
              { date: '2022-03-18', what: '退回', text: '请补充链接。' },
            ],
          },
          { unit: '庆元县发改局', state: '未开始', history: [] },
        ],
      },
    ],
  };
  it('lists the unfinished tasks with each unit’s history and where this year carries them', async () => {
    const doc = parts(await huitoukanDocx(data))['word/document.xml']!;
    const t = text(doc);
    expect(t).toContain(
      '2022年度分解落实的10项任务中，尚有2项未办结，涉及1项重点任务、2个责任单位；其中1项重点任务已纳入《庆元县2023年政务公开工作要点分工方案》继续推进',
    );
    const table = rows(doc);
    expect(table[0]).toEqual(['序号', '原任务', '责任单位', '当前状态', '办理经过', '纳入2023年任务']);
    expect(table[1]).toEqual(['一、公开']);
    expect(table[2]).toEqual([
      '1',
      '1.全面公开财政预决算。完成时限：2022年6月底前',
      '庆元县财政局',
      '退回',
      // A summary per unit, not every log line; Chinese dates.
      '最近：2022年3月18日退回（请补充链接。）；共申请办结1次，退回1次',
      '第1项',
    ]);
    expect(table[3]).toEqual(['', '', '庆元县发改局', '未开始', '无报送记录', '']);
  });

  it('XLSX: the task’s cells merged over its units', async () => {
    const { merges, value } = await sheet(await huitoukanXlsx(data));
    expect(merges).toEqual(expect.arrayContaining(['A3:F3', 'A4:A5', 'B4:B5', 'F4:F5']));
    expect(value(5, 3)).toBe('庆元县发改局');
    // The spreadsheet keeps every entry, dated the Chinese way.
    expect(value(4, 5)).toBe('2022年3月15日 申请办结：已公开。\n2022年3月18日 退回：请补充链接。');
  });

  it('says so when everything was finished', async () => {
    const t = text(parts(await huitoukanDocx({ ...data, items: [] }))['word/document.xml']!);
    expect(t).toContain('2022年度分解落实的10项任务中，各项任务均已办结。');
    expect(t).not.toContain('附件');
  });
});

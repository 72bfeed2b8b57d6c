import type { Paragraph, Table } from 'docx';
import { body, gongwenDocx } from './gbt9704.js';
import { attachment, attachmentNote, chineseDate, type DocumentHead, opening, signature } from './gbt9704-parts.js';
import { type CellInput, gongwenTable } from './gongwen-table.js';
import { newWorkbook, OfficeSheet, workbookBytes } from './sheet.js';

/**
 * 回头看: last year's plan looked back on — the tasks some unit has not finished, each unit's share with where
 * it stands and what happened to it (reports, reviews, extensions), and where it went in this year's plan.
 */
export interface HistoryEntry {
  /** ISO date. */
  date: string;
  /** 报送进展, 申请办结, 办结, 退回, 重新打开, 申请延期 …. */
  what: string;
  text: string;
}

export interface HuitoukanItem {
  section: string | null;
  /** The task as printed, with its number. */
  task: string;
  deadline: string;
  units: { unit: string; state: string; history: HistoryEntry[] }[];
  /** Where this year's plan carries it (第5项), or null when it does not. */
  carriedTo: string | null;
}

export interface HuitoukanData {
  head: DocumentHead;
  topic: string;
  lastYear: number;
  lastPlanTitle: string;
  year: number;
  planTitle: string;
  asOf: string;
  /** Assignments in last year's plan. */
  totalItems: number;
  items: HuitoukanItem[];
}

export function huitoukanTitles(d: HuitoukanData): { title: string; listTitle: string } {
  return {
    title: `关于${d.lastYear}年度${d.topic}重点工作任务落实情况“回头看”的通知`,
    listTitle: `${d.lastYear}年度未办结${d.topic}重点工作任务清单`,
  };
}

export function huitoukanParagraphs(d: HuitoukanData): string[] {
  const open = d.items.reduce((n, x) => n + x.units.length, 0);
  const units = new Set(d.items.flatMap((x) => x.units.map((u) => u.unit))).size;
  const carried = d.items.filter((x) => x.carriedTo).length;
  const lead = `${d.head.issuer}对《${d.lastPlanTitle}》落实情况开展了“回头看”。经逐项核查任务台账，截至${chineseDate(d.asOf)}，${d.lastYear}年度分解落实的${d.totalItems}项任务中，`;
  if (!open) return [`${lead}各项任务均已办结。`];
  return [
    `${lead}尚有${open}项未办结，涉及${d.items.length}项重点任务、${units}个责任单位；${carried ? `其中${carried}项重点任务已纳入《${d.planTitle}》继续推进` : `上述任务尚未纳入《${d.planTitle}》`}。请有关单位逐项说明原因、明确整改措施和时限，并通过台账系统报送进展。`,
  ];
}

/** Every entry, dated the Chinese way: the spreadsheet's record. */
const history = (h: HistoryEntry[]) =>
  h.length ? h.map((e) => `${chineseDate(e.date)} ${e.what}${e.text ? `：${e.text}` : ''}`) : ['无报送记录'];

/**
 * The document's summary of a unit's record: the latest step and how many of each kind — a document listing
 * every log line runs to dozens of pages; the ledger and the spreadsheet keep them all.
 */
export function historySummary(h: readonly HistoryEntry[]): string {
  if (h.length === 0) return '无报送记录';
  const last = h.at(-1)!;
  const brief = last.text.replace(/\s+/g, '');
  const counts = new Map<string, number>();
  for (const e of h) counts.set(e.what, (counts.get(e.what) ?? 0) + 1);
  const tally = [...counts].map(([what, n]) => `${what}${n}次`).join('，');
  return `最近：${chineseDate(last.date)}${last.what}${brief ? `（${brief.length > 30 ? `${brief.slice(0, 30)}…` : brief}）` : ''}；共${tally}`;
}
const HEADER = (d: HuitoukanData) => ['序号', '原任务', '责任单位', '当前状态', '办理经过', `纳入${d.year}年任务`];

export async function huitoukanDocx(d: HuitoukanData): Promise<Uint8Array> {
  const { title, listTitle } = huitoukanTitles(d);
  const rows: CellInput[][] = [];
  let section: string | null = null;
  d.items.forEach((x, i) => {
    if (x.section && x.section !== section) rows.push([{ text: x.section, columnSpan: 6, bold: true }]);
    section = x.section;
    const span = x.units.length;
    x.units.forEach((u, k) => {
      const first: CellInput[] =
        k === 0
          ? [
              { text: String(i + 1), rowSpan: span, align: 'center' },
              { text: taskLines(x), rowSpan: span },
            ]
          : [];
      const last: CellInput[] = k === 0 ? [{ text: x.carriedTo ?? '未纳入', rowSpan: span, align: 'center' }] : [];
      rows.push([...first, u.unit, { text: u.state, align: 'center' }, historySummary(u.history), ...last]);
    });
  });
  const children: (Paragraph | Table)[] = [
    ...opening(d.head, title),
    ...huitoukanParagraphs(d).map((p, i, all) => body(p, !d.items.length && i === all.length - 1)),
  ];
  if (d.items.length)
    children.push(
      ...attachmentNote(listTitle),
      ...signature(d.head.issuer, d.head.date),
      ...attachment(listTitle),
      gongwenTable({ widths: [7, 33, 16, 11, 33, 11], header: HEADER(d), rows, size: 10.5 }),
    );
  else children.push(...signature(d.head.issuer, d.head.date));
  return gongwenDocx({ title, creator: d.head.issuer, children });
}

function taskLines(x: HuitoukanItem): string[] {
  return [x.task, ...(x.deadline ? [`完成时限：${x.deadline}`] : [])];
}

export async function huitoukanXlsx(d: HuitoukanData): Promise<Uint8Array> {
  const wb = await newWorkbook(d.head.issuer);
  const s = new OfficeSheet(wb, {
    name: '回头看',
    title: huitoukanTitles(d).listTitle,
    header: HEADER(d),
    widths: [6, 56, 24, 12, 60, 14],
    align: ['center', 'left', 'left', 'center', 'left', 'center'],
  });
  let section: string | null = null;
  d.items.forEach((x, i) => {
    if (x.section && x.section !== section) s.section(x.section);
    section = x.section;
    const first = s.ws.rowCount + 1;
    for (const u of x.units)
      s.row([
        String(i + 1),
        taskLines(x).join('\n'),
        u.unit,
        u.state,
        history(u.history).join('\n'),
        x.carriedTo ?? '未纳入',
      ]);
    // The task's own cells span its units' rows.
    for (const col of [1, 2, 6]) s.mergeDown(col, first, first + x.units.length - 1);
  });
  s.finish();
  return workbookBytes(wb);
}

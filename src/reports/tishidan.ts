import { body, gongwenDocx } from './gbt9704.js';
import {
  attachment,
  attachmentNote,
  banji,
  chineseDate,
  type DocumentHead,
  opening,
  signature,
} from './gbt9704-parts.js';
import { type CellInput, gongwenTable } from './gongwen-table.js';
import { newWorkbook, OfficeSheet, workbookBytes } from './sheet.js';

/**
 * 任务提示单: the covering notice and, as its attachment, the list of the period's tasks in the columns such
 * lists are printed with (seed 002): 工作任务 / 具体要求 / 责任单位 / 完成情况 / 备注, a section as a row across
 * the table, a group's title merged down over its tasks.
 */
export const TISHIDAN_COLUMNS = ['工作任务', '具体要求', '责任单位', '完成情况', '备注'] as const;

export interface TishidanRow {
  /** 工作任务: the task's number and short name (1.行政规范性文件集中公开), or its group's title. */
  task: string;
  requirement: string;
  units: string;
  /** 完成情况; lines separated by \n. */
  status: string;
  note: string;
}

export interface TishidanData {
  head: DocumentHead;
  planTitle: string;
  /** 政务公开, or empty for a plan on something else. */
  topic: string;
  /** 2022年11—12月, or the plan's year (2022年) for the whole plan. */
  periodLabel: string;
  /** The period's last day (ISO), when the list is for a period. */
  dueBy: string | null;
  /** The higher document the plan says it implements (from the parse), cited as the notice's basis. */
  basis?: { title: string; docNumber: string | null } | null;
  sections: { title: string | null; rows: TishidanRow[] }[];
}

export function tishidanTitles(d: TishidanData): { title: string; listTitle: string } {
  return {
    title: `关于做好${d.periodLabel}${d.topic}重点工作任务落实的提示单`,
    listTitle: `${d.periodLabel}${d.topic}重点工作任务清单`,
  };
}

/** One paragraph: with the 版头 a notice longer than that pushes its 落款 to a second page. */
function paragraph(d: TishidanData, listTitle: string): string {
  const due = d.dueBy ? `于${chineseDate(d.dueBy)}前` : '按时保质';
  // A plan that is itself the period's list (seed 002) is not its own basis: the document it implements is.
  const cited = d.basis ? `《${d.basis.title}》${d.basis.docNumber ? `（${d.basis.docNumber}）` : ''}` : '';
  const basis = d.planTitle !== listTitle ? `根据《${d.planTitle}》，` : cited ? `根据${cited}，结合工作实际，` : '';
  return `${basis}现将《${listTitle}》印发给你们。请对照清单抓紧补缺补差，${due}完成各项任务，并及时通过台账系统报送进展和佐证材料；确有困难不能按期完成的，请提出延期申请并说明理由。`;
}

const WIDTHS = [14, 35, 19, 22, 10];

export async function tishidanDocx(d: TishidanData): Promise<Uint8Array> {
  const rows: CellInput[][] = [];
  for (const s of d.sections) {
    if (s.title) rows.push([{ text: s.title, columnSpan: 5, bold: true }]);
    for (const run of taskRuns(s.rows)) {
      run.rows.forEach((r, i) => {
        const lead: CellInput[] = i === 0 ? [{ text: r.task, rowSpan: run.rows.length }] : [];
        rows.push([...lead, r.requirement, r.units, { text: r.status.split('\n') }, r.note]);
      });
    }
  }
  const { title, listTitle } = tishidanTitles(d);
  return gongwenDocx({
    title,
    creator: d.head.issuer,
    children: [
      ...opening(d.head, title),
      body(paragraph(d, listTitle)),
      ...attachmentNote(listTitle),
      ...signature(d.head.issuer, d.head.date),
      ...attachment(listTitle),
      gongwenTable({ widths: WIDTHS, header: TISHIDAN_COLUMNS, rows, size: 10.5 }),
      ...(d.head.mark ? banji(d.head.issuer, d.head.date) : []),
    ],
  });
}

export async function tishidanXlsx(d: TishidanData): Promise<Uint8Array> {
  const wb = await newWorkbook(d.head.issuer);
  const sheet = new OfficeSheet(wb, {
    name: '任务提示单',
    title: tishidanTitles(d).listTitle,
    header: TISHIDAN_COLUMNS,
    widths: [22, 60, 30, 30, 18],
  });
  for (const s of d.sections) {
    if (s.title) sheet.section(s.title);
    for (const run of taskRuns(s.rows)) {
      const first = sheet.ws.rowCount + 1;
      for (const r of run.rows) sheet.row([r.task, r.requirement, r.units, r.status, r.note]);
      sheet.mergeDown(1, first, first + run.rows.length - 1);
    }
  }
  sheet.finish();
  return workbookBytes(wb);
}

/** Consecutive rows under one 工作任务 cell: a group's tasks share it, a named task has its own. */
function taskRuns(rows: TishidanRow[]): { rows: TishidanRow[] }[] {
  const runs: { rows: TishidanRow[] }[] = [];
  for (const r of rows) {
    const last = runs.at(-1);
    if (last && r.task && last.rows[0]!.task === r.task) last.rows.push(r);
    else runs.push({ rows: [r] });
  }
  return runs;
}

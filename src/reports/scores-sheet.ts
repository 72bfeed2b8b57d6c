import type { ScoreCard } from '../domain/scoring.js';
import { newWorkbook, OfficeSheet, workbookBytes } from './sheet.js';

/**
 * 考核结果 as a spreadsheet, the form it is handed on in: a summary table (units in name order, as the
 * result is not a ranking) and every point with its reason, so the result can be checked line by line.
 */
export interface ScoresSheetData {
  title: string;
  /** «2024年第二季度»; with the day it was computed on. */
  periodLabel: string;
  asOf: string;
  issuer: string;
  units: readonly { unitName: string; card: ScoreCard }[];
}

/** Numbers stay numbers (a sheet is for adding up): points signed by format, rates as percentages. */
const POINTS = '+0.#;-0.#;0';
const RATE = '0.0%';

export async function scoresXlsx(d: ScoresSheetData): Promise<Uint8Array> {
  const wb = await newWorkbook(d.issuer);
  const summary = new OfficeSheet(wb, {
    name: '考核结果',
    title: `${d.title}（${d.periodLabel}，截至 ${d.asOf}）`,
    header: [
      '序号',
      '单位',
      '得分',
      '按时完成率',
      '应完成',
      '按时完成',
      '逾期完成',
      '待审核',
      '逾期未完成',
      '未到期',
      '进展未报送（期）',
      '加减分',
    ],
    widths: [7, 30, 8, 11, 8, 9, 9, 8, 10, 8, 12, 8],
    align: ['center', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
  });
  d.units.forEach((u, i) => {
    const adjust = u.card.lines.filter((l) => l.source.kind === 'adjustment').reduce((s, l) => s + l.points, 0);
    const n = summary.row([
      i + 1,
      u.unitName,
      u.card.score,
      u.card.onTimeRate ?? '—',
      u.card.due,
      u.card.onTime,
      u.card.late,
      u.card.submitted,
      u.card.overdue,
      u.card.notDue,
      u.card.reports.missed,
      adjust,
    ]);
    if (u.card.onTimeRate !== null) summary.ws.getCell(n, 4).numFmt = RATE;
    summary.ws.getCell(n, 12).numFmt = POINTS;
  });
  summary.finish();
  const detail = new OfficeSheet(wb, {
    name: '得分明细',
    title: `${d.title}得分明细（${d.periodLabel}，截至 ${d.asOf}）`,
    header: ['单位', '分值', '依据'],
    widths: [30, 9, 90],
    align: ['left', 'right', 'left'],
  });
  // The unit on every row, not merged: a unit's lines run over several printed pages.
  for (const u of d.units) {
    for (const l of u.card.lines) {
      const n = detail.row([u.unitName, l.source.kind === 'start' ? u.card.start : l.points, l.reason]);
      detail.ws.getCell(n, 2).numFmt = l.source.kind === 'start' ? '0' : POINTS;
    }
    detail.row([u.unitName, u.card.score, '得分'], true);
  }
  detail.finish();
  return workbookBytes(wb);
}

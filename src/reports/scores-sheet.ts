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

const percent = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);
const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

export async function scoresXlsx(d: ScoresSheetData): Promise<Uint8Array> {
  const wb = await newWorkbook(d.issuer);
  const summary = new OfficeSheet(wb, {
    name: '考核结果',
    title: `${d.title}（${d.periodLabel}，计至 ${d.asOf}）`,
    header: ['序号', '单位', '得分', '按时完成率', '到期事项', '按时完成', '逾期完成', '逾期未完成', '加减分'],
    widths: [7, 34, 9, 12, 10, 10, 10, 11, 9],
    align: ['center', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
  });
  d.units.forEach((u, i) => {
    const adjust = u.card.lines.filter((l) => l.source.kind === 'adjustment').reduce((s, l) => s + l.points, 0);
    summary.row([
      i + 1,
      u.unitName,
      u.card.score,
      percent(u.card.onTimeRate),
      u.card.due,
      u.card.onTime,
      u.card.late,
      u.card.overdue,
      adjust ? signed(adjust) : '',
    ]);
  });
  summary.finish();
  const detail = new OfficeSheet(wb, {
    name: '得分明细',
    title: `${d.title}得分明细（${d.periodLabel}）`,
    header: ['单位', '分值', '依据'],
    widths: [30, 9, 90],
    align: ['left', 'right', 'left'],
  });
  for (const u of d.units) {
    const first = detail.ws.rowCount + 1;
    if (u.card.lines.length === 0) detail.row([u.unitName, '', '无加减分事项']);
    for (const l of u.card.lines) detail.row([u.unitName, signed(l.points), l.reason]);
    detail.row([u.unitName, u.card.score, '得分'], true);
    detail.mergeDown(1, first, detail.ws.rowCount);
  }
  detail.finish();
  return workbookBytes(wb);
}

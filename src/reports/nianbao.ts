import { blank, body, caption, gongwenDocx, title } from './gbt9704.js';
import { chineseDate, type DocumentHead, opening, percent } from './gbt9704-parts.js';
import { gongwenTable } from './gongwen-table.js';

/**
 * The 政府信息公开工作年度报告's section «年度政务公开重点工作任务落实情况»: a drafted narrative from the
 * ledger's figures and a table by section, for the office to edit into the report.
 */
export interface NianbaoData {
  /** No 版头 or 主送机关 by default: the section goes into the report. */
  head: DocumentHead;
  planTitle: string;
  topic: string;
  year: number;
  /** The day the ledger was read (ISO). */
  asOf: string;
  totals: {
    tasks: number;
    units: number;
    /** Assignments: the tasks as divided among units. */
    items: number;
    done: number;
    submitted: number;
    overdue: number;
    periodicItems: number;
    /** Reporting periods of ongoing work due by `asOf`, and those reported. */
    periodsDue: number;
    periodsReported: number;
  };
  bySection: { name: string; tasks: number; items: number; done: number }[];
}

export const nianbaoTitle = (d: NianbaoData) => `年度${d.topic}重点工作任务落实情况`;

export function nianbaoParagraphs(d: NianbaoData): string[] {
  const t = d.totals;
  const open = t.items - t.done;
  const out = [
    `${d.year}年，${d.head.issuer}对照《${d.planTitle}》，将${t.tasks}项重点工作任务逐项分解到${t.units}个责任单位，建立任务台账，实行清单化管理、台账式推进。全年共分解落实重点任务${t.items}项，已完成${t.done}项，完成率${percent(t.done, t.items)}。`,
  ];
  if (t.periodicItems)
    out.push(
      `其中，持续推进类任务${t.periodicItems}项按季度报送工作进展，截至${chineseDate(d.asOf)}应报送${t.periodsDue}期，已报送${t.periodsReported}期。`,
    );
  out.push(
    open
      ? `尚未完成的${open}项任务中，已报办结待审核${t.submitted}项，逾期未完成${t.overdue}项。对尚未完成的任务，已逐项分析原因、明确责任，纳入下一年度工作台账持续推进。`
      : '各项任务均已按要求完成。',
  );
  return out;
}

export async function nianbaoDocx(d: NianbaoData): Promise<Uint8Array> {
  const heading = nianbaoTitle(d);
  const head =
    d.head.mark || d.head.docNumber || d.head.addressee ? opening(d.head, heading) : [title(heading), blank()];
  const sum = d.bySection.reduce(
    (a, s) => ({ tasks: a.tasks + s.tasks, items: a.items + s.items, done: a.done + s.done }),
    {
      tasks: 0,
      items: 0,
      done: 0,
    },
  );
  return gongwenDocx({
    title: heading,
    creator: d.head.issuer,
    children: [
      ...head,
      ...nianbaoParagraphs(d).map((p) => body(p)),
      caption(`表　${d.year}年度重点工作任务分领域落实情况`),
      gongwenTable({
        widths: [46, 13, 13, 13, 15],
        header: ['领域', '重点任务（项）', '分解任务（项）', '已完成（项）', '完成率'],
        rows: [
          ...d.bySection.map((s) => [s.name, s.tasks, s.items, s.done, percent(s.done, s.items)]),
          [{ text: '合计', align: 'center' }, sum.tasks, sum.items, sum.done, percent(sum.done, sum.items)],
        ],
        size: 12,
        align: ['left', 'center', 'center', 'center', 'center'],
      }),
    ],
  });
}

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
  /** The plan covers the whole year (a 2022年11—12月 list does not: then no «全年»). */
  wholeYear: boolean;
  /** The as-of day (ISO): the year's end by default. */
  asOf: string;
  totals: {
    /** Live tasks of the plan; of them assigned to units, and not yet (units unresolved). */
    tasks: number;
    assignedTasks: number;
    unassignedTasks: number;
    units: number;
    /** 应完成: deliverables (task × unit, one due date) due in the year; `done` = onTime + late. */
    items: number;
    done: number;
    onTime: number;
    late: number;
    submitted: number;
    overdue: number;
    notDue: number;
    /** Deliverables with no due date in the year: not in `items`, said apart. */
    undated: number;
    /** Ongoing work (assignments) and its reporting periods in the year. */
    periodicItems: number;
    periods: number;
    periodsOnTime: number;
    periodsLate: number;
    periodsMissed: number;
    periodsNotDue: number;
  };
  bySection: { name: string; tasks: number; items: number; done: number }[];
}

export const nianbaoTitle = (d: NianbaoData) => `年度${d.topic}重点工作任务落实情况`;

/** The narrative: every figure from `totals`, and the unfinished always the sum of their parts. */
export function nianbaoParagraphs(d: NianbaoData): string[] {
  const t = d.totals;
  const scope = d.wholeYear ? '全年' : '方案期内';
  const first = `${d.year}年，${d.head.issuer}对照《${d.planTitle}》，将${t.assignedTasks}项重点工作任务逐项分解到${t.units}个责任单位，建立任务台账，实行清单化管理、台账式推进。截至${chineseDate(d.asOf)}，${scope}应完成的分解任务${t.items}项（按责任单位计），已完成${t.done}项（其中按时完成${t.onTime}项、逾期完成${t.late}项），完成率${percent(t.done, t.items)}。`;
  const out = [first];
  if (t.unassignedTasks) out.push(`另有${t.unassignedTasks}项任务尚未明确责任单位，未计入以上数字。`);
  if (t.periodicItems)
    out.push(
      `持续推进类任务${t.periodicItems}项按期报送工作进展，不计入应完成数和完成率：应报送${t.periods}期，按期报送${t.periodsOnTime}期，逾期报送${t.periodsLate}期，未报送${t.periodsMissed}期${t.periodsNotDue ? `，尚未到期${t.periodsNotDue}期` : ''}。`,
    );
  const open = t.submitted + t.overdue + t.notDue;
  const parts = [
    t.submitted ? `已报办结待审核${t.submitted}项` : '',
    t.overdue ? `逾期未完成${t.overdue}项` : '',
    t.notDue ? `尚未到期${t.notDue}项` : '',
  ].filter(Boolean);
  out.push(
    open
      ? `应完成但尚未完成的${open}项中，${parts.join('，')}。对尚未完成的任务，将督促责任单位明确措施和时限，纳入台账持续跟踪。`
      : t.items
        ? '应完成的分解任务均已完成。'
        : `${scope}没有应完成的分解任务。`,
  );
  if (t.undated) out.push(`此外，${t.undated}项分解任务未明确本年度内的完成时限，未计入以上数字。`);
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

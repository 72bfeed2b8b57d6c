import type { PeriodTally } from '../domain/counting.js';
import { body, caption, gongwenDocx, heading1, heading2 } from './gbt9704.js';
import { banji, chineseDate, type DocumentHead, opening, percent, signature } from './gbt9704-parts.js';
import { gongwenTable } from './gongwen-table.js';
import { newWorkbook, OfficeSheet, workbookBytes } from './sheet.js';

/**
 * 季度通报: how the work due by the quarter's end stands — overall, by section and by unit (by name, never ranked
 * by a score: counts and rates, as the rules against 指尖上的形式主义 ask), which units finished everything on
 * time and which lag, and the next steps. Every figure is given; the wording is here.
 */
export interface Tally {
  /** 应完成: deliverables (assignments with one due date) due within the quarter; ongoing work is not here. */
  items: number;
  onTime: number;
  /** Completed, but after the deadline. */
  late: number;
  /** Claimed complete, waiting for the office's review. */
  submitted: number;
  /** Due before the day counted and not completed (逾期未完成). */
  overdue: number;
  /** 未到期: due on or after the day counted (a 通报 issued before the quarter ends). */
  pending: number;
}

export interface TallyRow extends Tally {
  name: string;
}

export interface TongbaoData {
  head: DocumentHead;
  planTitle: string;
  topic: string;
  /** 2022年第三季度. */
  quarterLabel: string;
  /** The quarter's first and last days (ISO). */
  start: string;
  end: string;
  /** The as-of day (ISO): the quarter's end by default, today while it runs. */
  through: string;
  totals: Tally & { units: number };
  /** Ongoing work, as reporting periods due in the quarter: never among 应完成. */
  reports: PeriodTally;
  bySection: TallyRow[];
  byUnit: TallyRow[];
  /** Units whose every item due was completed on time; sorted by name. */
  onTimeUnits: string[];
  /** Units with anything overdue; sorted by name. */
  laggingUnits: string[];
  /** Deliverables 逾期未完成 and reporting periods 未报送 (state names the period). */
  overdueItems: { section: string; task: string; unit: string; due: string; state: string }[];
  /** Live tasks of the plan no unit carries yet (printed units unresolved): not counted, but said. */
  unassignedTasks: number;
}

export const tongbaoTitle = (d: TongbaoData) => `关于${d.quarterLabel}${d.topic}重点工作任务落实情况的通报`;

/** Completed or overdue by the day counted: what the rates are over (see domain/counting.ts). */
const judged = (t: Tally) => t.onTime + t.late + t.overdue;

const COLUMNS = ['应完成', '按时完成', '逾期完成', '待审核', '逾期未完成', '按时完成率'];

function figures(t: Tally): (string | number)[] {
  return [t.items, t.onTime, t.late, t.submitted, t.overdue, percent(t.onTime, judged(t))];
}

export function overallParagraphs(d: TongbaoData): string[] {
  const t = d.totals;
  const out = [
    `截至${chineseDate(d.through)}，《${d.planTitle}》分解落实的任务中，应于${d.quarterLabel}内完成的共${t.items}项（按责任单位计），涉及${t.units}个责任单位。其中，按时完成${t.onTime}项，逾期完成${t.late}项，已报办结待审核${t.submitted}项，逾期未完成${t.overdue}项${t.pending ? `，尚未到期${t.pending}项` : ''}；按时完成率${percent(t.onTime, judged(t))}（不计尚未到期和待审核的任务），完成率${percent(t.onTime + t.late, t.items)}。`,
  ];
  const p = d.reports;
  if (p.periods)
    out.push(
      `持续推进类工作不计入应完成数，按期报送进展：本季度应报送${p.periods}期，其中按期报送${p.onTime}期，逾期报送${p.late}期，未报送${p.missed}期${p.notDue ? `，尚未到期${p.notDue}期` : ''}。`,
    );
  if (d.unassignedTasks)
    out.push(`另有${d.unassignedTasks}项任务尚未明确责任单位，未计入以上数字，请有关方面尽快明确。`);
  return out;
}

const list = (names: string[]) => (names.length ? `${names.join('、')}。` : '无。');

export async function tongbaoDocx(d: TongbaoData): Promise<Uint8Array> {
  const title = tongbaoTitle(d);
  const table = (rows: TallyRow[], first: string) =>
    gongwenTable({
      widths: [34, 11, 11, 11, 11, 12, 13],
      header: [first, ...COLUMNS],
      rows: [...rows.map((r) => [r.name, ...figures(r)]), [{ text: '合计', align: 'center' }, ...figures(d.totals)]],
      size: 10.5,
      align: ['left', 'center', 'center', 'center', 'center', 'center', 'center'],
    });
  return gongwenDocx({
    title,
    creator: d.head.issuer,
    children: [
      ...opening(d.head, title),
      body(
        `为推动《${d.planTitle}》各项任务落地见效，${d.head.issuer}根据任务台账，对${d.quarterLabel}应完成任务截至${chineseDate(d.through)}的落实情况进行了梳理。现将有关情况通报如下：`,
      ),
      heading1('一、总体情况'),
      ...overallParagraphs(d).map((p) => body(p)),
      heading1('二、分领域落实情况'),
      body('各领域任务落实情况见表1。'),
      caption('表1　分领域任务落实情况'),
      table(d.bySection, '领域'),
      heading1('三、各单位落实情况'),
      heading2('（一）应完成任务均按时完成的单位'),
      body(list(d.onTimeUnits)),
      heading2('（二）有逾期未完成任务的单位'),
      body(list(d.laggingUnits)),
      body('各单位任务落实情况见表2（按单位名称排序）。'),
      caption('表2　各单位任务落实情况'),
      table(d.byUnit, '责任单位'),
      heading1('四、下一步工作'),
      ...nextSteps(d).map((p, i, all) => body(p, i === all.length - 1)),
      ...signature(d.head.issuer, d.head.date),
      ...(d.head.mark ? banji(d.head.issuer, d.head.date) : []),
    ],
  });
}

export function nextSteps(d: TongbaoData): string[] {
  const out = [
    `一是对标对表抓落实。各单位要对照《${d.planTitle}》和本通报，逐项梳理尚未完成的任务，明确责任人和完成时限，确保按期保质完成。`,
  ];
  if (d.totals.overdue)
    out.push(
      `二是聚焦滞后抓整改。对逾期未完成的${d.totals.overdue}项任务，相关单位要认真分析原因，制定整改措施，限期整改到位，并通过台账系统及时报送整改进展和佐证材料。`,
    );
  out.push(
    `${out.length === 1 ? '二' : '三'}是强化跟踪抓督办。${d.head.issuer}将持续跟踪任务进展，对进展缓慢、整改不力的任务适时督办，推动各项任务落地见效。`,
  );
  return out;
}

export async function tongbaoXlsx(d: TongbaoData): Promise<Uint8Array> {
  const wb = await newWorkbook(d.head.issuer);
  const align = ['left', 'center', 'center', 'center', 'center', 'center', 'center'] as const;
  for (const [name, first, rows] of [
    ['分领域', '领域', d.bySection],
    ['分单位', '责任单位', d.byUnit],
  ] as const) {
    const s = new OfficeSheet(wb, {
      name,
      title: `${d.quarterLabel}${d.topic}重点工作任务落实情况（${name}）`,
      header: [first, ...COLUMNS],
      widths: [44, 10, 10, 10, 10, 12, 12],
      align,
    });
    for (const r of rows) s.row([r.name, ...figures(r)]);
    s.row(['合计', ...figures(d.totals)], true);
    s.finish();
  }
  const s = new OfficeSheet(wb, {
    name: '逾期未完成',
    title: `截至${chineseDate(d.through)}逾期未完成的任务和未报送的进展`,
    header: ['领域', '工作任务', '责任单位', '完成时限', '当前状态'],
    widths: [28, 70, 26, 14, 14],
    align: ['left', 'left', 'left', 'center', 'center'],
  });
  // The 领域 on every row (a merged cell would print on the first page only); a task's text once, merged over
  // its units' consecutive rows.
  let first = 0;
  d.overdueItems.forEach((x, i) => {
    const prev = d.overdueItems[i - 1];
    const next = d.overdueItems[i + 1];
    const n = s.row([x.section, prev?.task === x.task ? '' : x.task, x.unit, chineseDate(x.due), x.state]);
    if (!prev || prev.task !== x.task) first = n;
    if ((!next || next.task !== x.task) && n > first) s.mergeDown(2, first, n);
  });
  s.finish();
  return workbookBytes(wb);
}

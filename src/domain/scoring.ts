import {
  addDeliverable,
  addPeriod,
  type DeliverableOutcome,
  emptyDeliverableTally,
  emptyPeriodTally,
  judged,
  onTimeRate,
  type PeriodOutcome,
  type PeriodTally,
} from './counting.js';

/**
 * 考核: a unit's score for a quarter or a year from configurable rules, every point with its reason and the
 * event it rests on. Plans require the work to weigh at least 4% of the government's performance score;
 * this is the part the office computes. What counts:
 * - on-time completion (按时完成率): items due in the period and completed by their due date — an assignment
 *   closed on a completion claim made in time, or a period reported in time; the rate earns its weight;
 * - overdue items (逾期): a deduction per item still open past its due date, capped;
 * - late items (逾期完成): a smaller deduction per item completed after its due date, capped;
 * - the annual report (年报按时发布): items whose task names the report, on time or not;
 * - the office's own additions and deductions (加减分), each with its reason.
 * Rules are data (settings), so the office can follow its own year's 考核细则 without a release.
 */
export interface ScoringRules {
  /** Points for on-time completion: earned × rate. */
  onTimeWeight: number;
  /** The score's full mark. */
  full: number;
  overduePerItem: number;
  overdueCap: number;
  latePerItem: number;
  lateCap: number;
  /** Words that mark the annual-report task, and the points it carries. */
  annualReportWords: string[];
  annualReportPoints: number;
}

export const DEFAULT_RULES: ScoringRules = {
  full: 100,
  onTimeWeight: 60,
  overduePerItem: 2,
  overdueCap: 30,
  latePerItem: 1,
  lateCap: 10,
  annualReportWords: ['年度报告', '年报'],
  annualReportPoints: 10,
};

/** One counted item of a unit in the period, with its outcome from the counting model (domain/counting.ts). */
export type ScoredItem = {
  assignmentId: number;
  taskText: string;
  due: string;
} & (
  | { period: null; outcome: DeliverableOutcome; completedOn?: string | null }
  | { period: string; outcome: PeriodOutcome; completedOn?: string | null }
);

export interface Adjustment {
  id: number;
  points: number;
  reason: string;
}

export interface ScoreLine {
  points: number;
  reason: string;
  source: {
    kind: 'start' | 'rate' | 'overdue' | 'late' | 'cap' | 'annual-report' | 'adjustment';
    assignmentId?: number;
    due?: string;
    period?: string;
    adjustmentId?: number;
  };
}

export interface ScoreCard {
  score: number;
  /** The starting score (rules.full). */
  start: number;
  onTimeRate: number | null;
  /** 应完成 and its parts (deliverables only), as the 通报 counts them. */
  due: number;
  onTime: number;
  late: number;
  submitted: number;
  overdue: number;
  notDue: number;
  /** Ongoing work as reporting periods: never in 应完成 or the rate. */
  reports: PeriodTally;
  lines: ScoreLine[];
}

/**
 * A unit's card: it starts at `rules.full`; 按时完成率 (on time over what was due by the as-of day) earns
 * its weight; each deliverable 逾期未完成 and each reporting period 未报送 loses `overduePerItem` up to
 * `overdueCap`; each 逾期完成 and 逾期报送 loses `latePerItem` up to `lateCap`; the annual report once. Every
 * item is listed, also past a cap (0 points, and the line where the cap bit says so).
 */
export function scoreUnit(
  items: readonly ScoredItem[],
  adjustments: readonly Adjustment[],
  rules: ScoringRules,
): ScoreCard {
  const tally = emptyDeliverableTally();
  const reports = emptyPeriodTally();
  for (const i of items) {
    if (i.period === null) addDeliverable(tally, i.outcome);
    else addPeriod(reports, i.outcome);
  }
  const lines: ScoreLine[] = [{ points: 0, reason: `起始分 ${rules.full} 分`, source: { kind: 'start' } }];
  const rate = onTimeRate(tally);
  const judgedItems = judged(tally);
  const lost = rate === null ? 0 : round(rules.onTimeWeight * (1 - rate));
  lines.push({
    points: -lost,
    reason:
      rate === null
        ? '本期没有到期应完成的任务，按时完成率项不扣分'
        : `按时完成率 ${(rate * 100).toFixed(1)}%（按时完成 ${tally.onTime} 项 / 已到期且非待审核 ${judgedItems} 项），该项 ${rules.onTimeWeight} 分，扣 ${lost} 分`,
    source: { kind: 'rate' },
  });
  const capped = (
    kind: 'overdue' | 'late',
    list: readonly ScoredItem[],
    per: number,
    cap: number,
    why: (i: ScoredItem) => string,
  ) => {
    let taken = 0;
    let bit = false;
    for (const i of list) {
      const p = Math.max(0, Math.min(per, cap - taken));
      taken += p;
      if (p < per && !bit) {
        bit = true;
        lines.push({
          points: 0,
          reason: `${kind === 'overdue' ? '逾期未完成、未报送' : '逾期完成、逾期报送'}扣分已达上限 ${cap} 分，以下各项照列不再扣分`,
          source: { kind: 'cap' },
        });
      }
      lines.push({
        points: -p,
        reason: why(i),
        source: { kind, assignmentId: i.assignmentId, due: i.due, ...(i.period ? { period: i.period } : {}) },
      });
    }
  };
  capped(
    'overdue',
    items.filter((i) => i.outcome === 'overdue' || i.outcome === 'missed'),
    rules.overduePerItem,
    rules.overdueCap,
    (i) =>
      i.period
        ? `「${brief(i.taskText)}」${i.period}进展未报送（应于${cn(i.due)}前报送）`
        : `「${brief(i.taskText)}」逾期未完成，应于${cn(i.due)}前完成`,
  );
  capped(
    'late',
    items.filter((i) => i.outcome === 'late'),
    rules.latePerItem,
    rules.lateCap,
    (i) =>
      i.period
        ? `「${brief(i.taskText)}」${i.period}进展逾期报送（时限${cn(i.due)}${i.completedOn ? `，${cn(i.completedOn)}报送` : ''}）`
        : `「${brief(i.taskText)}」逾期完成（时限${cn(i.due)}${i.completedOn ? `，${cn(i.completedOn)}完成` : ''}）`,
  );
  // One report a year: a single deduction however many report tasks a unit carries, and never per period of
  // recurring work (whose text may mention the report without being it).
  const report = items.find(
    (i) =>
      i.period === null &&
      isAnnualReportTask(i.taskText, rules.annualReportWords) &&
      (i.outcome === 'late' || i.outcome === 'overdue'),
  );
  if (report)
    lines.push({
      points: -rules.annualReportPoints,
      reason: `政府信息公开工作年度报告未按时发布（时限${cn(report.due)}）`,
      source: { kind: 'annual-report', assignmentId: report.assignmentId, due: report.due },
    });
  for (const a of adjustments)
    lines.push({ points: a.points, reason: a.reason, source: { kind: 'adjustment', adjustmentId: a.id } });
  const total = rules.full + lines.reduce((s, l) => s + l.points, 0);
  return {
    score: round(Math.max(0, Math.min(rules.full + sumPositive(adjustments), total))),
    start: rules.full,
    onTimeRate: rate,
    due: tally.due,
    onTime: tally.onTime,
    late: tally.late,
    submitted: tally.submitted,
    overdue: tally.overdue,
    notDue: tally.notDue,
    reports,
    lines,
  };
}

/** Producing the report, not a task that merely feeds it («…纳入年度报告予以公开»): in one clause, the report's
 * name with a verb of compiling, publishing or submitting it. */
const REPORT_ACTION = /编制|编写|撰写|发布|公布|报送|上报|印发/;
export function isAnnualReportTask(text: string, words: readonly string[]): boolean {
  return text
    .split(/[，。；;,！!？?\n]/)
    .some((clause) => words.some((w) => clause.includes(w)) && REPORT_ACTION.test(clause));
}

/** A period as printed: «2024» → 2024年度, «2024-Q2» → 2024年第二季度. */
export function quarterOrYearLabel(period: string): string {
  const m = /^(\d{4})(?:-Q([1-4]))?$/.exec(period);
  if (!m) return period;
  return m[2] ? `${m[1]}年第${'一二三四'[Number(m[2]) - 1]}季度` : `${m[1]}年度`;
}

/** The days a period covers: «2024-Q2» → 2024-04-01…2024-06-30; «2024» → the year. */
export function periodRange(period: string): { start: string; end: string } | null {
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  if (q) {
    const y = Number(q[1]);
    const n = Number(q[2]);
    const endMonth = n * 3;
    const last = new Date(Date.UTC(y, endMonth, 0)).getUTCDate();
    return {
      start: `${y}-${String(endMonth - 2).padStart(2, '0')}-01`,
      end: `${y}-${String(endMonth).padStart(2, '0')}-${last}`,
    };
  }
  const y = /^(\d{4})$/.exec(period);
  if (y) return { start: `${y[1]}-01-01`, end: `${y[1]}-12-31` };
  return null;
}

function sumPositive(adjustments: readonly Adjustment[]): number {
  return adjustments.reduce((s, a) => s + Math.max(0, a.points), 0);
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}

function brief(text: string): string {
  const t = text.replace(/\s+/g, '');
  return t.length > 30 ? `${t.slice(0, 30)}…` : t;
}

/** 2022-06-30 → 2022年6月30日: reasons are read by people, in the documents' own date style. */
function cn(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

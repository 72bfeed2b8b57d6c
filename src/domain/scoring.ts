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

export interface ScoredItem {
  assignmentId: number;
  taskText: string;
  due: string;
  /** The period's label for periodic work. */
  period: string | null;
  /** When the unit completed it (claimed completion later accepted, or reported the period); null if not. */
  completedOn: string | null;
}

export interface Adjustment {
  id: number;
  points: number;
  reason: string;
}

export interface ScoreLine {
  points: number;
  reason: string;
  source: {
    kind: 'rate' | 'overdue' | 'late' | 'annual-report' | 'adjustment';
    assignmentId?: number;
    due?: string;
    adjustmentId?: number;
  };
}

export interface ScoreCard {
  score: number;
  onTimeRate: number | null;
  due: number;
  onTime: number;
  late: number;
  overdue: number;
  lines: ScoreLine[];
}

/** `asOf`: the day the score is computed on; items due after it do not count yet. */
export function scoreUnit(
  items: readonly ScoredItem[],
  adjustments: readonly Adjustment[],
  rules: ScoringRules,
  asOf: string,
): ScoreCard {
  const dueNow = items.filter((i) => i.due <= asOf);
  const onTime = dueNow.filter((i) => i.completedOn !== null && i.completedOn <= i.due);
  const late = dueNow.filter((i) => i.completedOn !== null && i.completedOn > i.due);
  const overdue = dueNow.filter((i) => i.completedOn === null && i.due < asOf);
  const lines: ScoreLine[] = [];
  const rate = dueNow.length ? onTime.length / dueNow.length : null;
  const lost = rate === null ? 0 : round(rules.onTimeWeight * (1 - rate));
  lines.push({
    points: -lost,
    reason:
      rate === null
        ? '本期没有到期任务，按时完成率项不扣分'
        : `按时完成率 ${(rate * 100).toFixed(1)}%（${onTime.length}/${dueNow.length}），该项 ${rules.onTimeWeight} 分，扣 ${lost} 分`,
    source: { kind: 'rate' },
  });
  let overdueTaken = 0;
  for (const i of overdue) {
    const p = Math.min(rules.overduePerItem, rules.overdueCap - overdueTaken);
    overdueTaken += p;
    lines.push({
      points: -p,
      reason: `「${brief(i.taskText)}」${i.period ? `（${i.period}）` : ''}逾期未完成，应于 ${i.due} 前完成${p < rules.overduePerItem ? '（已达扣分上限）' : ''}`,
      source: { kind: 'overdue', assignmentId: i.assignmentId, due: i.due },
    });
  }
  let lateTaken = 0;
  for (const i of late) {
    const p = Math.min(rules.latePerItem, rules.lateCap - lateTaken);
    lateTaken += p;
    lines.push({
      points: -p,
      reason: `「${brief(i.taskText)}」逾期完成（时限 ${i.due}，${i.completedOn} 完成）${p < rules.latePerItem ? '（已达扣分上限）' : ''}`,
      source: { kind: 'late', assignmentId: i.assignmentId, due: i.due },
    });
  }
  // One report a year: a single deduction however many report tasks a unit carries, and never per period of
  // recurring work (whose text may mention the report without being it).
  const report = dueNow.find(
    (i) =>
      i.period === null &&
      isAnnualReportTask(i.taskText, rules.annualReportWords) &&
      !(i.completedOn !== null && i.completedOn <= i.due),
  );
  if (report)
    lines.push({
      points: -rules.annualReportPoints,
      reason: `政府信息公开工作年度报告未按时发布（时限 ${report.due}）`,
      source: { kind: 'annual-report', assignmentId: report.assignmentId, due: report.due },
    });
  for (const a of adjustments)
    lines.push({ points: a.points, reason: a.reason, source: { kind: 'adjustment', adjustmentId: a.id } });
  const total = rules.full + lines.reduce((s, l) => s + l.points, 0);
  return {
    score: round(Math.max(0, Math.min(rules.full + sumPositive(adjustments), total))),
    onTimeRate: rate,
    due: dueNow.length,
    onTime: onTime.length,
    late: late.length,
    overdue: overdue.length,
    lines: lines.filter((l) => l.points !== 0 || l.source.kind === 'rate'),
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

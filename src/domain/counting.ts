/**
 * The one counting model every figure uses (通报, 年报 section, 考核, 催办单, 催办, 督办, 总览, 公开页). README
 * «How work is counted» states the definitions; in short:
 * - A **deliverable** is an assignment (task × unit) with one due date. Within a period it is 应完成 when its
 *   due date (the effective deadline, or the extended one) falls in the period. As of a day it is exactly one
 *   of: 按时完成 (closed, and the unit's completion claim that was accepted came by the due date), 逾期完成
 *   (closed, claimed after the due date), 已报待审核 (claimed complete, not yet accepted), 逾期未完成 (none of
 *   those and the due date has passed), 未到期 (none of those and the due date is today or later).
 * - A **reporting period** belongs to periodic work (长期推进, 每季度…): one row per period it must report in.
 *   As of a day it is 按期报送, 逾期报送, 未报送 (due date passed, nothing reported) or 未到期. Periodic work is
 *   never 应完成 and never in a completion rate.
 * - A **task** is counted in the 年报 as its deliverables are; a task no unit has been assigned (its printed
 *   units unresolved) is counted apart, so nothing drops out.
 * Figures are counted as of the end of a day (截至某日): what happened by then counts, a claim or report made
 * later is not seen, and work due that day and not done is late. The default as-of day of a period is its
 * last day, or yesterday (the last whole day) while it runs.
 */
export type DeliverableOutcome = 'onTime' | 'late' | 'submitted' | 'overdue' | 'notDue';
export type PeriodOutcome = 'onTime' | 'late' | 'missed' | 'notDue';

export interface DeliverableFact {
  assignmentId: number;
  planId: number;
  taskId: number;
  unitId: string;
  unitName: string;
  due: string;
  state: string;
  /** China days of the unit's completion claims, in order. */
  claims: string[];
  /** China day the office accepted it (closed), or null. */
  closedOn: string | null;
}

export interface PeriodFact {
  assignmentId: number;
  planId: number;
  taskId: number;
  unitId: string;
  unitName: string;
  due: string;
  label: string;
  /** China day of the report that counted for this period, or null. */
  reportedOn: string | null;
}

export function deliverableOutcome(f: DeliverableFact, asOf: string): DeliverableOutcome {
  const claimed = f.claims.filter((c) => c <= asOf);
  if (f.state === 'done' && f.closedOn && f.closedOn <= asOf) {
    // The claim that was accepted: the last made by the day it was closed (the office's acceptance is not the
    // unit's delay); closed without a claim (older data): the day it was closed.
    const done = claimed.filter((c) => c <= f.closedOn!).at(-1) ?? f.closedOn;
    return done <= f.due ? 'onTime' : 'late';
  }
  // Claimed and not yet decided on the day: waiting for the office (a claim later returned was refused, but on
  // that day it was still waiting only while the state says so now or it was closed after the day).
  const last = claimed.at(-1);
  if (last && (f.state === 'submitted' || (f.state === 'done' && f.closedOn !== null && f.closedOn > asOf)))
    return 'submitted';
  return f.due <= asOf ? 'overdue' : 'notDue';
}

export function periodOutcome(f: PeriodFact, asOf: string): PeriodOutcome {
  if (f.reportedOn && f.reportedOn <= asOf) return f.reportedOn <= f.due ? 'onTime' : 'late';
  return f.due <= asOf ? 'missed' : 'notDue';
}

/** 应完成 (`due`) and its parts, which always add up to it. */
export interface DeliverableTally {
  due: number;
  onTime: number;
  late: number;
  submitted: number;
  overdue: number;
  notDue: number;
}

export interface PeriodTally {
  periods: number;
  onTime: number;
  late: number;
  missed: number;
  notDue: number;
}

export function emptyDeliverableTally(): DeliverableTally {
  return { due: 0, onTime: 0, late: 0, submitted: 0, overdue: 0, notDue: 0 };
}

export function emptyPeriodTally(): PeriodTally {
  return { periods: 0, onTime: 0, late: 0, missed: 0, notDue: 0 };
}

export function addDeliverable(t: DeliverableTally, o: DeliverableOutcome): void {
  t.due++;
  t[o]++;
}

export function addPeriod(t: PeriodTally, o: PeriodOutcome): void {
  t.periods++;
  t[o]++;
}

/**
 * The deliverables judged by the as-of day: completed (on time or late) or 逾期未完成. 未到期 are not due yet;
 * 已报待审核 wait for the office, whose review is not the unit's delay, so they count neither way yet.
 */
export function judged(t: DeliverableTally): number {
  return t.onTime + t.late + t.overdue;
}

/** 按时完成率: 按时完成 over the judged deliverables; null when none are. */
export function onTimeRate(t: DeliverableTally): number | null {
  const n = judged(t);
  return n > 0 ? t.onTime / n : null;
}

/** What a 催办 presses and a 催办单 lists: deliverables 逾期未完成 and reporting periods 未报送, as of a day. */
export interface OverdueItem {
  assignmentId: number;
  planId: number;
  taskId: number;
  unitId: string;
  unitName: string;
  due: string;
  /** The missed reporting period («2022年第一季度»), or null for a deliverable. */
  period: string | null;
}

/** Overdue on `today` (during the day): due before it, and not completed, claimed or reported by now. */
export function overdueItems(
  deliverables: readonly DeliverableFact[],
  periods: readonly PeriodFact[],
  today: string,
): OverdueItem[] {
  const asOf = today;
  const pick = ({ assignmentId, planId, taskId, unitId, unitName, due }: DeliverableFact | PeriodFact) => ({
    assignmentId,
    planId,
    taskId,
    unitId,
    unitName,
    due,
  });
  return [
    ...deliverables
      .filter((d) => d.due < today && deliverableOutcome(d, asOf) === 'overdue')
      .map((d) => ({ ...pick(d), period: null })),
    ...periods
      .filter((p) => p.due < today && periodOutcome(p, asOf) === 'missed')
      .map((p) => ({ ...pick(p), period: p.label })),
  ].sort((a, b) => a.due.localeCompare(b.due) || a.assignmentId - b.assignmentId);
}

/** The default as-of day of a period's figures: its last day, or yesterday (the last whole day) while it runs. */
export function defaultAsOf(periodEnd: string, today: string): string {
  if (periodEnd < today) return periodEnd;
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

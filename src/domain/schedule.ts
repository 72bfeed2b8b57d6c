import { type Deadline, endOfMonth, recurrenceInstances } from './deadline.js';

/**
 * When an assignment is due and, for periodic work, the dated periods it reports in, for the plan's year:
 * - a dated deadline is due that day;
 * - a recurring deadline (每季度, 每年1月31日前) becomes its instances in the plan's year, one period each;
 * - ongoing work (持续推进, 长期坚持) reports each quarter of the year, and stays open;
 * - a relative deadline counted from the plan's issue (印发30日内) was dated by the parser from the issue
 *   date; one counted from another event (收到申请后15个工作日) has no date of its own.
 */
export interface Period {
  due: string;
  label: string;
}

export interface Schedule {
  /** The final due date, or null when the deadline gives none. */
  due: string | null;
  ongoing: boolean;
  periods: Period[];
}

export interface ScheduleContext {
  /** The plan's year (from its title or issue date). */
  year: number;
}

const QUARTERS = ['第一季度', '第二季度', '第三季度', '第四季度'];

export function scheduleFor(deadline: Deadline | null, ctx: ScheduleContext): Schedule {
  if (!deadline) return { due: null, ongoing: false, periods: [] };
  switch (deadline.kind) {
    case 'date': {
      if (deadline.ongoing) return { due: deadline.due, ongoing: true, periods: quarterly(ctx.year) };
      return { due: deadline.due, ongoing: false, periods: [] };
    }
    case 'ongoing':
      return { due: deadline.due, ongoing: true, periods: quarterly(ctx.year) };
    case 'recurring': {
      const rule = deadline.recurrence;
      const dates = rule ? recurrenceInstances(rule, ctx.year) : [];
      if (dates.length === 0) return { due: null, ongoing: true, periods: quarterly(ctx.year) };
      const periods = dates.map((due, i) => ({
        due,
        label: periodLabel(rule?.freq ?? 'yearly', due, i, dates.length),
      }));
      return { due: dates[dates.length - 1] ?? null, ongoing: false, periods: periods.length > 1 ? periods : [] };
    }
    case 'relative':
    case 'unknown':
      return { due: deadline.due, ongoing: false, periods: [] };
  }
}

function quarterly(year: number): Period[] {
  return [3, 6, 9, 12].map((m, i) => ({ due: endOfMonth(year, m), label: `${year}年${QUARTERS[i]}` }));
}

function periodLabel(freq: string, due: string, index: number, count: number): string {
  const year = due.slice(0, 4);
  const month = Number(due.slice(5, 7));
  if (freq === 'quarterly' && count === 4) return `${year}年${QUARTERS[index]}`;
  if (freq === 'half-yearly') return `${year}年${index === 0 ? '上半年' : '下半年'}`;
  if (freq === 'monthly') return `${year}年${month}月`;
  return `${year}年第${index + 1}期`;
}

/** The earliest period not yet reported: the one a report counts for, and the date that matters now. */
export function currentPeriod<P extends { due: string; reportedAt: string | null }>(periods: readonly P[]): P | null {
  let best: P | null = null;
  for (const p of periods) if (!p.reportedAt && (!best || p.due < best.due)) best = p;
  return best;
}

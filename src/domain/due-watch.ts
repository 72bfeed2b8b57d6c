import type { WorkingDayCalendar } from './calendar.js';

/**
 * The deadline watch: which of a unit's open items are overdue and which fall due soon, counting the warning
 * window in working days on the Chinese calendar (five working days before a deadline after 国庆 is not five
 * calendar days). An item is an assignment's due date, or one period of periodic work.
 */
export interface WatchedItem {
  assignmentId: number;
  taskId: number;
  planId: number;
  unitId: string;
  text: string;
  due: string;
  /** The period's label for periodic work. */
  period: string | null;
}

export interface WatchResult<T extends WatchedItem> {
  overdue: T[];
  dueSoon: T[];
}

export function watch<T extends WatchedItem>(
  items: readonly T[],
  today: string,
  calendar: WorkingDayCalendar,
  workingDays: number,
): WatchResult<T> {
  const horizon = calendar.addWorkingDays(today, workingDays);
  const overdue: T[] = [];
  const dueSoon: T[] = [];
  for (const i of items) {
    if (i.due < today) overdue.push(i);
    else if (i.due <= horizon) dueSoon.push(i);
  }
  const order = (a: T, b: T) => a.due.localeCompare(b.due) || a.taskId - b.taskId;
  return { overdue: overdue.sort(order), dueSoon: dueSoon.sort(order) };
}

/** The ISO week a day belongs to (2024-W05): digests go out at most once per unit and week. */
export function isoWeek(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  // The week belongs to the year of its Thursday.
  d.setUTCDate(d.getUTCDate() + 4 - (d.getUTCDay() || 7));
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((d.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/**
 * A task's deadline: the text the plan printed and what it means. Kinds:
 * - `date`: due by a date (2022年底前, 11月底前 in a 2022 plan, 三季度末); `precision` says how exact;
 * - `ongoing`: no end (长期推进, 持续推进); a date may come with it (2022年底前并长期坚持);
 * - `recurring`: a rule that yields dated instances (每季度, 每年1月31日前, 每月10日前);
 * - `relative`: an offset from an event (印发30日内, 收到后3个工作日), dated once the event's date is known;
 * - `unknown`: printed but not understood (kept, and warned about).
 */
export type DeadlineKind = 'date' | 'ongoing' | 'recurring' | 'relative' | 'unknown';

export type Precision = 'day' | 'month' | 'quarter' | 'half' | 'year';

export type Frequency = 'yearly' | 'half-yearly' | 'quarterly' | 'monthly' | 'weekly' | 'daily';

export interface Recurrence {
  freq: Frequency;
  /** Month of the year (yearly), or month within the period (1–3 for quarterly: 季度末月 = 3). */
  month?: number;
  /** Day of the month; absent means the period's last day. */
  day?: number;
}

export interface RelativeOffset {
  /** The event the offset counts from, as printed (印发, 收到, 发文). */
  event: string;
  amount: number;
  unit: 'day' | 'workday' | 'week' | 'month';
}

export interface Deadline {
  text: string;
  kind: DeadlineKind;
  /** ISO date (YYYY-MM-DD) the task is due, where one follows. */
  due: string | null;
  precision?: Precision;
  /** The year was not printed and was taken from the plan. */
  yearInferred?: boolean;
  /** The task continues after `due` (or has no end). */
  ongoing?: boolean;
  recurrence?: Recurrence;
  relative?: RelativeOffset;
  /** Words after the date that say what is due then (动工, 投入使用). */
  milestone?: string;
}

/** Last day of a month, as an ISO date. */
export function endOfMonth(year: number, month: number): string {
  const day = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return isoDate(year, month, day);
}

export function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function isValidDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Adds calendar days to an ISO date. */
export function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Adds calendar months to an ISO date, clamping to the month's end (1月31日 + 1个月 = 2月28日). */
export function addMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return isoDate(year, month, Math.min(d, last));
}

/**
 * The dated instances of a recurring deadline within one year (the plan's year): 每季度 gives four,
 * 每年1月31日前 one. Instances are what assignments report against.
 */
export function recurrenceInstances(rule: Recurrence, year: number): string[] {
  const at = (month: number): string => {
    if (rule.day && isValidDate(year, month, rule.day)) return isoDate(year, month, rule.day);
    return endOfMonth(year, month);
  };
  switch (rule.freq) {
    case 'yearly':
      return [at(rule.month ?? 12)];
    case 'half-yearly':
      return [at(rule.month ? rule.month : 6), at(rule.month ? rule.month + 6 : 12)];
    case 'quarterly': {
      const inQuarter = rule.month ?? 3;
      return [0, 3, 6, 9].map((q) => at(q + inQuarter));
    }
    case 'monthly':
      return Array.from({ length: 12 }, (_, i) => at(i + 1));
    case 'weekly':
    case 'daily':
      return [];
  }
}

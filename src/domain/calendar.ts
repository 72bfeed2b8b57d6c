import { createRequire } from 'node:module';
import { addDays } from './deadline.js';

/**
 * The Chinese working-day calendar: weekends off, public holidays off, and the weekend days that are
 * worked in exchange (调休) on. The tables come from the maintained `chinese-days` package; a year it does
 * not have yet (or a correction) is loaded as an override, so no release is needed when the State Council
 * publishes next year's holidays.
 */
export interface HolidayTable {
  /** Days off that would otherwise be working days (YYYY-MM-DD). */
  holidays: readonly string[];
  /** Weekend days that are working days (调休). */
  workdays: readonly string[];
}

export interface WorkingDayCalendar {
  isWorkingDay(iso: string): boolean;
  /** The date `n` working days after `iso` (n ≥ 1), not counting `iso` itself. */
  addWorkingDays(iso: string, n: number): string;
  /** Years for which holiday data is known; other years fall back to weekends only. */
  hasYear(year: number): boolean;
}

interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

let libraryTable: HolidayTable | null = null;

/** The holiday table shipped with `chinese-days`. */
export function libraryHolidayTable(): HolidayTable {
  if (!libraryTable) {
    const require = createRequire(import.meta.url);
    const data = require('chinese-days/dist/chinese-days.json') as ChineseDaysData;
    libraryTable = { holidays: Object.keys(data.holidays), workdays: Object.keys(data.workdays) };
  }
  return libraryTable;
}

/**
 * Builds a calendar from the library's table plus overrides. An override replaces the library for every
 * year it mentions, so a corrected year is taken whole rather than merged day by day.
 */
export function createCalendar(overrides: HolidayTable[] = []): WorkingDayCalendar {
  const base = libraryHolidayTable();
  const overriddenYears = new Set<string>();
  for (const o of overrides) for (const d of [...o.holidays, ...o.workdays]) overriddenYears.add(d.slice(0, 4));
  const off = new Set<string>();
  const on = new Set<string>();
  const years = new Set<string>();
  for (const d of base.holidays) if (!overriddenYears.has(d.slice(0, 4))) off.add(d);
  for (const d of base.workdays) if (!overriddenYears.has(d.slice(0, 4))) on.add(d);
  for (const o of overrides) {
    for (const d of o.holidays) off.add(d);
    for (const d of o.workdays) on.add(d);
  }
  for (const d of [...off, ...on]) years.add(d.slice(0, 4));

  const isWorkingDay = (iso: string): boolean => {
    if (on.has(iso)) return true;
    if (off.has(iso)) return false;
    const dow = new Date(`${iso}T00:00:00Z`).getUTCDay();
    return dow !== 0 && dow !== 6;
  };
  return {
    isWorkingDay,
    addWorkingDays(iso, n) {
      let d = iso;
      let left = n;
      // Bounded: a year has at most ~120 days off, so n working days lie within 2n + 240 days.
      for (let guard = 0; left > 0 && guard < 2 * n + 400; guard++) {
        d = addDays(d, 1);
        if (isWorkingDay(d)) left--;
      }
      return d;
    },
    hasYear: (year) => years.has(String(year)),
  };
}

let defaultCalendar: WorkingDayCalendar | null = null;

/** The calendar with the library's data only (what the parser uses unless given another). */
export function standardCalendar(): WorkingDayCalendar {
  defaultCalendar ??= createCalendar();
  return defaultCalendar;
}

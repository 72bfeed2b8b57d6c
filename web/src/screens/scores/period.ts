/** 考核期 as the API names it: «2026» (a year) or «2026-Q3» (a quarter). */
export interface Period {
  year: number;
  quarter: 1 | 2 | 3 | 4 | null;
}

export function parsePeriod(s: string | null): Period | null {
  const m = /^(\d{4})(?:-Q([1-4]))?$/.exec(s ?? '');
  if (!m) return null;
  return { year: Number(m[1]), quarter: m[2] ? (Number(m[2]) as 1 | 2 | 3 | 4) : null };
}

export function formatPeriod(p: Period): string {
  return p.quarter ? `${p.year}-Q${p.quarter}` : String(p.year);
}

/**
 * The year to open on: the latest year a plan in force covers, not after this one — the 考核 concerns the
 * plans' work, and a new year with no plan yet would show nothing.
 */
export function defaultYear(planYears: readonly (number | null)[], thisYear: number): number {
  const years = planYears.filter((y): y is number => y !== null && y <= thisYear);
  return years.length ? Math.max(...years) : thisYear;
}

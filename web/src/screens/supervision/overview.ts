import type { LedgerRow } from '../../api/types';
import { byPinyin } from '../../api/unit-order';

/** One unit's open work that needs pressing: what the 督办 table shows per unit. */
export interface UnitDue {
  unitId: string;
  unitName: string;
  overdue: number;
  dueSoon: number;
  /** The earliest due date among them. */
  earliest: string | null;
}

/**
 * Ledger rows (due within the window, overdue included) counted per unit, units in name order. `overdueItems`,
 * when given, is the server's count of overdue items per unit (the counting model: a missed reporting period
 * is an item of its own, as 催办 records it), which the overdue column then shows.
 */
export function dueByUnit(
  rows: readonly LedgerRow[],
  overdueItems?: readonly { unitId: string; unitName: string; items: number }[],
): UnitDue[] {
  const byUnit = new Map<string, UnitDue>();
  for (const r of rows) {
    if (r.dueStatus !== 'overdue' && r.dueStatus !== 'due-soon') continue;
    const u = byUnit.get(r.unitId) ?? {
      unitId: r.unitId,
      unitName: r.unitName,
      overdue: 0,
      dueSoon: 0,
      earliest: null,
    };
    if (r.dueStatus === 'overdue') u.overdue++;
    else u.dueSoon++;
    if (r.due && (u.earliest === null || r.due < u.earliest)) u.earliest = r.due;
    byUnit.set(r.unitId, u);
  }
  if (overdueItems) {
    for (const u of byUnit.values()) u.overdue = 0;
    for (const o of overdueItems) {
      const u = byUnit.get(o.unitId) ?? {
        unitId: o.unitId,
        unitName: o.unitName,
        overdue: 0,
        dueSoon: 0,
        earliest: null,
      };
      u.overdue = o.items;
      byUnit.set(o.unitId, u);
    }
  }
  return [...byUnit.values()].sort((a, b) => byPinyin(a.unitName, b.unitName));
}

import type { Transaction } from 'kysely';
import { comparePinyin } from '../domain/unit-order.js';
import type { Database } from '../store/schema.js';

/**
 * What a revision does to each unit's load, counted on the plan before and after it: the items due within the
 * plan's year that 考核 scores (single deadlines and dated periods), and the open items a reminder would list
 * today (overdue or due within the week). Only units whose counts change are reported, in pinyin order.
 */
export interface UnitEffect {
  unitId: string;
  unitName: string;
  scoredBefore: number;
  scoredAfter: number;
  remindBefore: number;
  remindAfter: number;
}

export interface LoadCounts {
  names: Map<string, string>;
  scored: Map<string, number>;
  remind: Map<string, number>;
}

const OPEN = ['not_started', 'in_progress', 'returned'];

export async function loadCounts(
  trx: Transaction<Database>,
  planId: number,
  year: number,
  today: string,
): Promise<LoadCounts> {
  const horizon = new Date(Date.parse(`${today}T00:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10);
  const [start, end] = [`${year}-01-01`, `${year}-12-31`];
  const single = await trx
    .selectFrom('assignments as a')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .select(['a.unit_id', 'u.name', 'a.due', 'a.state'])
    .where('a.plan_id', '=', planId)
    .where('a.removed_at', 'is', null)
    .where('a.periodic', '=', 0)
    .execute();
  const periodic = await trx
    .selectFrom('periods as pe')
    .innerJoin('assignments as a', 'a.id', 'pe.assignment_id')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .select(['a.unit_id', 'u.name', 'pe.due', 'pe.reported_at', 'a.state'])
    .where('a.plan_id', '=', planId)
    .where('a.removed_at', 'is', null)
    .execute();
  const out: LoadCounts = { names: new Map(), scored: new Map(), remind: new Map() };
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  for (const r of single) {
    out.names.set(r.unit_id, r.name);
    if (r.due && r.due >= start && r.due <= end) bump(out.scored, r.unit_id);
    if (r.due && r.due <= horizon && OPEN.includes(r.state)) bump(out.remind, r.unit_id);
  }
  for (const r of periodic) {
    out.names.set(r.unit_id, r.name);
    if (r.due >= start && r.due <= end) bump(out.scored, r.unit_id);
    if (!r.reported_at && r.due <= horizon && OPEN.includes(r.state)) bump(out.remind, r.unit_id);
  }
  return out;
}

export function compareLoads(before: LoadCounts, after: LoadCounts): UnitEffect[] {
  const units = new Set([...before.names.keys(), ...after.names.keys()]);
  const out: UnitEffect[] = [];
  for (const id of units) {
    const e = {
      unitId: id,
      unitName: after.names.get(id) ?? before.names.get(id) ?? id,
      scoredBefore: before.scored.get(id) ?? 0,
      scoredAfter: after.scored.get(id) ?? 0,
      remindBefore: before.remind.get(id) ?? 0,
      remindAfter: after.remind.get(id) ?? 0,
    };
    if (e.scoredBefore !== e.scoredAfter || e.remindBefore !== e.remindAfter) out.push(e);
  }
  return out.sort((a, b) => comparePinyin(a.unitName, b.unitName));
}

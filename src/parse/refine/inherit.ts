import { isBlank, type UnitText } from '../assemble/entries.js';
import type { PlacedRecord } from './outline-context.js';

/**
 * Fills what a record does not print itself:
 * - table rows: a blank unit cell is covered by a merged cell above (rows continued across a page break
 *   count as merged), so the units come from the row above, and with them a blank deadline; where a table
 *   has several unit columns and only some are blank, those columns alone are inherited; a blank number in
 *   a numbered table is merged too;
 * - outline items without a responsibility line take the previous item's within the same group, else the
 *   group's or the section's heading units («一、县示范区管委会牵头工作»).
 * A deadline cell that is blank beside printed units stays blank: only a visibly merged cell is inherited.
 */
export function inheritMerged(records: PlacedRecord[]): PlacedRecord[] {
  // Refiners own the records they are given (placeInOutline made them): filled in place.
  let prev: PlacedRecord | null = null;
  for (const r of records) {
    if (r.origin === 'table' && prev && prev.origin === 'table') inheritFromRow(r, prev);
    else if (r.origin !== 'table') inheritInOutline(r, prev);
    prev = r;
  }
  return records;
}

const SUB_POINT = /^\s*(?:[①-⑳]|[(（]\d{1,2}[)）])/;

function inheritFromRow(r: PlacedRecord, prev: PlacedRecord): void {
  // A real table says which cells are merged (the reader filled them in); a blank there is just blank.
  if (r.explicitMerges) return;
  if (r.numberColumn && r.number === null && prev.number !== null) r.number = prev.number;
  // «②…» in a row whose number cell is merged: a sub-point of the item above, sharing its number.
  else if (r.number === null && prev.number !== null && SUB_POINT.test(r.text)) r.number = prev.number;
  if (isBlank(r.units)) {
    if (isBlank(prev.units)) return;
    r.units = prev.units.map((u) => ({ ...u, inherited: true }));
    if (!r.deadline && prev.deadline) r.deadline = { ...prev.deadline, inherited: true };
    return;
  }
  if (r.units.length > 1 && r.units.length === prev.units.length && !r.statedCells) {
    r.units = r.units.map((u, k): UnitText => {
      const above = prev.units[k]!;
      return u.text.trim() === '' && above.text.trim() !== '' ? { ...above, inherited: true } : u;
    });
  }
}

function inheritInOutline(r: PlacedRecord, prev: PlacedRecord | null): void {
  if (!isBlank(r.units) || r.noInherit) return;
  if (prev && prev.origin !== 'table' && prev.group === r.group && prev.section === r.section && !isBlank(prev.units)) {
    r.units = prev.units.map((u) => ({ ...u, inherited: true }));
    return;
  }
  const heading = r.group?.units ?? r.section?.units;
  if (heading) r.units = heading.map((u) => ({ ...u, inherited: true }));
}

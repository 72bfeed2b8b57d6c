import type { CellKind } from './cell-kind.js';
import { type Column, fitScore } from './columns.js';

/**
 * Rebuilds the rows of a table whose row ends were lost and whose rows do not all have the same number of
 * cells (a merged cell dropped here, a cell split over two lines there): a Viterbi pass over the cells in
 * reading order, each cell placed in a column, a new row begun wherever the next cell cannot follow the
 * last one in the same row. Linear in the number of cells (the column count is small and bounded).
 *
 * Returns the rows, each as the cell indexes placed in every column.
 */
const BREAK = 0.8;
const SAME_COLUMN: Partial<Record<Column['role'], number>> = { 'lead-in': 0, units: 0.3, text: 2.5, note: 1 };

export function segmentStream(
  kinds: readonly CellKind[],
  lengths: readonly number[],
  cols: readonly Column[],
): number[][][] {
  const cells = kinds.flatMap((k, i) => (k === 'empty' ? [] : [i]));
  const n = cells.length;
  const m = cols.length;
  if (n === 0 || m === 0) return [];
  const hasLeadIn = cols.some((c) => c.role === 'lead-in');
  const NEG = -1e18;
  let prev = new Float64Array(m).fill(NEG);
  // back[i*m + c] = previous column * 2 + (1 if a new row starts at cell i)
  const back = new Int32Array(n * m).fill(-1);
  for (let i = 0; i < n; i++) {
    const cell = cells[i]!;
    const cur = new Float64Array(m).fill(NEG);
    for (let c = 0; c < m; c++) {
      // A cell that fits no column still has to go somewhere: anywhere, at almost no gain.
      // Without padding, cells fill a row from the left: among equal placements the leftmost wins.
      const f = Math.max(0.01, fitScore(kinds[cell]!, cols[c]!, hasLeadIn, (lengths[cell] ?? 0) > 40)) - c * 1e-3;
      if (i === 0) {
        cur[c] = f;
        back[c] = -2;
        continue;
      }
      let best = NEG;
      let from = -1;
      for (let p = 0; p < m; p++) {
        const before = prev[p]!;
        if (before <= NEG) continue;
        // Continue the row to the right (or stay in a column that takes several cells), or start a new one.
        const same = p === c ? SAME_COLUMN[cols[c]!.role] : p < c ? 0 : undefined;
        if (same !== undefined && before + f - same > best) {
          best = before + f - same;
          from = p * 2;
        }
        if (before + f - BREAK > best) {
          best = before + f - BREAK;
          from = p * 2 + 1;
        }
      }
      cur[c] = best;
      back[i * m + c] = from;
    }
    prev = cur;
  }
  let c = 0;
  for (let k = 1; k < m; k++) if (prev[k]! > prev[c]!) c = k;
  if (prev[c]! <= NEG) return [];
  // Walk back, collecting (cell, column) and the row starts.
  const place: { cell: number; col: number; starts: boolean }[] = [];
  for (let i = n - 1; i >= 0; i--) {
    const b = back[i * m + c]!;
    place.push({ cell: cells[i]!, col: c, starts: i === 0 || b % 2 === 1 });
    if (i > 0) c = Math.floor(b / 2);
  }
  place.reverse();
  const rows: number[][][] = [];
  for (const p of place) {
    if (p.starts || rows.length === 0) rows.push(cols.map(() => []));
    rows[rows.length - 1]![p.col]!.push(p.cell);
  }
  return rows;
}

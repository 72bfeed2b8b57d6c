import type { CellKind } from './cell-kind.js';
import { type HeaderInfo, type HeaderRole, readHeader, type UnitColumnRole } from './header.js';

/**
 * The column model of a task table: what each column holds. Text columns left of the requirement column
 * are lead-in columns (section and group headings, numbers, short task names); the requirement column is
 * the last text column before the first unit column.
 */
export type ColumnRole = 'number' | 'lead-in' | 'text' | 'units' | 'deadline' | 'status' | 'note' | 'person' | 'other';

export interface Column {
  role: ColumnRole;
  unitRole: UnitColumnRole | null;
  header: string;
}

/**
 * Columns named by a header row. Text recovered from a flattened table has no cells under an empty header
 * cell (converters drop them), so those are skipped; a real table keeps one column per grid position.
 */
export function columnsFromHeader(cells: readonly string[], keepEmpty = false): Column[] {
  const roles: Column[] = [];
  for (const cell of cells) {
    const header = cell.trim();
    if (header === '' && !keepEmpty) continue;
    const h: HeaderInfo | null = header === '' ? null : readHeader(header);
    roles.push({ role: h ? mapRole(h.role) : 'other', unitRole: h?.unitRole ?? null, header });
  }
  return finishText(roles);
}

function mapRole(r: HeaderRole): ColumnRole {
  switch (r) {
    case 'textual':
      return 'lead-in';
    case 'number':
    case 'units':
    case 'deadline':
    case 'status':
    case 'note':
    case 'person':
      return r;
  }
}

/**
 * The requirement column: by what the headers say first — a column named for the tasks (任务, 内容, 要求,
 * 措施) over one named for the work in general (重点工作, 项目名称) over one named for a target or an
 * indicator (目标, 指标) — then the last such column before the first unit column (else the first text
 * column). Unnamed columns left of it hold what lead-in columns hold (a 类别 of section headings, a name);
 * a target column right of it is kept out of the task text.
 */
function finishText(cols: Column[]): Column[] {
  const firstUnits = cols.findIndex((c) => c.role === 'units');
  let text = -1;
  let rank = -1;
  for (let k = 0; k < cols.length; k++) {
    if (firstUnits >= 0 && k > firstUnits) break;
    if (cols[k]!.role !== 'lead-in') continue;
    const r = textRank(cols[k]!.header);
    if (r >= rank) {
      text = k;
      rank = r;
    }
  }
  if (text < 0) text = cols.findIndex((c) => c.role === 'lead-in' || c.role === 'other');
  if (text >= 0) {
    cols[text] = { ...cols[text]!, role: 'text' };
    for (let k = 0; k < text; k++) if (cols[k]!.role === 'other') cols[k] = { ...cols[k]!, role: 'lead-in' };
    for (let k = text + 1; k < cols.length; k++) {
      if (cols[k]!.role === 'lead-in' && textRank(cols[k]!.header) < rank) cols[k] = { ...cols[k]!, role: 'other' };
    }
  }
  return cols;
}

/** How surely a header names the task text: 3 tasks, 2 the work in general or unnamed, 1 a target. */
function textRank(printed: string): number {
  const header = printed.replace(/\s+/g, '');
  if (/任务|内容|要求|措施|举措|事项|实事/.test(header)) return 3;
  if (/目标|指标|标准|预期/.test(header)) return 1;
  return 2;
}

/**
 * A column model for a table without a header, from the kinds of its fullest rows: each position takes the
 * kind most of those rows have there.
 */
export function columnsFromContent(rows: readonly (readonly CellKind[])[]): Column[] {
  const width = Math.max(0, ...rows.map((r) => r.length));
  const fullness = (r: readonly CellKind[]): number => r.filter((k) => k !== 'empty').length;
  const maxFull = Math.max(0, ...rows.map(fullness));
  const full = rows.filter((r) => fullness(r) >= Math.max(2, maxFull - 1));
  const cols: Column[] = [];
  for (let c = 0; c < width; c++) {
    const counts = new Map<CellKind, number>();
    for (const r of full) {
      const k = r[c];
      if (k && k !== 'empty') counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    let best: CellKind | null = null;
    let n = 0;
    for (const [k, v] of counts) {
      if (v > n) {
        best = k;
        n = v;
      }
    }
    cols.push({ role: roleOfKind(best), unitRole: best === 'units' ? 'responsible' : null, header: '' });
  }
  const trimmed = cols.filter((c, k) => c.role !== 'other' || k < width - 1);
  return finishText(trimmed.map((c) => (c.role === 'text' ? { ...c, role: 'lead-in' } : c)));
}

function roleOfKind(k: CellKind | null): ColumnRole {
  switch (k) {
    case 'number':
      return 'number';
    case 'units':
      return 'units';
    case 'deadline':
      return 'deadline';
    case 'status':
      return 'status';
    case 'section':
    case 'group':
    case 'item':
    case 'sub':
    case 'text':
    case 'short':
      return 'lead-in';
    default:
      return 'other';
  }
}

/** How well a cell of `kind` fits a column (0 = not at all). */
export function fitScore(kind: CellKind, col: Column, hasLeadIn: boolean, long: boolean): number {
  switch (col.role) {
    case 'number':
      return kind === 'number' ? 3 : 0;
    case 'lead-in':
      if (kind === 'section' || kind === 'group') return 3;
      if (kind === 'number') return 2;
      if (kind === 'short') return 2;
      if (kind === 'item' || kind === 'sub') return long ? 0.4 : 2;
      if (kind === 'text') return 0.4;
      // A short name that reads like a unit («推进平台»): possible where the row says it stands.
      if (kind === 'units') return 0.3;
      return 0;
    case 'text':
      if (kind === 'text' || kind === 'item' || kind === 'sub') return 3;
      if (kind === 'section' || kind === 'group') return hasLeadIn ? 0.3 : 2.5;
      if (kind === 'short') return 1.5;
      if (kind === 'number') return hasLeadIn ? 0 : 0.2;
      return 0.3;
    case 'units':
      if (kind === 'units') return 3;
      if (kind === 'short') return 1.2;
      if (kind === 'text') return 0.3;
      return 0;
    case 'deadline':
      if (kind === 'deadline') return 3;
      if (kind === 'short' || kind === 'status') return 1;
      return 0.1;
    case 'status':
      if (kind === 'status') return 3;
      if (kind === 'short' || kind === 'deadline') return 1.2;
      if (kind === 'text' || kind === 'item' || kind === 'sub') return 0.8;
      return 0.1;
    case 'note':
      if (kind === 'text' || kind === 'item' || kind === 'sub' || kind === 'short' || kind === 'deadline') return 1.2;
      return 0.5;
    case 'person':
      return kind === 'short' ? 2 : 0.2;
    case 'other':
      return 0.2;
  }
}

/**
 * Places a row's non-empty cells into the columns, keeping their order. Text recovery drops the cells a
 * merged cell covers, which shifts the rest left; content decides where each cell really belongs. Lead-in
 * and text columns may take several cells (a section, a group and a number all under «工作任务»). A cell
 * that fits the column it stands in stays there; among other equally good placements the one further right
 * wins, since merged cells are more often on the left.
 * Returns, for each column, the indexes of the cells placed there.
 */
export function alignRow(
  kinds: readonly CellKind[],
  lengths: readonly number[],
  cols: readonly Column[],
  positionalBonus = 0.5,
  seen: readonly ReadonlySet<CellKind>[] | null = null,
): number[][] {
  const cells: number[] = [];
  for (let i = 0; i < kinds.length; i++) if (kinds[i] !== 'empty') cells.push(i);
  const n = cells.length;
  const m = cols.length;
  const hasLeadIn = cols.some((c) => c.role === 'lead-in');
  // Most rows stand where their headers are: when every cell fits its own column well, no search is needed.
  if (
    positionalBonus > 0 &&
    n <= m &&
    cells.every((i) => i < m && fitScore(kinds[i]!, cols[i]!, hasLeadIn, (lengths[i] ?? 0) > 40) >= 2)
  ) {
    return positional(kinds, m);
  }
  const labelled = new Set<CellKind>();
  if (seen) for (const s of seen) for (const k of s) if (LABEL_KINDS.has(k)) labelled.add(k);
  const labelOnly = cols.map((_, c) => !!seen?.[c]?.size && [...seen[c]!].every((k) => LABEL_KINDS.has(k)));
  const NEG = -1e9;
  // best[i][j]: best score placing the first i cells with cell i-1 in column j-1 (j = 0: none placed).
  // Flat typed arrays indexed i * w + j: this runs for every shifted row.
  const w = m + 1;
  const best = new Float64Array((n + 1) * w).fill(NEG);
  const from = new Int32Array((n + 1) * w).fill(-1);
  best[0] = 0;
  for (let i = 1; i <= n; i++) {
    const cell = cells[i - 1]!;
    const kind = kinds[cell]!;
    const long = (lengths[cell] ?? 0) > 40;
    for (let j = 1; j <= m; j++) {
      const col = cols[j - 1]!;
      let f = fitScore(kind, col, hasLeadIn, long);
      if (f <= 0) continue;
      // A column whose full rows all open with a label seldom holds an unlabelled cell.
      if (labelOnly[j - 1] && !LABEL_KINDS.has(kind)) f *= 0.3;
      // Outline labels keep to the columns the full rows print them in («57.» left, «①» under 细化任务).
      if (seen && LABEL_KINDS.has(kind) && labelled.has(kind) && !seen[j - 1]!.has(kind)) continue;
      // Where it stands is evidence too: unshifted rows keep every cell under its own header.
      // So is what the table's full rows hold in that column (the ①② sub-points under 细化任务).
      const gain = f + j * 1e-3 + (cell === j - 1 ? positionalBonus : 0) + (seen?.[j - 1]?.has(kind) ? SEEN_BONUS : 0);
      const multi = col.role === 'lead-in' || col.role === 'text' || col.role === 'note';
      for (let p = 0; p <= (multi ? j : j - 1); p++) {
        const prev = best[(i - 1) * w + p]!;
        if (prev <= NEG) continue;
        // A second cell in the requirement column is possible (a wrapped cell) but never preferred.
        // A lead-in column holds a section, a group and a number together, but one name: a second plain
        // cell there is more likely the requirement.
        const again = p === j ? (col.role !== 'lead-in' ? 2.5 : HEADING_KINDS.has(kind) ? 0 : 1.5) : 0;
        const s = prev + gain - again;
        if (s > best[i * w + j]!) {
          best[i * w + j] = s;
          from[i * w + j] = p;
        }
      }
    }
  }
  let j = -1;
  let top = NEG;
  for (let c = 0; c <= m; c++) {
    if (best[n * w + c]! > top) {
      top = best[n * w + c]!;
      j = c;
    }
  }
  if (n === 0 || j <= 0) return positional(kinds, m);
  const placed: number[][] = cols.map(() => []);
  for (let i = n; i >= 1; i--) {
    placed[j - 1]!.unshift(cells[i - 1]!);
    j = from[i * w + j]!;
  }
  return placed;
}

const SEEN_BONUS = 1.2;
const HEADING_KINDS: ReadonlySet<CellKind> = new Set(['section', 'group', 'number', 'item']);
const LABEL_KINDS: ReadonlySet<CellKind> = new Set(['section', 'group', 'item', 'sub']);

/** Cells where they stand, for rows nothing fits. */
function positional(kinds: readonly CellKind[], m: number): number[][] {
  const placed: number[][] = [];
  for (let i = 0; i < m; i++) placed.push(i < kinds.length && kinds[i] !== 'empty' ? [i] : []);
  return placed;
}

import { appendAll } from '../../domain/arrays.js';
import type { Cell, Span, Table } from '../blocks.js';
import { readLabel } from '../extract/labels.js';
import { type CellKind, classifyCell } from '../layout/cell-kind.js';
import { alignRow, type Column, columnsFromContent, columnsFromHeader } from '../layout/columns.js';
import { isHeaderRow } from '../layout/header.js';
import { segmentStream } from '../layout/segment.js';
import { cleanCellText } from '../text/clean.js';
import type { Entry, FieldText, HeadingEntry, RecordEntry, UnitText } from './entries.js';
import { headingFrom } from './headings.js';

/**
 * Reads a table as task entries: finds its header (or infers the columns from content), drops repeated
 * header rows, places each row's cells into columns, and turns each row into headings and a record.
 * `carried` is the column model of the table before it, for a table continued after a page break
 * without its header.
 */
export interface TableReading {
  entries: Entry[];
  columns: Column[] | null;
}

export function tableEntries(table: Table, source: number, carried: Column[] | null): TableReading {
  // Real tables (markup) know their merged cells: a covered cell carries the covering text for readers
  // that want a filled grid; here it reads as blank, and its merge is applied where it matters (units,
  // deadline). Text recovered from a flattened table knows nothing of merges: blanks are judged later.
  const markup = table.origin === 'markup';
  const raw = table.rows.map((r) => r.cells.map((c) => cleanCellText(c.text)));
  let headerRow = -1;
  for (let r = 0; r < Math.min(3, raw.length); r++) {
    if (isHeaderRow(raw[r]!)) {
      headerRow = r;
      break;
    }
  }
  // A two-storey header («责任单位» over «牵头单位 | 配合单位»): the lower row names the columns.
  let headerCells = headerRow >= 0 ? raw[headerRow]! : null;
  if (headerRow >= 0 && headerRow + 1 < raw.length && isHeaderRow(raw[headerRow + 1]!)) {
    const upper = raw[headerRow]!;
    headerCells = raw[headerRow + 1]!.map((t, i) => t || upper[i] || '');
    headerRow++;
  }
  const texts = raw.map((row, r) =>
    markup && r > headerRow ? row.map((t, c) => (table.rows[r]!.cells[c]!.covered ? '' : t)) : row,
  );
  const headerTexts = headerCells ? headerCells.map(compact) : null;
  const kinds: CellKind[][] = texts.map((row) => row.map(classifyCell));
  let columns: Column[];
  if (headerCells) columns = columnsFromHeader(headerCells, markup);
  else if (carried && (!markup || carried.length === (texts[0]?.length ?? 0))) columns = carried;
  else columns = columnsFromContent(kinds);
  if (!isTaskTable(columns, kinds, texts, headerCells !== null || carried !== null)) {
    return { entries: [], columns: null };
  }

  // Rows that kept their separators (tabs, pipes, runs of spaces) state where each cell stands: a row as
  // wide as the header (or shorter by empty cells a converter trimmed off its end) is read in place, its
  // blank cells blank, unless its content says cells were lost before the end.
  const stated = !STATED.has(table.origin)
    ? null
    : headerCells
      ? statedColumns(headerCells, columns.length)
      : columns === carried
        ? columns.map((_, k) => k)
        : null;
  const seen = stated ? kindsOfFullRows(texts, kinds, headerRow + 1, stated, columns.length) : null;
  const entries: Entry[] = [];
  const numberColumn = columns.some((c) => c.role === 'number');
  const unitCols = unitColumns(columns);
  let unitRowAbove: string[] | null = null;
  const rows: RowView[] = [];
  for (let r = headerRow + 1; r < texts.length; r++) {
    const cells = table.rows[r]!.cells;
    rows.push({
      texts: texts[r]!,
      kinds: kinds[r]!,
      cells,
      span: table.rows[r]!.span,
      placed: markup ? positional(texts[r]!, columns.length) : null,
      coveredFromAbove: markup ? cells.map((c, k) => (c.covered && c.covered.row < r ? raw[r]![k]! : null)) : null,
    });
  }
  if (table.streamCells) appendAll(rows, segmentedRows(table.streamCells, columns));
  for (const view of rows) {
    const row = view.texts;
    if (row.every((t) => t === '')) continue;
    if (isHeaderRow(row) || (headerTexts && row[0] === texts[headerRow]![0] && sameRow(row, headerTexts))) continue;
    const cells = view.cells;
    const heading = view.placed && !markup ? undefined : headingRow(row, view.kinds, view.span);
    if (heading !== undefined) {
      if (heading) entries.push(heading);
      continue;
    }
    const inPlace =
      !view.placed && stated && row.length <= stated.length && row.length >= 2
        ? statedPlacement(row, view.kinds, stated, columns, seen)
        : null;
    const placed =
      view.placed ??
      inPlace ??
      alignRow(
        view.kinds,
        row.map((t) => t.length),
        columns,
        0.5,
        seen,
      );
    // A row that stated its cells keeps them: an empty 配合 cell beside a filled 牵头 cell is just empty.
    if (!inPlace) placeUnitCells(placed, unitCols, row, unitRowAbove);
    const rec: RecordEntry = {
      type: 'record',
      origin: 'table',
      source,
      number: null,
      numberFrom: null,
      name: null,
      text: '',
      textSpan: view.span,
      moreSpans: [],
      units: [],
      deadline: null,
      status: null,
      note: null,
      span: view.span,
      numberColumn,
      explicitMerges: markup,
    };
    if (inPlace) rec.statedCells = true;
    // A row of a table whose rows state their cells, placed by content instead: say so on the task.
    else if (stated && !view.placed && !samePlaces(placed, row, stated)) rec.placementInferred = true;
    const rowHeadings: Entry[] = [];
    const textParts: { text: string; span: Span }[] = [];
    for (let k = 0; k < columns.length; k++) {
      const col = columns[k]!;
      const idx = placed[k] ?? NONE;
      switch (col.role) {
        case 'number': {
          const f = fieldOf(idx, row, cells);
          if (f) {
            rec.number = f.text.replace(/\D/g, '') || null;
            rec.numberFrom = rec.number ? 'column' : null;
          }
          break;
        }
        case 'lead-in':
          for (const i of idx) {
            const text = row[i]!;
            const kind = view.kinds[i]!;
            const h = kind === 'section' || kind === 'group' ? headingFrom(text, cells[i]!.span) : null;
            if (h) rowHeadings.push(h);
            else if (kind === 'number') {
              rec.number = text.replace(/\D/g, '') || null;
              rec.numberFrom = 'column';
            } else if (kind === 'item') {
              const label = readLabel(text)!;
              rec.number = String(label.value);
              rec.numberFrom = 'name';
              rec.name = text.slice(label.end).trim();
            } else rec.name = rec.name ? `${rec.name} ${text}` : text;
          }
          break;
        case 'text':
          for (const i of idx) {
            const kind = view.kinds[i]!;
            const h = kind === 'section' || kind === 'group' ? headingFrom(row[i]!, cells[i]!.span) : null;
            // A heading in the requirement column is a heading row (tables with one text column).
            if (h && idx.length === 1 && rowHasOnly(placed, columns, k)) rowHeadings.push(h);
            else textParts.push({ text: row[i]!, span: cells[i]!.span });
          }
          break;
        case 'units': {
          const f = fieldOf(idx, row, cells) ?? merged(view, k);
          const u: UnitText = { text: f?.text ?? '', headerRole: col.unitRole, span: f?.span ?? rec.span };
          if (f?.inherited) u.inherited = true;
          rec.units.push(u);
          break;
        }
        case 'deadline':
          rec.deadline = fieldOf(idx, row, cells) ?? merged(view, k);
          break;
        case 'status':
          rec.status = fieldOf(idx, row, cells);
          break;
        case 'note':
          rec.note = fieldOf(idx, row, cells);
          break;
        default:
          break;
      }
    }
    if (rec.units.some((u) => u.text !== '')) {
      unitRowAbove = columns.map((c, k) =>
        c.role === 'units' ? (placed[k] ?? []).map((i) => row[i]!).join('\n') : '',
      );
    }
    appendAll(entries, rowHeadings);
    if (textParts.length > 0) {
      rec.text = textParts.map((p) => p.text).join('\n');
      rec.textSpan = spanOf(textParts.map((p) => p.span));
    }
    const hasContent =
      rec.text !== '' || rec.name !== null || rec.units.some((u: UnitText) => u.text !== '') || rec.number !== null;
    if (hasContent) entries.push(rec);
  }
  return { entries, columns };
}

const NONE: readonly number[] = [];

const STATED: ReadonlySet<Table['origin']> = new Set([
  'tab-rows',
  'pipe-rows',
  'space-columns',
  'line-cells',
  'run-together',
]);

/**
 * For each header position, the column it names (-1 for an empty header cell, which `columnsFromHeader`
 * skips on recovered tables); null when the header's positions and the columns do not correspond.
 */
function statedColumns(header: readonly string[], width: number): number[] | null {
  const map: number[] = [];
  let k = 0;
  for (const h of header) map.push(h.trim() === '' ? -1 : k++);
  return k === width ? map : null;
}

/**
 * A row as wide as the header, placed where its cells stand unless their content clearly says otherwise
 * (a converter that dropped a merged cell and padded the row's end): the alignment is asked with a strong
 * bonus for standing in place, and the row counts as stated only when it keeps every cell there.
 * Null when a filled cell stands under an empty header cell or the content moved a cell.
 */
function statedPlacement(
  row: readonly string[],
  kinds: readonly CellKind[],
  stated: readonly number[],
  columns: readonly Column[],
  seen: readonly ReadonlySet<CellKind>[] | null,
): number[][] | null {
  const byColumn: CellKind[] = columns.map(() => 'empty');
  const cellAt: number[] = columns.map(() => -1);
  for (let i = 0; i < row.length; i++) {
    if (row[i] === '') continue;
    const k = stated[i]!;
    if (k < 0) return null;
    byColumn[k] = kinds[i]!;
    cellAt[k] = i;
  }
  const lengths = cellAt.map((i) => (i < 0 ? 0 : row[i]!.length));
  const aligned = alignRow(byColumn, lengths, columns, STATED_BONUS, seen);
  if (!aligned.every((idx, k) => (cellAt[k]! < 0 ? idx.length === 0 : idx.length === 1 && idx[0] === k))) return null;
  return cellAt.map((i) => (i < 0 ? [] : [i]));
}

/** Whether `placed` keeps every filled cell of `row` under the header cell it stands under. */
function samePlaces(placed: readonly number[][], row: readonly string[], stated: readonly number[]): boolean {
  return (
    placed.every((idx, k) => idx.every((i) => stated[i] === k)) && row.every((t, i) => t === '' || i < stated.length)
  );
}

/**
 * The kinds of cell each column holds in the table's full rows (as wide as the header, every column or all
 * but one filled): the rows around a short row are evidence of where its cells belong.
 */
function kindsOfFullRows(
  texts: readonly (readonly string[])[],
  kinds: readonly (readonly CellKind[])[],
  from: number,
  stated: readonly number[],
  width: number,
): Set<CellKind>[] | null {
  // Counted in loops, not spread into Math.max: a table may have any number of rows.
  const filled = new Int32Array(texts.length);
  let most = 0;
  for (let r = from; r < texts.length; r++) {
    const row = texts[r]!;
    if (row.length !== stated.length) continue;
    let n = 0;
    for (const t of row) if (t !== '') n++;
    filled[r] = n;
    if (n > most) most = n;
  }
  if (most < 3) return null;
  const seen = Array.from({ length: width }, () => new Set<CellKind>());
  for (let r = from; r < texts.length; r++) {
    if (filled[r]! < most - 1) continue;
    const row = texts[r]!;
    for (let i = 0; i < row.length; i++) {
      const k = stated[i]!;
      if (row[i] !== '' && k >= 0) seen[k]!.add(kinds[r]![i]!);
    }
  }
  return seen;
}

// What standing under its header is worth against content: enough to keep a short text under «工作任务»
// (even where a name column also takes short cells),
// not enough to keep a unit list under the requirement header.
const STATED_BONUS = 2;

/** The text and span of the cells `idx` placed in one column, or null when none are. */
function fieldOf(idx: readonly number[], row: readonly string[], cells: readonly Cell[]): FieldText | null {
  if (idx.length === 0) return null;
  if (idx.length === 1) {
    const span = cells[idx[0]!]!.span;
    return { text: row[idx[0]!]!, span: spanOf([span]) };
  }
  return { text: idx.map((i) => row[i]!).join('\n'), span: spanOf(idx.map((i) => cells[i]!.span)) };
}

/**
 * A row that only heads what follows: «一、优化营商环境» across the row, «一 | 优化营商环境 | | |» with the
 * label in the number column, or an unlabelled caption cell. Returns the heading, null for a caption to
 * skip, undefined for an ordinary row.
 */
function headingRow(row: readonly string[], kinds: readonly CellKind[], span: Span): HeadingEntry | null | undefined {
  const filled: number[] = [];
  for (let i = 0; i < row.length; i++) {
    if (row[i] === '') continue;
    if (filled.length === 2) return undefined;
    filled.push(i);
  }
  if (filled.length === 0) return undefined;
  if (filled.some((i) => kinds[i] === 'units' || kinds[i] === 'deadline' || kinds[i] === 'status')) return undefined;
  const first = row[filled[0]!]!;
  const second = filled.length > 1 ? row[filled[1]!]! : '';
  const k = kinds[filled[0]!]!;
  if (k === 'section' || k === 'group') {
    const label = readLabel(first)!;
    if (first.slice(label.end).trim() === '' && second) return headingFrom(`${label.printed}${second}`, span);
    if (filled.length === 1) return headingFrom(first, span);
    return undefined;
  }
  if (/^[一二三四五六七八九十]{1,3}$/.test(first.trim()) && second && kinds[filled[1]!] !== 'text') {
    return headingFrom(`${first.trim()}、${second}`, span);
  }
  if (filled.length === 1 && k === 'short' && !/[。;；]/.test(first)) return null;
  return undefined;
}

/** The text a merged cell above gives this row's column `k` (real tables only). */
function merged(view: RowView, k: number): FieldText | null {
  const text = view.coveredFromAbove?.[k];
  if (!text) return null;
  return { text, span: view.cells[k]!.span, inherited: true };
}

function positional(texts: readonly string[], width: number): number[][] {
  return Array.from({ length: width }, (_, k) => (k < texts.length && texts[k] !== '' ? [k] : []));
}

interface RowView {
  texts: string[];
  kinds: CellKind[];
  cells: Cell[];
  span: Span;
  /** Cells already placed in columns (rows rebuilt from a stream, real tables); null: align them here. */
  placed: number[][] | null;
  /** Real tables: for each cell covered by a merged cell in a row above, the covering text. */
  coveredFromAbove?: (string | null)[] | null;
}

/** Rows rebuilt from a stream of cells; a row of text alone in a numbered table is trailing prose. */
function segmentedRows(stream: readonly Cell[], columns: readonly Column[]): RowView[] {
  const texts = stream.map((c) => cleanCellText(c.text));
  const kinds = texts.map(classifyCell);
  const numbered = columns.some((c) => c.role === 'number');
  const out: RowView[] = [];
  for (const placed of segmentStream(
    kinds,
    texts.map((t) => t.length),
    columns,
  )) {
    const used = placed.flat().sort((a, b) => a - b);
    const onlyText = placed.every((idx, k) => idx.length === 0 || columns[k]!.role === 'text');
    const heading = used.some((i) => kinds[i] === 'section' || kinds[i] === 'group');
    if (numbered && onlyText && !heading && !used.some((i) => kinds[i] === 'item')) continue;
    // Re-index the row's cells from 0 so the row reads like any other.
    const local = new Map(used.map((i, k) => [i, k]));
    out.push({
      texts: used.map((i) => texts[i]!),
      kinds: used.map((i) => kinds[i]!),
      cells: used.map((i) => stream[i]!),
      span: { start: stream[used[0]!]!.span.start, end: stream[used[used.length - 1]!]!.span.end },
      placed: placed.map((idx) => idx.map((i) => local.get(i)!)),
      coveredFromAbove: null,
    });
  }
  return out;
}

function sameRow(row: readonly string[], header: readonly string[]): boolean {
  return row.length === header.length && row.every((t, i) => compact(t) === header[i]);
}

function compact(s: string): string {
  return s.replace(/\s+/g, '');
}

function spanOf(spans: readonly Span[]): Span {
  let start = Number.POSITIVE_INFINITY;
  let end = 0;
  let page: number | undefined;
  for (const s of spans) {
    start = Math.min(start, s.start);
    end = Math.max(end, s.end);
    page ??= s.page;
  }
  return page === undefined ? { start, end } : { start, end, page };
}

function rowHasOnly(placed: readonly number[][], columns: readonly Column[], k: number): boolean {
  return placed.every((idx, c) => c === k || idx.length === 0 || columns[c]!.role === 'lead-in');
}

/**
 * A task table has a requirement column and a unit column; a table without a header must also show rows
 * with both requirement text and units, and must not be a key–value table (发布机构: | X | 文号: | Y).
 */
function isTaskTable(
  columns: readonly Column[],
  kinds: readonly (readonly CellKind[])[],
  texts: string[][],
  header: boolean,
): boolean {
  if (!columns.some((c) => c.role === 'text')) return false;
  if (header) return columns.some((c) => c.role === 'units');
  const keyValueRows = texts.filter((row) => row.some((t) => /[:：]$/.test(t.trim()))).length;
  if (keyValueRows * 2 >= texts.length) return false;
  const taskRows = kinds.filter((row) => row.includes('units') && row.some((k) => k === 'text' || k === 'item')).length;
  return taskRows >= 2;
}

/**
 * A row with fewer unit cells than the table has unit columns (牵头单位 | 责任单位, one merged from above):
 * each cell goes to the column whose value in the row above it resembles most; with nothing to go by, to the
 * later column, since it is the lead column that is usually merged over several rows.
 */
function placeUnitCells(
  placed: number[][],
  unitCols: readonly number[],
  row: readonly string[],
  above: readonly string[] | null,
): void {
  if (unitCols.length < 2) return;
  const cells = unitCols.flatMap((k) => placed[k]!);
  if (cells.length === 0 || cells.length >= unitCols.length) return;
  for (const k of unitCols) placed[k] = [];
  let from = 0;
  cells.forEach((cell, n) => {
    const room = unitCols.length - (cells.length - n);
    let best = room;
    let bestScore = -1;
    for (let c = from; c <= room; c++) {
      const score = above ? overlap(row[cell]!, above[unitCols[c]!] ?? '') : 0;
      if (score >= bestScore) {
        bestScore = score;
        best = c;
      }
    }
    placed[unitCols[best]!]!.push(cell);
    from = best + 1;
  });
}

/** Indexes of the unit columns. */
function unitColumns(columns: readonly Column[]): number[] {
  const out: number[] = [];
  for (let k = 0; k < columns.length; k++) if (columns[k]!.role === 'units') out.push(k);
  return out;
}

function overlap(a: string, b: string): number {
  const x = new Set(a.replace(/\s+/g, ''));
  const y = b.replace(/\s+/g, '');
  if (x.size === 0 || y.length === 0) return 0;
  let common = 0;
  for (const c of new Set(y)) if (x.has(c)) common++;
  return common / Math.max(x.size, new Set(y).size);
}

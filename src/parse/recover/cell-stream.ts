import type { Cell, Row } from '../blocks.js';
import { type CellKind, classifyCell } from '../layout/cell-kind.js';
import { readHeader } from '../layout/header.js';
import { cleanCellText } from '../text/clean.js';

/**
 * A table flattened to one cell after another (one cell per line, or cells ended by «|») has lost its row
 * ends. Converters that flatten HTML tables drop the cells a merged cell covers and pad the row at the end,
 * so every row still has the table's width in cells: the rows come back by cutting the stream into runs of
 * that width. The width is the header's cell count when the stream opens with a header, checked against
 * the alternatives by how uniform the columns come out.
 */
export interface StreamCell {
  text: string;
  start: number;
  end: number;
}

const MAX_WIDTH = 12;

export interface StreamRows {
  rows: Row[];
  /** Set when the rows could not be cut at a fixed width: the body cells, for layout to segment. */
  stream?: Cell[];
}

export function rowsFromStream(cells: readonly StreamCell[]): StreamRows | null {
  if (cells.length < 4) return null;
  const kinds = cells.map((c) => classifyCell(cleanCellText(c.text)));
  // A plain loop: Int8Array.from with a map function goes through the generic iteration protocol.
  const classes = new Int8Array(kinds.length);
  for (let i = 0; i < kinds.length; i++) classes[i] = classOf(kinds[i]!);
  const header = headerRun(cells);
  const bodyStart = header ? header.start : 0;
  // Shifted rows (covered cells dropped) blur every column, so the right width is not pure, only much
  // purer than the wrong ones: compare each width with the others rather than with a fixed bar.
  const scores = new Map<number, number>();
  for (let w = 2; w <= MAX_WIDTH; w++) {
    if (cells.length - bodyStart < w * 3) continue;
    scores.set(w, purity(classes, header ? header.start + w : bodyStart, w));
  }
  if (scores.size === 0) return null;
  let best = { width: 0, score: -1 };
  if (header) {
    // The header's width (with or without its padding) wins unless the stream plainly does not fit it.
    for (let w = header.length; w >= header.words; w--) {
      const score = scores.get(w) ?? -1;
      if (score > best.score + 0.02) best = { width: w, score };
    }
    if (best.score >= 0.3 && !spansRows(kinds, header.start, best.width))
      return cut(cells, bodyStart, best.width, header);
    // Rows of different lengths: keep the header as a row and hand the rest over as a stream.
    return streamAfter(cells, header);
  }
  // Without a header: the purest width, if it is clearly purer than the rest (few rows make any width
  // look pure, so only widths that give at least five rows compete).
  for (const [w, score] of scores) {
    if ((cells.length - bodyStart) / w < 5) continue;
    if (score > best.score + 1e-9) best = { width: w, score };
  }
  const others = [...scores]
    .filter(([w]) => w !== best.width)
    .map(([, s]) => s)
    .sort((a, b) => a - b);
  const median = others.length ? others[Math.floor(others.length / 2)]! : 0;
  if (best.width === 0 || best.score < 0.5 || best.score < median * 1.3) return null;
  return cut(cells, bodyStart, best.width, null);
}

function toCell(c: StreamCell): Cell {
  return { text: c.text, span: { start: c.start, end: c.end }, rowspan: 1, colspan: 1 };
}

function streamAfter(cells: readonly StreamCell[], header: { start: number; length: number }): StreamRows {
  const rows: Row[] = [];
  const pre = cells.slice(0, header.start);
  if (pre.length) rows.push({ cells: pre.map(toCell), span: { start: pre[0]!.start, end: pre[pre.length - 1]!.end } });
  const head = cells.slice(header.start, header.start + header.length);
  rows.push({ cells: head.map(toCell), span: { start: head[0]!.start, end: head[head.length - 1]!.end } });
  return { rows, stream: cells.slice(header.start + header.length).map(toCell) };
}

// A cut that opens with what ends a row (units, a deadline, a status) started in the middle of one.
const ROW_END = new Set<CellKind>(['units', 'deadline', 'status', 'header']);

/** Whether cutting at `width` often starts a row in the middle of one (the rows differ in length). */
function spansRows(kinds: readonly CellKind[], start: number, width: number): boolean {
  let cuts = 0;
  let midway = 0;
  for (let i = start + width; i < kinds.length; i += width) {
    let k = i;
    while (k < Math.min(kinds.length, i + width) && kinds[k] === 'empty') k++;
    if (k >= Math.min(kinds.length, i + width)) continue;
    cuts++;
    if (ROW_END.has(kinds[k]!)) midway++;
  }
  return cuts > 0 && midway > cuts * 0.2;
}

function cut(
  cells: readonly StreamCell[],
  bodyStart: number,
  width: number,
  header: { start: number } | null,
): StreamRows {
  const rows: Row[] = [];
  for (let i = bodyStart; i < cells.length; i += width) {
    const slice = cells.slice(i, i + width);
    const row: Cell[] = slice.map((c) => ({
      text: c.text,
      span: { start: c.start, end: c.end },
      rowspan: 1,
      colspan: 1,
    }));
    rows.push({ cells: row, span: { start: slice[0]!.start, end: slice[slice.length - 1]!.end } });
  }
  // Cells before a header that does not open the stream (a caption) become a row of their own.
  if (header && header.start > 0) {
    const pre = cells.slice(0, header.start);
    rows.unshift({
      cells: pre.map((c) => ({ text: c.text, span: { start: c.start, end: c.end }, rowspan: 1, colspan: 1 })),
      span: { start: pre[0]!.start, end: pre[pre.length - 1]!.end },
    });
  }
  return { rows };
}

/** The header at (or just after) the stream's start: header words, then any empty cells that pad it. */
function headerRun(cells: readonly StreamCell[]): { start: number; words: number; length: number } | null {
  // A caption (the table's title, «附件») may come first; the header is near the top.
  for (let s = 0; s < Math.min(30, cells.length); s++) {
    if (!readHeader(cells[s]!.text)) continue;
    let words = 0;
    let named = 0;
    let i = s;
    while (i < cells.length && i - s < MAX_WIDTH) {
      const t = cells[i]!.text.trim();
      if (t !== '' && !readHeader(t)) {
        // A column whose header is no known word («建设地点», «投资金额（万元）») between known ones.
        const next = cells.slice(i + 1, i + 3).some((c) => readHeader(c.text.trim()));
        if (!(next && isShortName(t))) break;
      }
      if (t !== '') {
        words = i - s + 1;
        if (readHeader(t)) named++;
      }
      i++;
    }
    if (named >= 2) return { start: s, words, length: i - s };
  }
  return null;
}

function isShortName(t: string): boolean {
  const c = t.replace(/\s+/g, '');
  return c.length <= 12 && !/[。；;，,、]/.test(c) && classifyCell(t) === 'short';
}

const CLASS_COUNT = 9;

/** Kinds grouped for purity: headings together, body text together; -1 for empty cells. */
function classOf(k: CellKind): number {
  switch (k) {
    case 'empty':
      return -1;
    case 'section':
    case 'group':
      return 0;
    case 'item':
    case 'sub':
    case 'text':
      return 1;
    case 'number':
      return 2;
    case 'units':
      return 3;
    case 'deadline':
      return 4;
    case 'status':
      return 5;
    case 'short':
      return 6;
    case 'header':
      return 7;
  }
}

/** Share of non-empty cells that agree with their column's most common kind, when cut at `width`. */
function purity(classes: Int8Array, start: number, width: number): number {
  const counts = new Int32Array(width * CLASS_COUNT);
  let total = 0;
  for (let i = start, col = 0; i < classes.length; i++, col = col + 1 === width ? 0 : col + 1) {
    const cls = classes[i]!;
    if (cls < 0) continue;
    counts[col * CLASS_COUNT + cls]!++;
    total++;
  }
  if (total === 0) return 0;
  let agree = 0;
  for (let c = 0; c < width; c++) {
    let best = 0;
    for (let k = 0; k < CLASS_COUNT; k++) best = Math.max(best, counts[c * CLASS_COUNT + k]!);
    agree += best;
  }
  return agree / total;
}

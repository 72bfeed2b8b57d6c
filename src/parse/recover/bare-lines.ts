import { fold } from '../../domain/fold.js';
import type { Cell, Row, Table } from '../blocks.js';
import { bareNumber, readLabel } from '../extract/labels.js';
import { classifyCell } from '../layout/cell-kind.js';
import { type HeaderInfo, type HeaderRole, readHeader } from '../layout/header.js';
import type { Line } from './lines.js';

/**
 * Tables that lost every mark: a header printed one word per line (序号 / 民生实事 / 责任单位 / 完成时限),
 * then each cell on lines of its own (a cell may take several lines, e.g. one unit per line), or columns
 * separated by runs of spaces. Rows come back from the content: a number starts a row; a cell that belongs
 * to a column left of the last one filled starts a continuation row (its number and other cells merged
 * from above).
 */
export interface BareTable {
  table: Table;
  /** Index (in the given lines) just after the table. */
  next: number;
}

// Website chrome and document furniture that ends a table printed as bare lines.
// (A site footer's «主办：…» counts only beside other footer words: «主办单位：» also labels a plan's lead units.)
export const CHROME =
  /^(?:分享|打印|关闭|扫一扫|返回|【|上一篇|下一篇|相关|附件|(?:主办|承办)(?=[^:：]{0,40}(?:承办|网站|ICP|版权|标识码|电话|地址))|版权|地址|电话|联系电话|ICP|网站|浏览|点击|来源|发布时间|责任编辑|编辑|字体|收藏|用微信|微信扫|抄送|印发|主题词)/;

const MAX_HEADER_WORD = 10;
const SPACE = /\s/;

function isHeaderLine(text: string): HeaderInfo | null {
  const t = text.trim();
  if (t.length === 0) return null;
  // Every text line is asked: a long line without spaces (most of them) is no header word, and needs no copy.
  if (t.length > MAX_HEADER_WORD && (!SPACE.test(t) || t.replace(/\s+/g, '').length > MAX_HEADER_WORD)) return null;
  return readHeader(t);
}

/**
 * A header of ≥3 one-word lines at `i` (blank lines between allowed), then the body's lines as a stream of
 * cells for the layout stage to cut into rows. A body that opens with an outline label is an outline plan
 * whose column headers were printed as paragraphs; the outline reader takes it.
 */
export function bareLineTable(lines: readonly Line[], i: number): BareTable | null {
  const content = (k: number): number => {
    let j = k;
    while (j < lines.length && lines[j]!.text.trim() === '') j++;
    return j;
  };
  const header: Line[] = [];
  let j = content(i);
  while (j < lines.length && isHeaderLine(lines[j]!.text)) {
    header.push(lines[j]!);
    j = content(j + 1);
  }
  if (header.length < 3 || j >= lines.length) return null;
  // A body that opens with an outline label is an outline whose column headers were printed as paragraphs,
  // unless the header has a number column and bare numbers follow: then the labels are heading rows.
  const opening = readLabel(lines[j]!.text.trim());
  if (opening && (opening.kind === 'section' || opening.kind === 'group' || opening.kind === 'item')) {
    const numbered = header.some((h) => readHeader(h.text)?.role === 'number');
    const soon = lines.slice(j, j + 12).some((l) => bareNumber(l.text) !== null);
    if (!numbered || !soon) return null;
  }
  const fixed = fixedRows(lines, header, j);
  if (fixed) {
    const span = { start: lines[i]!.start, end: lines[fixed.next - 1]!.end };
    return {
      table: { kind: 'table', rows: [headerRow(header), ...fixed.rows], span, origin: 'line-cells' },
      next: fixed.next,
    };
  }
  const stream: Cell[] = [];
  let end = j;
  for (let k = j; k < lines.length; k++) {
    const line = lines[k]!;
    const text = line.text.trim();
    if (text === '' || line.kind === 'blank') continue;
    if (CHROME.test(fold(text)) || /[:：]$/.test(text)) break;
    const start = line.start + line.text.indexOf(text);
    stream.push({ text, span: { start, end: start + text.length }, rowspan: 1, colspan: 1 });
    end = k + 1;
  }
  if (stream.length < 3) return null;
  const table: Table = {
    kind: 'table',
    rows: [headerRow(header)],
    streamCells: stream,
    span: { start: lines[i]!.start, end: lines[end - 1]!.end },
    origin: 'line-cells',
  };
  return { table, next: end };
}

/**
 * One cell per line where every row takes the same number of lines: the header's, with an empty line for
 * an empty cell, and one blank line closing each row when the header is closed by one. The rows then
 * state their cells (an empty line is an empty cell). Section headings stand on a line of their own (closed
 * the same way). Null when the body does not keep that rhythm for at least two rows.
 */
function fixedRows(
  lines: readonly Line[],
  header: readonly Line[],
  body: number,
): { rows: Row[]; next: number } | null {
  const width = header.length;
  const first = header[0]!.index;
  // The header's words on consecutive lines, as the rows' cells will be.
  if (header.some((h, n) => h.index !== first + n)) return null;
  const after = header[width - 1]!.index + 1;
  if (after >= lines.length) return null;
  const closed = lines[after]!.text.trim() === '';
  const numberCol = header.findIndex((h) => readHeader(h.text)?.role === 'number');
  if (!closed && numberCol < 0) return null;
  const period = width + (closed ? 1 : 0);
  const rows: Row[] = [];
  let dataRows = 0;
  let k = body;
  let next = body;
  while (k < lines.length) {
    const t = lines[k]!.text.trim();
    if (t === '' || lines[k]!.kind === 'blank') {
      k++;
      continue;
    }
    const label = readLabel(t);
    if (label && (label.kind === 'section' || label.kind === 'group') && t.length <= 60) {
      rows.push(cellRow(lines, k, 1));
      k++;
      continue;
    }
    if (k + period > lines.length) break;
    const cells = lines.slice(k, k + width);
    if (closed && lines[k + width]!.text.trim() !== '') break;
    if (numberCol >= 0 && bareNumber(cells[numberCol]!.text) === null) break;
    if (cells.some((c) => CHROME.test(fold(c.text.trim())))) break;
    rows.push(cellRow(lines, k, width));
    dataRows++;
    k += period;
    next = k - (closed ? 1 : 0);
  }
  while (rows.length > 0 && rows[rows.length - 1]!.cells.length === 1) rows.pop();
  if (dataRows < 2) return null;
  return { rows, next };
}

function cellRow(lines: readonly Line[], k: number, width: number): Row {
  const cells = lines.slice(k, k + width).map((l) => {
    const text = l.text.trim();
    const start = l.start + Math.max(0, l.text.indexOf(text));
    return { text, span: { start, end: start + text.length }, rowspan: 1, colspan: 1 };
  });
  return { cells, span: { start: lines[k]!.start, end: lines[k + width - 1]!.end } };
}

function headerRow(lines: readonly Line[]): Row {
  return {
    cells: lines.map((l) => ({ text: l.text.trim(), span: { start: l.start, end: l.end }, rowspan: 1, colspan: 1 })),
    span: { start: lines[0]!.start, end: lines[lines.length - 1]!.end },
  };
}

/**
 * Columns separated by spaces under a header line. Two renderings: runs of spaces between cells
 * («序号   工作任务   牵头单位», the rows cut the same way, «—» for an empty cell), or single spaces
 * («序号 工 作 任 务 牵头负责部门», letter-spaced header words closed up first), where a row is its number,
 * then the text, then the cells at its end that read as units, deadlines or status. Section headings
 * printed bare between the rows are rows of one cell.
 */
export function spaceColumnTable(lines: readonly Line[], i: number): BareTable | null {
  const head = lines[i]!;
  const headText = head.text.trim();
  const wide = WIDE_GAP.test(headText);
  const words = wide ? headText.split(/\s{2,}/) : closeUpLetterSpacing(headText.split(/\s+/));
  if (words.length < 2 || words.length > 8 || !words.every((w) => readHeader(w))) return null;
  const roles = words.map((w) => readHeader(w)!.role);
  const textCol = roles.indexOf('textual');
  if (textCol < 0) return null;
  const rows: Row[] = [headerRow([head])];
  rows[0]!.cells = words.map((w) => ({ text: w, span: { start: head.start, end: head.end }, rowspan: 1, colspan: 1 }));
  let end = i + 1;
  let dataRows = 0;
  for (let k = i + 1; k < lines.length; k++) {
    const l = lines[k]!;
    const t = l.text.trim();
    if (t === '' || l.kind === 'blank') continue;
    const row = spacedRow(l, roles, textCol, wide) ?? headingCell(l);
    if (!row) break;
    rows.push(row);
    if (row.cells.length > 1) {
      dataRows++;
      end = k + 1;
    }
  }
  // Headings after the last row belong to what follows the table.
  while (rows.length > 1 && rows[rows.length - 1]!.cells.length === 1) rows.pop();
  if (dataRows < 2) return null;
  return {
    table: { kind: 'table', rows, span: { start: head.start, end: lines[end - 1]!.end }, origin: 'space-columns' },
    next: end,
  };
}

/**
 * Rows without a header: each line a number, a space, the text, and at its end a unit list or a deadline
 * set off by spaces («1 地区生产总值增长7%以上. 发改委»). Three such lines in a run make a table whose
 * columns the layout stage infers from content.
 */
export function numberedSpaceRows(lines: readonly Line[], i: number): BareTable | null {
  if (!/^\s*\d{1,3}[.、]?\s/.test(lines[i]!.text)) return null;
  const rows: Row[] = [];
  let end = i;
  let dataRows = 0;
  for (let k = i; k < lines.length; k++) {
    const l = lines[k]!;
    if (l.kind === 'blank') continue;
    const row = spacedRow(l, IMPLIED_ROLES, 1, WIDE_GAP.test(l.text.trim())) ?? (dataRows > 0 ? headingCell(l) : null);
    if (!row) break;
    if (row.cells.length > 1) {
      // The row must end in what a task row ends in: units or a deadline, not more text.
      const tail = row.cells.slice(2).filter((c) => c.text !== '');
      if (tail.length === 0 || /[:：]/.test(row.cells[1]!.text.slice(0, 12))) break;
      dataRows++;
      end = k + 1;
    }
    rows.push(row);
  }
  while (rows.length > 0 && rows[rows.length - 1]!.cells.length === 1) rows.pop();
  if (dataRows < 3) return null;
  // The columns this rendering implies, named as a header would name them.
  const at = { start: lines[i]!.start, end: lines[i]!.start };
  const named = IMPLIED_HEADER.map((text) => ({ text, span: at, rowspan: 1, colspan: 1 }));
  rows.unshift({ cells: named, span: at });
  return {
    table: { kind: 'table', rows, span: { start: lines[i]!.start, end: lines[end - 1]!.end }, origin: 'space-columns' },
    next: end,
  };
}

const IMPLIED_HEADER = ['序号', '工作任务', '责任单位', '完成时限'];
const IMPLIED_ROLES: readonly HeaderRole[] = ['number', 'textual', 'units', 'deadline'];

const ROLE_END = /(?:牵头|负责|配合|协办|协助|协作|参与|落实)$/;

const WIDE_GAP = /\S(?: {2,}|\u3000+|\t)\S/;
// What a rendering prints in an empty cell.
const EMPTY_MARK = /^(?:[—－\-–/／]{1,2}|无)$/;

/** One row of a space-separated table, or null when the line is no row (no number, one piece). */
function spacedRow(l: Line, roles: readonly HeaderRole[], textCol: number, wide: boolean): Row | null {
  const width = roles.length;
  const t = l.text.trim();
  const lead = l.text.indexOf(t);
  // Each piece with its offset in the line, for the cell spans.
  const pieces: { text: string; at: number }[] = [];
  const cut = wide && WIDE_GAP.test(t);
  const gap = cut ? /(?: {2,}|\u3000+|\t)/g : /\s+/g;
  let from = 0;
  for (const m of t.matchAll(gap)) {
    pieces.push({ text: t.slice(from, m.index), at: from });
    from = m.index + m[0].length;
  }
  pieces.push({ text: t.slice(from), at: from });
  if (pieces.length < 2 || bareNumber(pieces[0]!.text) === null) return null;
  const cells: { text: string; at: number }[] = Array.from({ length: width }, () => ({ text: '', at: 0 }));
  if (cut && pieces.length === width) {
    pieces.forEach((p, c) => {
      cells[c] = p;
    });
  } else {
    // Single spaces: the number, then the text up to the cells at the end that read as units or deadlines.
    // Each piece from the end goes to the rightmost free column of its kind (a row without a deadline
    // leaves that column empty), left of those it already filled.
    cells[0] = pieces[0]!;
    let last = pieces.length;
    let col = width - 1;
    while (col > textCol && last - 1 > textCol) {
      const piece = pieces[last - 1]!.text;
      const kind = classifyCell(piece);
      // Units closed by a role word read as units whatever their names look like («发展改革牵头»).
      const role =
        kind === 'deadline'
          ? 'deadline'
          : kind === 'units' || ROLE_END.test(piece)
            ? 'units'
            : kind === 'status'
              ? 'status'
              : null;
      if (!role && !EMPTY_MARK.test(piece)) break;
      let target = col;
      if (role) while (target > textCol && roles[target] !== role) target--;
      if (target <= textCol) target = col;
      cells[target] = pieces[--last]!;
      col = target - 1;
    }
    for (let c = 1; c < textCol && c < last; c++) cells[c] = pieces[c]!;
    const body = pieces.slice(textCol, last);
    if (body.length === 0) return null;
    cells[textCol] = { text: body.map((p) => p.text).join(' '), at: body[0]!.at };
  }
  const base = l.start + lead;
  return {
    cells: cells.map((c) => {
      const text = EMPTY_MARK.test(c.text) ? '' : c.text;
      const start = base + c.at;
      return { text, span: { start, end: start + c.text.length }, rowspan: 1, colspan: 1 };
    }),
    span: { start: l.start, end: l.end },
  };
}

/** A section or group heading line between the rows, as a row of one cell. */
function headingCell(l: Line): Row | null {
  const t = l.text.trim();
  if (t.length > 60 || /[。；;]$/.test(t)) return null;
  const label = readLabel(t);
  if (!label || (label.kind !== 'section' && label.kind !== 'group')) return null;
  const start = l.start + l.text.indexOf(t);
  return {
    cells: [{ text: t, span: { start, end: start + t.length }, rowspan: 1, colspan: 1 }],
    span: { start: l.start, end: l.end },
  };
}

/** «工 作 任 务» → «工作任务»: runs of single CJK characters are one letter-spaced word. */
function closeUpLetterSpacing(parts: readonly string[]): string[] {
  const out: string[] = [];
  let run = '';
  for (const p of parts) {
    if (p.length === 1 && /[\u3400-\u9fff]/.test(p)) {
      run += p;
      continue;
    }
    if (run) out.push(run);
    run = '';
    out.push(p);
  }
  if (run) out.push(run);
  return out;
}

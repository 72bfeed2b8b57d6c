import { fold } from '../../domain/fold.js';
import type { Cell, Row, Table } from '../blocks.js';
import { bareNumber, readLabel } from '../extract/labels.js';
import { type HeaderInfo, readHeader } from '../layout/header.js';
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
  const stream: Cell[] = [];
  let end = j;
  for (let k = j; k < lines.length; k++) {
    const line = lines[k]!;
    const text = line.text.trim();
    if (text === '') continue;
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

function headerRow(lines: readonly Line[]): Row {
  return {
    cells: lines.map((l) => ({ text: l.text.trim(), span: { start: l.start, end: l.end }, rowspan: 1, colspan: 1 })),
    span: { start: lines[0]!.start, end: lines[lines.length - 1]!.end },
  };
}

/**
 * Columns separated by spaces under a header line such as «序号 工 作 任 务 牵头负责部门» (letter-spaced
 * header words are closed up first). Each following line that starts with a number is a row; extra
 * space-separated pieces join the widest (task) column.
 */
export function spaceColumnTable(lines: readonly Line[], i: number): BareTable | null {
  const head = lines[i]!;
  const words = closeUpLetterSpacing(head.text.trim().split(/\s+/));
  if (words.length < 2 || words.length > 8 || !words.every((w) => readHeader(w))) return null;
  const roles = words.map((w) => readHeader(w)!.role);
  const textCol = roles.indexOf('textual');
  if (textCol < 0) return null;
  const rows: Row[] = [headerRow([head])];
  rows[0]!.cells = words.map((w) => ({ text: w, span: { start: head.start, end: head.end }, rowspan: 1, colspan: 1 }));
  let k = i + 1;
  let end = k;
  for (; k < lines.length; k++) {
    const l = lines[k]!;
    const t = l.text.trim();
    if (t === '') continue;
    const parts = t.split(/\s+/);
    if (parts.length < 2 || bareNumber(parts[0]!) === null) break;
    const cells: string[] = roles.map(() => '');
    if (parts.length >= words.length) {
      cells[0] = parts[0]!;
      const tail = words.length - 1 - textCol;
      for (let c = 0; c < tail; c++) cells[words.length - 1 - c] = parts[parts.length - 1 - c]!;
      cells[textCol] = parts.slice(textCol, parts.length - tail).join(' ');
      for (let c = 1; c < textCol; c++) cells[c] = parts[c]!;
    } else {
      parts.forEach((p, c) => {
        cells[c] = p;
      });
    }
    rows.push({
      cells: cells.map((text) => ({ text, span: { start: l.start, end: l.end }, rowspan: 1, colspan: 1 })),
      span: { start: l.start, end: l.end },
    });
    end = k + 1;
  }
  if (rows.length < 3) return null;
  return {
    table: { kind: 'table', rows, span: { start: head.start, end: lines[end - 1]!.end }, origin: 'space-columns' },
    next: end,
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

import {
  AlignmentType,
  BorderStyle,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
} from 'docx';
import { font, PAGE, SIZE } from './gbt9704.js';

/**
 * Tables in the 公文 body: 仿宋 at a smaller size than the text, full 版心 width, thin black rules, a header
 * row in 黑体 that Word and LibreOffice repeat at the top of every page, and merged cells where the plan
 * printed them merged (a section over all columns, a task over its units).
 */
export interface Cell {
  /** Several strings are several lines (paragraphs) in the cell. */
  text: string | readonly string[];
  rowSpan?: number;
  columnSpan?: number;
  align?: 'left' | 'center' | 'right';
  bold?: boolean;
}

export type CellInput = Cell | string | number;

export interface TableSpec {
  /** Relative column widths; scaled to the 版心. */
  widths: readonly number[];
  header: readonly string[];
  rows: readonly (readonly CellInput[])[];
  /** Point size: 五号 for dense text tables, 小四 for figures. */
  size?: number;
  /** Alignment of each column's body cells (header cells are centred). */
  align?: readonly ('left' | 'center' | 'right')[];
}

const RULE = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const BORDERS = { top: RULE, bottom: RULE, left: RULE, right: RULE, insideHorizontal: RULE, insideVertical: RULE };

export function gongwenTable(spec: TableSpec): Table {
  const total = spec.widths.reduce((a, b) => a + b, 0);
  const widths = spec.widths.map((w) => Math.floor((w / total) * PAGE.textWidth));
  const size = Math.round((spec.size ?? SIZE.wu) * 2);
  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: spec.header.map((h, i) => cell({ text: h, align: 'center', bold: true }, widths[i]!, size, 'hei')),
  });
  // docx writes the continuation of a row-spanning cell itself; the cells of later rows are placed in the
  // columns it does not cover, and a merged cell's width is the sum of its columns.
  const coveredUntil = widths.map(() => 0);
  const rows = spec.rows.map((r, i) => {
    let col = 0;
    return new TableRow({
      // A row never breaks across pages (the header row repeats on the next).
      cantSplit: true,
      children: r.map((c) => {
        while ((coveredUntil[col] ?? 0) > i) col++;
        const x = normalise(c, spec.align?.[col]);
        const span = x.columnSpan ?? 1;
        const w = widths.slice(col, col + span).reduce((a, b) => a + b, 0);
        for (let k = col; k < col + span; k++) coveredUntil[k] = i + (x.rowSpan ?? 1);
        col += span;
        return cell(x, w, size, x.bold ? 'hei' : 'body');
      }),
    });
  });
  return new Table({
    width: { size: PAGE.textWidth, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: BORDERS,
    rows: [header, ...rows],
  });
}

function normalise(c: CellInput, align: Cell['align']): Cell {
  if (typeof c === 'object') return { ...c, align: c.align ?? align ?? 'left' };
  return { text: String(c), align: align ?? 'left' };
}

function cell(c: Cell, width: number, size: number, role: 'hei' | 'body'): TableCell {
  const lines = typeof c.text === 'string' ? [c.text] : c.text;
  const alignment =
    c.align === 'center' ? AlignmentType.CENTER : c.align === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT;
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    ...(c.rowSpan && c.rowSpan > 1 ? { rowSpan: c.rowSpan } : {}),
    ...(c.columnSpan && c.columnSpan > 1 ? { columnSpan: c.columnSpan } : {}),
    verticalAlign: VerticalAlignTable.CENTER,
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
    children: lines.map(
      (l) =>
        new Paragraph({
          style: 'GwCell',
          alignment,
          children: [new TextRun({ text: l, font: font(role), size })],
        }),
    ),
  });
}

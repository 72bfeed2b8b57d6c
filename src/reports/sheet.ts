import type { Workbook, Worksheet } from 'exceljs';
import { FONTS } from './fonts.js';

/**
 * The spreadsheet form of a document, for when the table is the point: a merged title row, a header row that
 * stays in view (frozen) and prints on every page, thin rules, wrapped text, and A4 landscape fitted to the
 * page width. Row heights are estimated here because spreadsheet programs do not grow a wrapped row by themselves
 * when opening a file.
 */
const THIN = { style: 'thin' as const, color: { argb: 'FF000000' } };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const HEADER_FILL = { type: 'pattern' as const, pattern: 'solid' as const, fgColor: { argb: 'FFE7E6E6' } };
const SECTION_FILL = { type: 'pattern' as const, pattern: 'solid' as const, fgColor: { argb: 'FFF2F2F2' } };
const SIZE = 11;
const LINE_POINTS = 14.5;

export type SheetValue = string | number | null;

export interface SheetSpec {
  name: string;
  title: string;
  header: readonly string[];
  /** Column widths in Excel's character units (a Chinese character is about two). */
  widths: readonly number[];
  /** Alignment of each column's body cells. */
  align?: readonly ('left' | 'center' | 'right')[];
}

export class OfficeSheet {
  readonly ws: Worksheet;
  private readonly spec: SheetSpec;
  private readonly merges: { col: number; from: number; to: number }[] = [];
  private readonly sections = new Set<number>();

  constructor(wb: Workbook, spec: SheetSpec) {
    this.spec = spec;
    const n = spec.header.length;
    this.ws = wb.addWorksheet(spec.name, {
      views: [{ state: 'frozen', ySplit: 2, xSplit: 0 }],
      pageSetup: {
        paperSize: 9,
        orientation: 'landscape',
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        horizontalCentered: true,
        printTitlesRow: '2:2',
        margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
      },
      headerFooter: { oddFooter: '&C第 &P 页，共 &N 页' },
    });
    this.ws.columns = spec.widths.map((width) => ({ width }));
    const title = this.ws.getRow(1);
    title.getCell(1).value = spec.title;
    title.getCell(1).font = { name: FONTS.title[0], size: 18 };
    title.getCell(1).alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    // A long title wraps: the row grows with it, or its second line hides behind the header row. A CJK
    // character of 18 pt takes about 3.3 of Excel's width units.
    const total = spec.widths.reduce((a, b) => a + b, 0);
    const chars = [...spec.title].reduce((w, ch) => w + (ch.charCodeAt(0) < 0x2e80 ? 0.55 : 1), 0);
    title.height = Math.max(1, Math.ceil((chars * 3.3) / Math.max(total, 1))) * 26 + 10;
    this.ws.mergeCells(1, 1, 1, n);
    const header = this.ws.getRow(2);
    spec.header.forEach((h, i) => {
      const c = header.getCell(i + 1);
      c.value = h;
      c.font = { name: FONTS.hei[0], size: SIZE, bold: true };
      c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      c.border = BORDER;
      c.fill = HEADER_FILL;
    });
    header.height = this.need(2) * LINE_POINTS + 8;
  }

  /** Appends a row (a total in bold); returns its number. */
  row(values: readonly SheetValue[], bold = false): number {
    const r = this.ws.addRow([...values]);
    for (let i = 1; i <= this.spec.header.length; i++) {
      const c = r.getCell(i);
      c.font = { name: bold ? FONTS.hei[0] : FONTS.song[0], size: SIZE, bold };
      c.border = BORDER;
      c.alignment = { horizontal: this.spec.align?.[i - 1] ?? 'left', vertical: 'middle', wrapText: true };
    }
    r.height = this.need(r.number) * LINE_POINTS + 6;
    return r.number;
  }

  /** A section heading: one cell merged across the table. */
  section(text: string): number {
    const n = this.row([text]);
    this.ws.mergeCells(n, 1, n, this.spec.header.length);
    this.sections.add(n);
    const c = this.ws.getCell(n, 1);
    c.font = { name: FONTS.hei[0], size: SIZE, bold: true };
    c.fill = SECTION_FILL;
    this.ws.getRow(n).height =
      this.need(
        n,
        this.spec.widths.reduce((a, b) => a + b, 0),
      ) *
        LINE_POINTS +
      6;
    return n;
  }

  /** Merges one column's cells over rows `from`–`to` (a task over its units, a group over its tasks). */
  mergeDown(col: number, from: number, to: number): void {
    if (to <= from) return;
    this.ws.mergeCells(from, col, to, col);
    this.merges.push({ col, from, to });
  }

  /**
   * Heights once the merges are known: each row for its own cells, then a merged cell, which does not grow its
   * rows, gives the last of them what its text still needs.
   */
  finish(): void {
    for (let r = 3; r <= this.ws.rowCount; r++) {
      if (!this.sections.has(r)) this.ws.getRow(r).height = this.need(r) * LINE_POINTS + 6;
    }
    for (const m of this.merges) {
      const need = this.need(m.from, undefined, m.col) * LINE_POINTS + 6;
      let have = 0;
      for (let r = m.from; r <= m.to; r++) have += this.ws.getRow(r).height ?? LINE_POINTS;
      if (have < need) {
        const last = this.ws.getRow(m.to);
        last.height = (last.height ?? LINE_POINTS) + need - have;
      }
    }
  }

  /** Lines the tallest cell of a row needs (or one column's, for a merged cell). */
  private need(row: number, width?: number, only?: number): number {
    let most = 1;
    this.ws.getRow(row).eachCell((c, col) => {
      if (only !== undefined && col !== only) return;
      if (only === undefined && this.merges.some((m) => m.col === col && row >= m.from && row <= m.to)) return;
      most = Math.max(most, lines(String(c.value ?? ''), width ?? this.spec.widths[col - 1] ?? 10));
    });
    return most;
  }
}

/** Lines a text wraps to in a column `width` characters wide (Chinese characters count two). */
export function lines(text: string, width: number): number {
  const room = Math.max(width - 1.5, 2);
  let n = 0;
  for (const para of text.split('\n')) {
    let w = 0;
    for (const ch of para) w += ch.charCodeAt(0) < 0x2e80 ? 1 : 2;
    n += Math.max(1, Math.ceil(w / room));
  }
  return n;
}

/** exceljs is loaded when a spreadsheet is asked for, not with the server. */
export async function newWorkbook(creator: string): Promise<Workbook> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = creator;
  return wb;
}

export async function workbookBytes(wb: Workbook): Promise<Uint8Array> {
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

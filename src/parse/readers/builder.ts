import { maxOf } from '../../domain/arrays.js';
import type { Block, BlockDocument, Box, Cell, Row, Span } from '../blocks.js';

/**
 * Builds a block document for readers of structured formats. It writes the source text as it goes —
 * paragraphs on their own lines, table cells separated by tabs and rows by line breaks — so every block
 * and cell gets a span into one text, the same way the text reader's spans work. Tables are given as rows
 * of cells with rowspan/colspan (covered cells left out, as HTML and Word express them); the builder lays
 * them on a grid and fills each covered position with a `covered` cell carrying the covering cell's text.
 */
export interface SourceCell {
  text: string;
  rowspan?: number;
  colspan?: number;
  /** Place on a scanned page (see Span.box). */
  box?: Box;
}

export interface SourceRow {
  cells: SourceCell[];
  page?: number;
}

const MAX_GRID_CELLS = 500_000;

export class BlockBuilder {
  private text = '';
  private readonly blocks: Block[] = [];
  readonly notices: { code: string; message: string }[] = [];

  paragraph(text: string, options: { page?: number; heading?: number; numbering?: string; box?: Box } = {}): void {
    const t = text.replace(/\r\n?/g, '\n').replace(/[ \t\u00a0\u3000]+$/g, '');
    if (t.trim() === '') return;
    const label = options.numbering ? `${options.numbering}` : '';
    const full = label && !t.startsWith(label) ? label + t : t;
    const span = this.write(full, options.page);
    if (options.box) span.box = options.box;
    const p: Block = { kind: 'paragraph', text: full, span };
    if (options.heading) p.heading = options.heading;
    if (options.numbering) p.numbering = options.numbering;
    this.blocks.push(p);
  }

  table(rows: readonly SourceRow[]): void {
    if (rows.length === 0) return;
    const grid: (Cell | undefined)[][] = [];
    let cells = 0;
    const start = this.text.length;
    rows.forEach((row, r) => {
      grid[r] ??= [];
      let c = 0;
      for (const sc of row.cells) {
        while (grid[r]![c]) c++;
        const rowspan = Math.max(1, Math.min(sc.rowspan ?? 1, rows.length - r));
        const colspan = Math.max(1, Math.min(sc.colspan ?? 1, 1000));
        cells += rowspan * colspan;
        if (cells > MAX_GRID_CELLS) throw new Error('table grid too large');
        const cell: Cell = { text: sc.text, span: { start: 0, end: 0 }, rowspan, colspan };
        if (row.page !== undefined) cell.span.page = row.page;
        if (sc.box) cell.span.box = sc.box;
        for (let dr = 0; dr < rowspan; dr++) {
          grid[r + dr] ??= [];
          for (let dc = 0; dc < colspan; dc++) {
            grid[r + dr]![c + dc] =
              dr === 0 && dc === 0
                ? cell
                : { text: sc.text, span: cell.span, rowspan: 1, colspan: 1, covered: { row: r, col: c } };
          }
        }
        c += colspan;
      }
    });
    const width = maxOf(grid.map((g) => g.length));
    const outRows: Row[] = [];
    grid.forEach((g, r) => {
      const rowStart = this.text.length;
      const row: Cell[] = [];
      for (let c = 0; c < width; c++) {
        if (c > 0) this.text += '\t';
        const cell = g[c] ?? { text: '', span: { start: 0, end: 0 }, rowspan: 1, colspan: 1 };
        if (!cell.covered) {
          const s = this.text.length;
          this.text += cell.text.replace(/\t/g, ' ');
          cell.span.start = s;
          cell.span.end = this.text.length;
        }
        row.push(cell);
      }
      this.text += '\n';
      const page = rows[r]?.page;
      outRows.push({
        cells: row,
        span:
          page === undefined
            ? { start: rowStart, end: this.text.length - 1 }
            : { start: rowStart, end: this.text.length - 1, page },
      });
    });
    this.blocks.push({ kind: 'table', rows: outRows, span: { start, end: this.text.length }, origin: 'markup' });
  }

  notice(code: string, message: string): void {
    this.notices.push({ code, message });
  }

  build(format: string, extra: { encoding?: string; pages?: number } = {}): BlockDocument {
    const doc: BlockDocument = { text: this.text, blocks: this.blocks, format, notices: this.notices };
    if (extra.encoding) doc.encoding = extra.encoding;
    if (extra.pages) doc.pages = extra.pages;
    return doc;
  }

  private write(t: string, page?: number): Span {
    const start = this.text.length;
    this.text += t;
    const span: Span = { start, end: this.text.length };
    if (page !== undefined) span.page = page;
    this.text += '\n';
    return span;
  }
}

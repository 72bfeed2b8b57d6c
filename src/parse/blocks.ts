/**
 * The block model every reader produces and every later stage reads: paragraphs and tables, each with its
 * span in the source text (and page where the format has pages). Tables keep rows, cells and merged-cell
 * information; a cell covered by a merged cell above or to the left is present with `covered` set and the
 * text of the cell that covers it, so no later stage has to know how the format expressed the merge.
 */
export interface Span {
  start: number;
  end: number;
  page?: number;
  /**
   * On a page read by OCR: where on the page image the text stands, as fractions of the page's width and
   * height [left, top, right, bottom] (y downwards), so review can show the image with the place marked.
   */
  box?: Box;
}

export type Box = [number, number, number, number];

/** A word OCR read with low confidence, at its place in the source text and on the page image. */
export interface Doubt {
  start: number;
  end: number;
  text: string;
  /** Tesseract's confidence, 0–100. */
  conf: number;
  page: number;
  box: Box;
}

export interface Paragraph {
  kind: 'paragraph';
  text: string;
  span: Span;
  /** Printed label from the format's own numbering (Word auto-numbering), when it is not in `text`. */
  numbering?: string;
  /** Heading level from the format's styles (1 = top), when known. */
  heading?: number;
}

export interface Cell {
  text: string;
  span: Span;
  rowspan: number;
  colspan: number;
  /**
   * Set on a cell that a merged cell covers: `from` is the row and column of the covering cell. Readers of
   * real tables know this; text recovery marks only what it can see (a row shifted by a dropped cell).
   */
  covered?: { row: number; col: number };
}

export interface Row {
  cells: Cell[];
  span: Span;
}

export interface Table {
  kind: 'table';
  rows: Row[];
  /**
   * Cells in reading order whose row ends were lost (a flattened table whose rows differ in length): the
   * layout stage rebuilds the rows from the column model. `rows` then holds only what came before (header).
   */
  streamCells?: Cell[];
  span: Span;
  /** How the table was obtained: from real table markup, or recovered from text that flattened it. */
  origin: 'markup' | 'tab-rows' | 'pipe-rows' | 'cell-stream' | 'line-cells' | 'space-columns' | 'run-together';
}

export type Block = Paragraph | Table;

export interface BlockDocument {
  /** The source text all spans point into. */
  text: string;
  blocks: Block[];
  format: string;
  encoding?: string;
  pages?: number;
  /** Problems the reader met that the user should know about (e.g. table structure lost). */
  notices: { code: string; message: string }[];
  /** Pages read by OCR (1-based), and the words it was unsure of. */
  scanned?: { pages: number[]; doubts: Doubt[] };
}

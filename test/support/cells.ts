import type { BlockDocument } from '../../src/parse/blocks.js';

/**
 * Cell-level comparison of a read document with a fixture's truth (the logical grid with merged cells
 * filled in). Text is compared with all whitespace removed: fixed-layout formats wrap lines where the
 * source had none and Chinese text carries no meaning in spaces.
 */
export interface Truth {
  header?: string[];
  rows?: string[][];
  paragraphs?: string[];
}

export const compact = (s: string) => s.replace(/\s+/g, '');

export interface CellReport {
  right: number;
  total: number;
  rows: { got: number; want: number };
  wrong: [number, number, string, string | undefined][];
}

/** Every table cell of the document (all tables, in order) against the truth's header and rows. */
export function compareCells(doc: BlockDocument, t: Truth): CellReport {
  const grid = doc.blocks.flatMap((b) => (b.kind === 'table' ? b.rows.map((r) => r.cells) : []));
  const want = [t.header ?? [], ...(t.rows ?? [])];
  const report: CellReport = { right: 0, total: 0, rows: { got: grid.length, want: want.length }, wrong: [] };
  want.forEach((row, r) => {
    row.forEach((w, c) => {
      const got = grid[r]?.[c];
      // The truth leaves header cells covered by a colspan blank.
      if (r === 0 && w === '' && got?.covered) return;
      report.total++;
      if (got !== undefined && compact(got.text) === compact(w)) report.right++;
      else report.wrong.push([r, c, w, got?.text]);
    });
  });
  return report;
}

/** The truth paragraphs that no paragraph of the document matches. */
export function missingParagraphs(doc: BlockDocument, wanted: readonly string[]): string[] {
  const got = new Set(doc.blocks.flatMap((b) => (b.kind === 'paragraph' ? [compact(b.text)] : [])));
  return wanted.filter((w) => !got.has(compact(w)));
}

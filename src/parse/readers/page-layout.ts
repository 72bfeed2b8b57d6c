import { charWidth, type PageContent, type TextRun } from './geometry.js';
import { findGrids, type Grid } from './grid.js';
import { cellText, groupLines, type TextLine } from './text-lines.js';

/**
 * One page split into its tables (grids from the ruling lines, with each cell's text) and the lines of
 * text outside them, each with its vertical place so the two can be read in order.
 */
export interface PageTable {
  page: number;
  grid: Grid;
  /**
   * Text of each of `grid.cells`, whether its last line runs to the cell's right edge, and whether it reaches
   * the cell's bottom: text cut off by the end of the page does both.
   */
  texts: { text: string; full: boolean; low: boolean }[];
  top: number;
  bottom: number;
  /** The page's size, on scanned pages only: cells then keep their box (see Span.box). */
  scan?: { width: number; height: number };
}

export interface PageLayout {
  page: number;
  width: number;
  height: number;
  scanned?: boolean;
  tables: PageTable[];
  lines: TextLine[];
}

export function layoutPage(content: PageContent): PageLayout {
  // A one-column grid is a box drawn around text (a framed note), not a table.
  const grids = findGrids(content.rules).filter((g) => g.xs.length > 2);
  const maps = grids.map(positions);
  const inCell: TextRun[][][] = grids.map((g) => g.cells.map(() => []));
  const flow: TextRun[] = [];
  for (const run of content.runs) {
    for (const piece of splitAtColumns(run, grids)) {
      const at = locate(piece, grids, maps);
      if (at) inCell[at.grid]![at.cell]!.push(piece);
      else flow.push(piece);
    }
  }
  const tables: PageTable[] = [];
  grids.forEach((grid, gi) => {
    const cells = inCell[gi]!;
    if (cells.every((c) => c.length === 0)) return;
    const texts = grid.cells.map((cell, ci) => {
      const lines = groupLines(cells[ci]!, content.page);
      const x0 = grid.xs[cell.col]!;
      const x1 = grid.xs[cell.col + cell.colspan]!;
      // The cell's padding, taken as equal on both sides, sets where a full line ends.
      const pad = lines.length ? Math.max(0, Math.min(...lines.map((l) => l.x0)) - x0) : 0;
      const last = lines[lines.length - 1];
      const bottom = grid.ys[cell.row + cell.rowspan]!;
      const full = !!last && last.x1 >= x1 - pad - last.size * 2;
      const low = !!last && bottom - last.bottom < last.size * 2.5;
      return { text: cellText(lines, x1 - pad), full, low };
    });
    const table: PageTable = {
      page: content.page,
      grid,
      texts,
      top: grid.ys[0]!,
      bottom: grid.ys[grid.ys.length - 1]!,
    };
    if (content.scanned) table.scan = { width: content.width, height: content.height };
    tables.push(table);
  });
  const layout: PageLayout = {
    page: content.page,
    width: content.width,
    height: content.height,
    tables,
    lines: groupLines(flow, content.page),
  };
  if (content.scanned) layout.scanned = true;
  return layout;
}

/** For each grid position (row-major), the index of the cell covering it. */
function positions(g: Grid): Int32Array {
  const cols = g.xs.length - 1;
  const map = new Int32Array(cols * (g.ys.length - 1));
  g.cells.forEach((c, i) => {
    for (let r = c.row; r < c.row + c.rowspan; r++) map.fill(i, r * cols + c.col, r * cols + c.col + c.colspan);
  });
  return map;
}

/** The grid and cell a run's centre falls in, if any. */
function locate(
  run: TextRun,
  grids: readonly Grid[],
  maps: readonly Int32Array[],
): { grid: number; cell: number } | null {
  const cx = (run.x0 + run.x1) / 2;
  const cy = (run.top + run.bottom) / 2;
  for (let gi = 0; gi < grids.length; gi++) {
    const g = grids[gi]!;
    const col = slot(g.xs, cx);
    const row = slot(g.ys, cy);
    if (col < 0 || row < 0) continue;
    return { grid: gi, cell: maps[gi]![row * (g.xs.length - 1) + col]! };
  }
  return null;
}

/** Index of the track between consecutive boundaries that holds v, or -1 outside them. */
function slot(bounds: readonly number[], v: number): number {
  if (v < bounds[0]! || v > bounds[bounds.length - 1]!) return -1;
  let lo = 0;
  let hi = bounds.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (bounds[mid]! <= v) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * A run that crosses a column line (a writer that drew a row's cells as one string) cut there. Glyph
 * positions are not known inside a run, so the cut is placed by character widths: CJK full, others half.
 */
function splitAtColumns(run: TextRun, grids: readonly Grid[]): TextRun[] {
  const cy = (run.top + run.bottom) / 2;
  const cuts: number[] = [];
  for (const g of grids) {
    if (cy < g.ys[0]! || cy > g.ys[g.ys.length - 1]!) continue;
    for (const x of g.xs) if (x > run.x0 + run.size * 0.5 && x < run.x1 - run.size * 0.5) cuts.push(x);
  }
  if (cuts.length === 0) return [run];
  const chars = [...run.text];
  const weights = chars.map(charWidth);
  const total = weights.reduce((s, w) => s + w, 0) || 1;
  const unit = (run.x1 - run.x0) / total;
  const out: TextRun[] = [];
  let x = run.x0;
  let piece = '';
  let start = run.x0;
  let k = 0;
  cuts.sort((a, b) => a - b);
  chars.forEach((c, i) => {
    const mid = x + (weights[i]! * unit) / 2;
    while (k < cuts.length && mid > cuts[k]!) {
      if (piece.trim()) out.push({ ...run, text: piece.trim(), x0: start, x1: x });
      piece = '';
      start = x;
      k++;
    }
    piece += c;
    x += weights[i]! * unit;
  });
  if (piece.trim()) out.push({ ...run, text: piece.trim(), x0: start, x1: run.x1 });
  return out;
}

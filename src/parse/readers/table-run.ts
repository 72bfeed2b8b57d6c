import type { Box } from '../blocks.js';
import type { SourceRow } from './builder.js';
import type { PageTable } from './page-layout.js';
import { joinWrapped, LABEL } from './text-lines.js';

/**
 * A table as it runs over one or more pages. A grid at the top of a page continues the table that ended
 * the page before when its column lines fall on the table's: the header rows repeated there are dropped,
 * and at the seam a row cut by the page break is joined back into one row, and a merged cell that runs on
 * (empty on the new page) keeps covering the rows below it.
 */
interface Region {
  row: number;
  col: number;
  rowspan: number;
  colspan: number;
  text: string;
  full: boolean;
  low: boolean;
  box?: Box;
}

// Column lines within this many points are the same line on another page.
const SAME_COLUMN = 3;
const MAX_HEADER_ROWS = 3;

export class TableRun {
  private regions: Region[];
  private readonly rowPages: number[];
  lastPage: number;

  constructor(
    t: PageTable,
    private xs: readonly number[],
  ) {
    this.regions = regionsOf(t, (c) => c);
    this.rowPages = Array.from({ length: t.grid.ys.length - 1 }, () => t.page);
    this.lastPage = t.page;
  }

  static start(t: PageTable): TableRun {
    return new TableRun(t, t.grid.xs);
  }

  /** Takes `t` as this table's continuation if its columns line up; false (and nothing changed) if not. */
  continueWith(t: PageTable): boolean {
    const xs = mergeColumns(this.xs, t.grid.xs);
    if (!xs) return false;
    // Columns split further down the table (a sub-column that only some rows have) widen the cells above.
    if (xs.length > this.xs.length) {
      const old = indexes(this.xs, xs);
      for (const r of this.regions) {
        const end = old[r.col + r.colspan]!;
        r.col = old[r.col]!;
        r.colspan = end - r.col;
      }
      this.xs = xs;
    }
    const map = indexes(t.grid.xs, xs);
    let next = regionsOf(t, (c) => map[c]!);
    let rows = t.grid.ys.length - 1;
    const header = repeatedHeader(this.regions, next, rows);
    if (header > 0) {
      // A scanned header read better on this page (more characters recognised) replaces the first reading.
      for (const r of next) {
        const mine = r.row < header && r.box && this.regions.find((x) => x.row === r.row && x.col === r.col);
        if (mine && r.text.replace(/\s+/g, '').length > mine.text.replace(/\s+/g, '').length) mine.text = r.text;
      }
      next = next.filter((r) => r.row >= header).map((r) => ({ ...r, row: r.row - header }));
      rows -= header;
    }
    this.lastPage = t.page;
    if (rows > 0) this.joinAtSeam(next, rows, t.page);
    return true;
  }

  /**
   * Appends the continuation's rows. At the seam each cell of the last row either goes on into the
   * cell below it (text cut by the page break), merges on down over an empty cell, or meets a new cell.
   */
  private joinAtSeam(next: Region[], rows: number, page: number): void {
    const last = this.rowPages.length - 1;
    const pairs = this.regions
      .filter((r) => r.row <= last && r.row + r.rowspan > last)
      .map((a) => ({ a, b: next.find((x) => x.row === 0 && x.col === a.col && x.colspan === a.colspan) }));
    const ways = pairs.map(({ a, b }) => (b ? seamWay(a, b, last) : 'new'));
    // No cell starts anew: the first row is the rest of the last row. Otherwise it is a new row, into which
    // only cells of the last row plainly cut (full to their edges) still run on, sharing the page's first row.
    const cut = !ways.includes('new') && pairs.every((p) => p.b);
    pairs.forEach(({ a, b }, i) => {
      const way = cut || ways[i] !== 'continue' || (a.row === last && a.low) ? ways[i] : 'new';
      if (!b || way === 'new' || (way === 'empty' && a.text === '' && !cut)) return;
      if (way === 'continue') a.text = joinWrapped(a.text, b.text);
      a.full = b.full;
      a.low = b.low;
      a.rowspan += cut ? b.rowspan - 1 : b.rowspan;
      next.splice(next.indexOf(b), 1);
    });
    const offset = cut ? last : last + 1;
    for (const b of next) this.regions.push({ ...b, row: b.row + offset });
    for (let r = cut ? 1 : 0; r < rows; r++) this.rowPages.push(page);
  }

  rows(): SourceRow[] {
    const out: SourceRow[] = this.rowPages.map((page) => ({ cells: [], page }));
    const sorted = [...this.regions].sort((a, b) => a.row - b.row || a.col - b.col);
    for (const r of sorted) {
      out[r.row]!.cells.push({
        text: r.text,
        rowspan: r.rowspan,
        colspan: r.colspan,
        ...(r.box ? { box: r.box } : {}),
      });
    }
    return out;
  }
}

function regionsOf(t: PageTable, col: (c: number) => number): Region[] {
  const { xs, ys } = t.grid;
  return t.grid.cells.map((c, i) => ({
    row: c.row,
    col: col(c.col),
    rowspan: c.rowspan,
    colspan: col(c.col + c.colspan) - col(c.col),
    text: t.texts[i]!.text,
    full: t.texts[i]!.full,
    low: t.texts[i]!.low,
    // A cell joined over a page break keeps the box of its first part.
    ...(t.scan
      ? { box: fractionBox(xs[c.col]!, ys[c.row]!, xs[c.col + c.colspan]!, ys[c.row + c.rowspan]!, t.scan) }
      : {}),
  }));
}

/** A box in points as fractions of the page (4 decimals: a tenth of a millimetre). */
export function fractionBox(
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  page: { width: number; height: number },
): Box {
  const f = (v: number, d: number) => Math.round((v / d) * 1e4) / 1e4;
  return [f(x0, page.width), f(y0, page.height), f(x1, page.width), f(y1, page.height)];
}

/** The column lines of both pages, when the two span the same width (same outer lines). */
function mergeColumns(base: readonly number[], xs: readonly number[]): number[] | null {
  const same = (a: number, b: number) => Math.abs(a - b) <= SAME_COLUMN;
  if (!same(base[0]!, xs[0]!) || !same(base[base.length - 1]!, xs[xs.length - 1]!)) return null;
  const out = [...base];
  for (const x of xs) if (!out.some((b) => same(b, x))) out.push(x);
  return out.sort((a, b) => a - b);
}

/** Each of `xs` as the index of the same line in `into`. */
function indexes(xs: readonly number[], into: readonly number[]): number[] {
  return xs.map((x) => {
    let best = 0;
    for (let i = 1; i < into.length; i++) if (Math.abs(into[i]! - x) < Math.abs(into[best]! - x)) best = i;
    return best;
  });
}

/** A row's cells as text keys; covered positions marked so a merged header must recur merged alike. */
function rowKey(regions: readonly Region[], row: number): string | null {
  const cells = regions.filter((r) => r.row === row).sort((a, b) => a.col - b.col);
  if (cells.length === 0 || cells.every((c) => c.text.trim() === '')) return null;
  return cells.map((c) => `${c.col}+${c.colspan}:${c.text.replace(/\s+/g, '')}`).join('|');
}

/**
 * How many leading rows of the continuation repeat the table's first rows (its header). The fewest that
 * match and end cleanly: a header row is often followed by a first body row (a section title) that could
 * match too, while a two-row header has cells merged down across its rows and so cannot end after one.
 */
function repeatedHeader(table: readonly Region[], next: readonly Region[], rows: number): number {
  // OCR reads the same printed header differently on each page (bold text reads worst): alike is enough.
  const scanned = next.some((r) => r.box);
  for (let k = 1; k <= Math.min(MAX_HEADER_ROWS, rows); k++) {
    const key = rowKey(next, k - 1);
    const was = rowKey(table, k - 1);
    if (key === null || was === null || (key !== was && !(scanned && alike(key, was)))) return 0;
    // A cell reaching from these rows into the next means the header goes on.
    if (!next.some((r) => r.row < k && r.row + r.rowspan > k)) return k;
  }
  return 0;
}

/** Two row keys with the same cells whose texts, taken together, share at least 60% of their characters. */
function alike(a: string, b: string): boolean {
  const split = (k: string) => k.split('|').map((c) => [c.slice(0, c.indexOf(':')), c.slice(c.indexOf(':') + 1)]);
  const xs = split(a);
  const ys = split(b);
  if (xs.length !== ys.length || xs.some((x, i) => x[0] !== ys[i]![0])) return false;
  const tx = [...xs.map((x) => x[1]).join('')];
  const pool = [...ys.map((y) => y[1]).join('')];
  const total = tx.length + pool.length;
  let shared = 0;
  for (const c of tx) {
    const j = pool.indexOf(c);
    if (j >= 0) {
      shared++;
      pool.splice(j, 1);
    }
  }
  return total > 0 && (2 * shared) / total >= 0.6;
}

/**
 * How a cell at the top of the continuation relates to the cell above it, across the page break: it goes
 * on with the text cut there (the cell above was full to its edges and this does not open a new item),
 * it is empty (the cell above is complete, or merged on down), or it starts something new. A cell of the
 * last row must be full to its bottom too; a merged cell from higher up need not (writers break those
 * unevenly), but only text that ran to its right edge goes on.
 */
function seamWay(a: Region, b: Region, last: number): 'continue' | 'empty' | 'new' {
  const at = a.text.replace(/\s+/g, '');
  const bt = b.text.replace(/\s+/g, '');
  if (bt === '') return 'empty';
  if (at === '' || at === bt || LABEL.test(bt)) return 'new';
  return a.full && (a.low || a.row < last) ? 'continue' : 'new';
}
